"""Reading tags off the UI thread: folders of thousands of files stay responsive.

A :class:`TagScanner` runs one job at a time on a QThreadPool: it expands folders,
reads each file's tags (mutagen), and reports progress about ten times a second
through queued signals, so the window keeps painting. Cancelling stops it between
files and nothing is added.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ketacompanion.core.models import FileItem
from ketacompanion.core.tags import audio_files, is_audio_name, read_tags

_PROGRESS_INTERVAL_S = 0.1


@dataclass
class ScanResult:
    """Files that can be added, and those left out with a reason."""

    items: list[FileItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    problems: dict[str, str] = field(default_factory=dict)  # path -> reason, when kept
    cancelled: bool = False


class _Signals(QObject):
    progress = Signal(int, int)  # done, total (0 while folders are still being listed)
    finished = Signal(object)  # ScanResult


class _ScanJob(QRunnable):
    def __init__(self, paths: list[str], signals: _Signals, stop: threading.Event,
                 keep_problems: bool) -> None:
        super().__init__()
        self._paths = paths
        self._keep = keep_problems
        self._signals = signals
        self._stop = stop

    def run(self) -> None:
        result = ScanResult()
        files: list[Path] = []
        for raw in self._paths:
            path = Path(raw)
            if self._keep:
                files.append(path)
            elif path.is_dir():
                files.extend(audio_files(path, self._stop.is_set))
            elif is_audio_name(path):
                files.append(path)
            else:
                result.skipped.append((path.name, "not an audio file"))
        last = 0.0
        for done, path in enumerate(files):
            if self._stop.is_set():
                break
            info = read_tags(path)
            if info.problem and self._keep:
                result.problems[str(path)] = info.problem
            if info.problem and not self._keep:
                result.skipped.append((path.name, info.problem))
            else:
                result.items.append(info.item)
            now = time.monotonic()
            if now - last >= _PROGRESS_INTERVAL_S:
                last = now
                self._signals.progress.emit(done + 1, len(files))
        result.cancelled = self._stop.is_set()
        self._signals.progress.emit(len(files), len(files))
        self._signals.finished.emit(result)


class TagScanner(QObject):
    """Scans files and folders in the background; one scan at a time.

    Signals:
        progress(done, total): Files read so far.
        finished(ScanResult): The scan ended (``cancelled`` tells whether it was stopped).
    """

    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._stop: threading.Event | None = None
        self._signals: _Signals | None = None

    def busy(self) -> bool:
        """Whether a scan is running."""
        return self._stop is not None

    def scan(self, paths: list[str], keep_problems: bool = False) -> bool:
        """Start scanning ``paths``; False if a scan is already running.

        Args:
            paths: Files and folders (folders are searched for audio files).
            keep_problems: Keep every path, in order, as an item even when it is
                missing or unreadable (its reason goes to ``problems``); for imports.
        """
        if self.busy():
            return False
        self._stop = threading.Event()
        # The signals object lives in this (the UI) thread, so its emits from the
        # worker arrive here queued; as our child it is deleted here, never there.
        self._signals = _Signals(self)
        self._signals.progress.connect(self.progress)
        self._signals.finished.connect(self._done)
        self._pool.start(_ScanJob(list(paths), self._signals, self._stop, keep_problems))
        return True

    def cancel(self) -> None:
        """Ask the running scan to stop; ``finished`` still arrives, marked cancelled."""
        if self._stop is not None:
            self._stop.set()

    def wait(self, msecs: int = 5000) -> bool:
        """Block until background work is done (for shutdown)."""
        return self._pool.waitForDone(msecs)

    def _done(self, result: ScanResult) -> None:
        self._stop = None
        if self._signals is not None:
            self._signals.deleteLater()
            self._signals = None
        self.finished.emit(result)
