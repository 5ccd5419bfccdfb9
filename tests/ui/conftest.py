from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ketacompanion.app import Companion, build


@pytest.fixture
def companion(qtbot, data_dir: Path) -> Iterator[Companion]:
    """The whole app, built as app.py builds it, on a temp data folder."""
    built = build(QApplication.instance(), data_dir)
    qtbot.addWidget(built.window)
    yield built
    built.close()
