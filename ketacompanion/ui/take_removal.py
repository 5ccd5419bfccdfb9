"""Removing one voice take: ask first, then hide it with an Undo until the app closes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ketacompanion.services.take_bin import TakeBin
from ketacompanion.ui.widgets import UndoBar


class TakeRemovalBar(UndoBar):
    """Confirms a removal and then offers Undo in a quiet bar (hidden when idle).

    Args:
        takes: The shared bin of removed takes.
    """

    def __init__(self, takes: TakeBin, parent: QWidget | None = None) -> None:
        super().__init__("Undo removing the voice note", parent)
        self._bin = takes
        self._last: int | None = None
        self.undo_requested.connect(self.undo)

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
        self.say("Voice note removed.")
        return True

    def undo(self) -> None:
        """Bring the last removed take back."""
        if self._last is not None:
            self._bin.restore(self._last)
            self._last = None
        self.hide()
