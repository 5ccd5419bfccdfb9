from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from calm_rig import Rig, make_rig
from PySide6.QtWidgets import QApplication

from ketacompanion.app import Companion, build
from ketacompanion.qt_compat import guard_signal_refcount_leak


@pytest.fixture
def companion(qtbot, data_dir: Path) -> Iterator[Companion]:
    """The whole app, built as app.py builds it, on a temp data folder."""
    built = build(QApplication.instance(), data_dir)
    qtbot.addWidget(built.window)
    yield built
    built.close()


@pytest.fixture
def rig(qtbot, tmp_path: Path) -> Iterator[Rig]:
    """The calm-mode rig (calm_rig.py) with its session started."""
    guard_signal_refcount_leak()  # as the app installs it
    made = make_rig(qtbot, tmp_path)
    made.page.start()
    yield made
    made.close()
