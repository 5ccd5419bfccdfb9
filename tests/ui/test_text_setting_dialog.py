"""The "edit text" dialog's box is no keyboard trap: Tab moves to the buttons, typing no tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from ketacompanion.ui.text_setting_dialog import TextSettingDialog


def _dialog(qtbot) -> tuple[TextSettingDialog, list[str]]:
    saved: list[str] = []
    dialog = TextSettingDialog("Questions after a session", "One per line",
                               "What did you see?", "What did you feel?", saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.editor.setFocus()
    qtbot.waitUntil(dialog.editor.hasFocus)
    return dialog, saved


def test_tab_moves_from_the_text_to_the_buttons(qtbot):
    dialog, _saved = _dialog(qtbot)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused.text() == "Use the usual text"
    assert dialog.editor.toPlainText() == "What did you see?"  # no tab character typed


def test_shift_tab_moves_back_and_the_text_saves_untouched(qtbot):
    dialog, saved = _dialog(qtbot)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not dialog.editor
    dialog.findChild(QPushButton, "primary").click()
    assert saved == ["What did you see?"]
