"""A calm dialog to edit a piece of the person's own text: the questions, the crisis line.

Nothing is saved until "Save" is pressed; "Use the usual text" fills in the
default without saving, so the person can still cancel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TextSettingDialog(QDialog):
    """Edit one text; ``save`` is called with the new text when the person saves.

    Args:
        title: Window title and heading.
        explanation: One line under the heading.
        text: The current text.
        default: What "Use the usual text" puts back.
        save: Called with the edited text on Save.
    """

    def __init__(
        self, title: str, explanation: str, text: str, default: str,
        save: Callable[[str], None], parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("textSettingDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._default, self._save = default, save
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(QLabel(title, objectName="cardTitle"))
        hint = QLabel(explanation, objectName="cardBody")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QPlainTextEdit(objectName="settingEditor")
        self.editor.setAccessibleName(title)
        self.editor.setPlainText(text)
        self.editor.setMinimumHeight(180)
        # Tab moves on to the buttons instead of typing a tab (no keyboard trap).
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor)
        buttons = QHBoxLayout()
        usual = QPushButton("Use the usual text", objectName="quietButton")
        usual.setAccessibleName("Put back the usual text")
        usual.clicked.connect(lambda: self.editor.setPlainText(self._default))
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel, keep it as it was")
        cancel.clicked.connect(self.reject)
        save_button = QPushButton("Save", objectName="primary")
        save_button.setAccessibleName("Save")
        save_button.setDefault(True)
        save_button.clicked.connect(self._on_save)
        buttons.addWidget(usual)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save_button)
        layout.addLayout(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def _on_save(self) -> None:
        self._save(self.editor.toPlainText().strip())
        self.accept()


def prompts_from_text(text: str) -> list[str]:
    """One question per non-empty line, list bullets removed."""
    lines = (line.strip().lstrip("·•-*").strip() for line in text.splitlines())
    return [line for line in lines if line]
