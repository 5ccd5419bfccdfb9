"""The gentle integration questions above the note: shown or hidden, and editable."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ketacompanion.settings import DEFAULT_PROMPTS
from ketacompanion.ui.text_setting_dialog import TextSettingDialog, prompts_from_text


class PromptsPanel(QWidget):
    """"Hide the questions" / "Edit questions" and the questions themselves.

    Args:
        prompts: The questions to show.
        save: Stores edited questions (the user's settings); None hides "Edit questions".
    """

    def __init__(self, prompts: Sequence[str], save: Callable[[list[str]], None] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._hidden_by_person = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        row = QHBoxLayout()
        self.toggle = QPushButton("Hide the questions", objectName="quietButton")
        self.toggle.setAccessibleName("Show or hide the integration questions")
        self.toggle.clicked.connect(self._toggle)
        self.edit = QPushButton("Edit questions", objectName="quietButton")
        self.edit.setAccessibleName("Edit the integration questions")
        self.edit.clicked.connect(self.open_editor)
        self.edit.setVisible(save is not None)
        row.addWidget(self.toggle)
        row.addWidget(self.edit)
        row.addStretch(1)
        layout.addLayout(row)
        self.label = QLabel(objectName="prompts")
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.set_prompts(prompts)

    @property
    def prompts(self) -> list[str]:
        """The questions shown."""
        return list(self._prompts)

    def set_prompts(self, prompts: Sequence[str]) -> None:
        """Show these questions (an empty list leaves only "Edit questions")."""
        self._prompts = [p for p in prompts if p.strip()]
        self.label.setText("\n".join(f"·  {p}" for p in self._prompts))
        self.label.setVisible(bool(self._prompts) and not self._hidden_by_person)
        self.toggle.setVisible(bool(self._prompts))

    def open_editor(self) -> TextSettingDialog:
        """Open the editor (window-modal, not blocking); returns it."""
        dialog = TextSettingDialog(
            "Your questions", "One question per line. They are only there to help; "
            "leave them all out if you prefer a blank page.",
            "\n".join(self._prompts), "\n".join(DEFAULT_PROMPTS), self._saved, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _saved(self, text: str) -> None:
        prompts = prompts_from_text(text)
        if self._save is not None:
            self._save(prompts)
        self.set_prompts(prompts)

    def _toggle(self) -> None:
        self._hidden_by_person = not self._hidden_by_person
        self.label.setVisible(bool(self._prompts) and not self._hidden_by_person)
        self.toggle.setText("Show some questions" if self._hidden_by_person
                            else "Hide the questions")
