"""Command-line tests run ``main()`` in this process, beside the Qt tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _widgets_application(qapp):
    """Make the process's one Qt application a QApplication before any command runs.

    ``export`` starts a QGuiApplication when none exists (a PDF needs fonts, not
    windows). Made first inside the test process, it would be the only application
    pytest-qt can have, and the next test that builds a widget aborts the process.
    """
    return qapp
