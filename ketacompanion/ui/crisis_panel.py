"""Where to find help, one step away: a quiet link that opens the words in place.

The words are the national line the person picked (core/crisis_lines.py), their own
text, or, by default, local emergency services. Shown in place, never in a pop-up:
nothing jumps at a person who is struggling. The same panel sits at the top of the
Journal, on the note page and on the recovery screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.crisis_lines import CRISIS_LINES, LOCAL, OWN, crisis_text
from ketacompanion.settings import USER_SETTINGS, SettingsFile
from ketacompanion.ui.text_setting_dialog import TextSettingDialog


@dataclass
class CrisisWords:
    """The person's choice of crisis line, kept in their settings.

    Before a choice was ever made, words the person already wrote are theirs
    (shown as "My own words"); otherwise local emergency services.
    """

    settings: SettingsFile

    def key(self) -> str:
        """The chosen line's key, :data:`OWN` or :data:`LOCAL`."""
        chosen = str(self.settings.get("crisis_line"))
        if chosen != "auto":
            return chosen
        written = str(self.settings.get("crisis_text"))
        return OWN if written != USER_SETTINGS["crisis_text"].default else LOCAL

    def set_key(self, key: str) -> None:
        """Choose a line (or :data:`OWN`)."""
        self.settings.set("crisis_line", key)

    def own(self) -> str:
        """The person's own words."""
        return str(self.settings.get("crisis_text"))

    def set_own(self, text: str) -> None:
        """Keep the person's own words, and show them from now on."""
        self.settings.set("crisis_text", text or str(USER_SETTINGS["crisis_text"].default))
        self.set_key(OWN)

    def text(self) -> str:
        """The words to show now."""
        return crisis_text(self.key(), self.own())


class CrisisPanel(QWidget):
    """"If you are struggling": opens the words in large type, with the choice of line.

    Args:
        words: The person's choice (None: only the default words, nothing to change).
        choose: Offer the choice of line and the editor (not on the recovery screen,
            where one large control is all a person in an altered state should meet).
    """

    def __init__(self, words: CrisisWords | None, choose: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crisisPanel")
        self._words = words
        self._choose = choose and words is not None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.link = QPushButton("If you are struggling", objectName="crisisLink")
        self.link.setAccessibleName("If you are struggling: where to find help")
        self.link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.link.clicked.connect(self.toggle)
        layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignLeft)
        self.text = QLabel(objectName="crisisText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.country = QComboBox(objectName="crisisCountry")
        self.country.setAccessibleName("Which crisis line to show")
        for line in CRISIS_LINES:
            self.country.addItem(line.country, line.key)
        self.country.addItem("My own words", OWN)
        self.country.activated.connect(self._country_chosen)
        self.edit = QPushButton("Change this text", objectName="quietButton")
        self.edit.setAccessibleName("Change the crisis-line text")
        self.edit.clicked.connect(self.edit_text)
        row.addWidget(self.country)
        row.addWidget(self.edit)
        row.addStretch(1)
        self._controls = QWidget()
        self._controls.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._controls)
        self.text.hide()
        self._controls.hide()

    def open(self) -> None:
        """Show the words (and the choice of line) in place."""
        self._refresh()
        self.text.show()
        self._controls.setVisible(self._choose)

    def toggle(self) -> None:
        """Open, or fold away again."""
        if self.text.isHidden():
            self.open()
        else:
            self.text.hide()
            self._controls.hide()

    def edit_text(self) -> TextSettingDialog:
        """Open the editor for the person's own words (window-modal, not blocking)."""
        dialog = TextSettingDialog(
            "Where to find help", "For example your country's crisis line, your clinic's "
            "number, or someone you trust. It is shown under \"If you are struggling\".",
            self._words.own() if self._words else "",
            str(USER_SETTINGS["crisis_text"].default), self._saved, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _saved(self, text: str) -> None:
        if self._words is not None:
            self._words.set_own(text)
        self._refresh()

    def _country_chosen(self, index: int) -> None:
        if self._words is not None:
            self._words.set_key(str(self.country.itemData(index)))
        self._refresh()

    def _refresh(self) -> None:
        words = self._words.text() if self._words else crisis_text(LOCAL, "")
        self.text.setText(words)
        if self._words is not None:
            self.country.setCurrentIndex(max(0, self.country.findData(self._words.key())))
