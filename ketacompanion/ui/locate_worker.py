"""Locating moved music off the UI thread: a big music folder takes a while to walk.

One search at a time runs in a worker thread; it reports how many folders it has
looked in (at most ten times a second) and can be stopped between folders. The
answer is a mapping from old paths to found ones, so it applies cleanly to the
playlist as it is when the search ends, even if rows were edited meanwhile.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal

from ketacompanion.core.models import FileItem, PlaylistItem

_PROGRESS_INTERVAL_S = 0.1


class LocateWorker(QObject):
    """Searches a folder for the missing files of a playlist, in the background.

    Signals:
        progress(int): Folders searched so far.
        finished(object): {old path: new path} found, or None if the search was stopped.
    """

    progress = Signal(int)
    finished = Signal(object)
    _found = Signal(object)  # from the worker thread; queued to this object's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop: threading.Event | None = None
        self._found.connect(self._done)

    def busy(self) -> bool:
        """Whether a search is running."""
        return self._stop is not None

    def start(self, items: list[PlaylistItem], folder: str) -> bool:
        """Look under ``folder`` for the missing files of ``items``; False if already busy."""
        if self.busy():
            return False
        # Imported on use (here, not in the worker): the search code stays out of start-up.
        from ketacompanion.core.relocate import locate_missing

        stop = self._stop = threading.Event()
        snapshot = list(items)
        last = [0.0]

        def report(searched: int) -> None:
            now = time.monotonic()
            if now - last[0] >= _PROGRESS_INTERVAL_S:
                last[0] = now
                self.progress.emit(searched)

        def work() -> None:
            result = locate_missing(snapshot, folder, should_stop=stop.is_set, progress=report)
            moves = None
            if result is not None and not stop.is_set():
                moves = {old.path: new.path for old, new in zip(snapshot, result.items,
                                                                 strict=True)
                         if isinstance(old, FileItem) and isinstance(new, FileItem)
                         and old.path != new.path}
            try:
                self._found.emit(moves)
            except RuntimeError:  # the page was closed meanwhile
                pass

        threading.Thread(target=work, name="locate-missing", daemon=True).start()
        return True

    def cancel(self) -> None:
        """Stop the search; ``finished`` still arrives, with None."""
        if self._stop is not None:
            self._stop.set()

    def _done(self, moves: dict[str, str] | None) -> None:
        stopped = self._stop is None or self._stop.is_set()
        self._stop = None
        self.finished.emit(None if stopped else moves)
