"""Removing one voice take: ask first, then hide it with an Undo until the app closes."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ketacompanion.services.take_bin import TakeBin


class TakeRemovalBar(QFrame):
    """Confirms a removal and then offers Undo in a quiet bar (hidden when idle).

    Args:
        takes: The shared bin of removed takes.
    """

    def __init__(self, takes: TakeBin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._bin = takes
        self._last: int | None = None
        layout = QHBoxLayout(self)
        self._text = QLabel(objectName="bannerText")
        undo = QPushButton("Undo", objectName="quietButton")
        undo.setAccessibleName("Undo removing the voice note")
        undo.clicked.connect(self.undo)
        layout.addWidget(self._text, 1)
        layout.addWidget(undo)
        self.hide()

    def request(self, take_id: int) -> bool:
        """Ask, then remove ``take_id``; True if it was removed."""
        answer = QMessageBox.question(
            self.window(), "Remove this voice note?",
            "This voice note will be removed from the journal. "
            "You can undo this until you close the app.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._bin.remove(take_id)
        self._last = take_id
        self._text.setText("Voice note removed.")
        self.show()
        return True

    def undo(self) -> None:
        """Bring the last removed take back."""
        if self._last is not None:
            self._bin.restore(self._last)
            self._last = None
        self.hide()
