"""The note's text box is no keyboard trap: Tab moves on to "Done, go to the journal"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ketacompanion.app import Companion
from tests.builders import add_session


def _open_note(companion: Companion, qtbot) -> QPlainTextEdit:
    sid = add_session(companion.database)
    page = companion.notes.note_page
    companion.window.show()
    page.open_session(int(sid))
    companion.window.activateWindow()
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    qtbot.keyClicks(editor, "purple light")
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def test_tab_moves_from_the_note_to_done(qtbot, companion):
    editor = _open_note(companion, qtbot)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not editor and focused.accessibleName() == "Done, go to the journal"
    assert editor.toPlainText() == "purple light"  # no tab character typed


def test_shift_tab_moves_back_from_the_note(qtbot, companion):
    editor = _open_note(companion, qtbot)
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not editor
    assert editor.toPlainText() == "purple light"


def test_typing_in_a_reopened_note_goes_on_after_what_is_there(qtbot, companion):
    sid = add_session(companion.database)
    companion.notes.journal.save_note(sid, "A grey velvet drape.")
    page = companion.notes.note_page
    companion.window.show()
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    qtbot.keyClicks(editor, " Then warmth.")
    # The cursor used to sit at the start, so new words landed before the old ones.
    assert editor.toPlainText() == "A grey velvet drape. Then warmth."
