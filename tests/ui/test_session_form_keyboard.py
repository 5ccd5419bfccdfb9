"""The Session page's intention box is no keyboard trap: Tab moves on, typing no tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ketacompanion.app import Companion


def _intention(companion: Companion, qtbot) -> QPlainTextEdit:
    companion.window.show()
    companion.window.show_page("session")
    companion.window.activateWindow()
    box = companion.window.findChild(QPlainTextEdit, "intention")
    assert box is not None
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "Let go")
    return box


def test_tab_moves_on_from_the_intention(qtbot, companion):
    box = _intention(companion, qtbot)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in (None, box)
    assert box.toPlainText() == "Let go"  # no tab character typed


def test_shift_tab_moves_back_from_the_intention(qtbot, companion):
    box = _intention(companion, qtbot)
    qtbot.keyClick(box, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() not in (None, box)
    assert box.toPlainText() == "Let go"
