"""Decoding every file of the open playlist off the UI thread, to flag rows that will not play.

The cheap check in the table model (a stat per file) finds missing files at once;
this deep check decodes each present file to its end, the way the player will, and
so also finds damaged files and files that only look like audio. It runs in one
worker thread, a new request cancels the one before, and results are remembered by
path, size and modification time, so editing a playlist re-decodes only what is new.

The decoding itself is a callable handed in by app.py (only audio/ may import
pygame and the decoders), which keeps this module free of audio imports.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

#: Decodes ``paths`` and returns {path: why it will not play}; stops early when asked.
FileCheck = Callable[[list[str], Callable[[], bool]], dict[str, str]]

_Stamp = tuple[int, int]  # (size, mtime_ns): a file changed when either changes


class DecodeChecker(QObject):
    """Runs a :data:`FileCheck` in a worker thread, one request at a time.

    Args:
        check: The deep check; None when decoding is not available (then nothing runs).

    Signals:
        checked(dict): {path: problem} found by a finished check (empty: all played).
        running(bool): A check started (True) or ended, finished or cancelled (False).
    """

    checked = Signal(dict)
    running = Signal(bool)
    _finished = Signal(int, dict, dict)  # request number, stamps checked, problems found

    def __init__(self, check: FileCheck | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._known: dict[str, tuple[_Stamp, str | None]] = {}
        self._request = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Emitted from the worker; delivered queued to this object's (the UI) thread.
        self._finished.connect(self._take)

    def known_problems(self, paths: list[str]) -> dict[str, str]:
        """Problems already found for ``paths`` whose files have not changed since."""
        found = {}
        for path in paths:
            entry = self._known.get(path)
            if entry is not None and entry[1] and entry[0] == _stamp(path):
                found[path] = entry[1]
        return found

    def check(self, paths: list[str], *, recheck: bool = True) -> bool:
        """Decode the files of ``paths`` not yet checked; True if a check started.

        With ``recheck`` a file decoded before is looked at again (a stat each) and
        decoded again if it changed; without, as after an edit, only files never
        decoded are, so an edit of a long playlist does not stat every file.
        """
        self.cancel()
        if self._check is None:
            return False
        wanted = dict.fromkeys(paths)
        if not recheck:
            wanted = {path: None for path in wanted if path not in self._known}
        stamps: dict[str, _Stamp] = {}
        for path in wanted:
            stamp = _stamp(path)
            known = self._known.get(path)
            if stamp is not None and (known is None or known[0] != stamp):
                stamps[path] = stamp
        if not stamps:
            return False
        self._request += 1
        request, check, stop = self._request, self._check, threading.Event()
        self._stop = stop

        def work() -> None:
            try:
                problems = check(list(stamps), stop.is_set)
            except Exception:  # a bug in a decoder must not take the window down
                log.exception("decoding check failed")
                problems = None
            if problems is not None and not stop.is_set():
                try:
                    self._finished.emit(request, stamps, problems)
                except RuntimeError:  # the page was closed meanwhile: nobody to tell
                    pass

        self._thread = threading.Thread(target=work, name="decode-check", daemon=True)
        self._thread.start()
        self.running.emit(True)
        return True

    def busy(self) -> bool:
        """Whether a check is running."""
        return self._thread is not None

    def cancel(self, wait_s: float = 0.0) -> None:
        """Stop the running check (its result is dropped); wait up to ``wait_s`` for it."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(wait_s)
            self.running.emit(False)

    def _take(self, request: int, stamps: dict[str, _Stamp], problems: dict[str, str]) -> None:
        if request != self._request:
            return  # a newer request replaced this one
        for path, stamp in stamps.items():
            self._known[path] = (stamp, problems.get(path))
        self._thread = None
        self.running.emit(False)
        self.checked.emit({path: problems[path] for path in stamps if path in problems})


def _stamp(path: str) -> _Stamp | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size, info.st_mtime_ns
