"""Voice takes removed by the person, kept until the app closes so Remove can be undone.

Like session deletion: a removed take disappears from every list at once, but
its row and FLAC file are only deleted when the app closes (:meth:`TakeBin.purge`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from ketacompanion.core.records import VoiceTake
from ketacompanion.services.takes import TakeStore

log = logging.getLogger(__name__)


class TakeBin(QObject):
    """Takes awaiting deletion, newest removal last.

    Args:
        store: Deletes takes (row and file) for real at :meth:`purge`.
    """

    changed = Signal()

    def __init__(self, store: TakeStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._ids: list[int] = []

    @property
    def hidden(self) -> frozenset[int]:
        """Ids of the takes removed (undo still possible)."""
        return frozenset(self._ids)

    def visible(self, takes: Iterable[VoiceTake]) -> list[VoiceTake]:
        """``takes`` without the removed ones."""
        return [t for t in takes if t.id not in self._ids]

    def remove(self, take_id: int) -> None:
        """Hide a take now; it is deleted when the app closes."""
        if take_id not in self._ids:
            self._ids.append(take_id)
            log.info("voice take %d removed (undo possible)", take_id)
            self.changed.emit()

    def restore(self, take_id: int | None = None) -> int | None:
        """Bring back ``take_id`` (or the last one removed); returns its id."""
        if not self._ids:
            return None
        if take_id is None:
            take_id = self._ids[-1]
        if take_id not in self._ids:
            return None
        self._ids.remove(take_id)
        log.info("removal of voice take %d undone", take_id)
        self.changed.emit()
        return take_id

    def purge(self) -> None:
        """Delete the removed takes for real (rows and files), at app close."""
        for take_id in self._ids:
            try:
                self._store.delete(take_id)
            except OSError as exc:
                log.error("voice take %d not deleted: %s", take_id, exc)
        self._ids.clear()
