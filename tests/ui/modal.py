"""Answering a modal message box from a test: the code under test waits on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def when_a_box_shows(act: Callable[[QMessageBox], None]) -> None:
    """Call ``act`` with the next modal message box once it is up.

    Call this first, then the code that shows the box: its own event loop runs
    the look-ups until the box is there.
    """
    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        act(box)
    QTimer.singleShot(0, look)


def press(box: QMessageBox, text: str) -> None:
    """Click the button of ``box`` whose words are ``text``."""
    next(b for b in box.buttons() if b.text() == text).click()
