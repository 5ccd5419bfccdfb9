"""Logging to a private rotating file, and a safety net for exceptions in Qt slots.

Logs hold events and errors with their context, never note text: callers log ids
and sizes, not content.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ketacompanion.paths import make_private

LOG_FILE = "ketacompanion.log"
_HANDLER_NAME = "ketacompanion-file"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the app's log records to ``log_dir/ketacompanion.log`` (1 MB x 4, 0600).

    Safe to call twice (e.g. in tests): the previous file handler is replaced.

    Returns:
        The log file's path.
    """
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(path, max_bytes=1_000_000, backup_count=3)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)
    make_private(path)
    return path


class _PrivateRotatingFileHandler(logging.FileHandler):
    """A size-rotating log file (like ``logging.handlers.RotatingFileHandler``), each file 0600.

    Written on ``logging.FileHandler`` rather than the standard rotating handler
    because importing ``logging.handlers`` also imports socket, pickle, queue and
    selectors, about 6 ms of the GUI's start-up for a handler that needs none of them.

    Args:
        path: The log file; its backups are ``path.1`` (newest) to ``path.<backup_count>``.
        max_bytes: Roll over before a record would make the file this large.
        backup_count: How many old files to keep.
    """

    def __init__(self, path: Path, max_bytes: int, backup_count: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backup_count = backup_count

    def emit(self, record: logging.LogRecord) -> None:
        """Write ``record``, first rolling over if it would overfill the file."""
        try:
            if self._should_roll_over(record):
                self._roll_over()
            super().emit(record)
        except Exception:  # logging's own rule: report, never raise
            self.handleError(record)

    def _open(self):  # logging's own signature, untyped
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

    def _should_roll_over(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        message = f"{self.format(record)}{self.terminator}"
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() + len(message) >= self.max_bytes

    def _roll_over(self) -> None:
        """Shift ``log.1`` .. ``log.<n-1>`` up by one, the current file to ``log.1``; reopen."""
        if self.stream:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backup_count - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        if self.backup_count > 0 and os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


Notifier = Callable[[str], None]


class ExceptionGuard:
    """Replaces ``sys.excepthook`` so a bug in a slot is logged and shown quietly.

    PySide6 reports exceptions escaping a slot through ``sys.excepthook`` and then
    carries on; this hook makes that visible in the log and as a non-modal notice
    instead of a traceback on a console nobody reads.

    Args:
        notify: Shows a short, calm message to the person.
    """

    def __init__(self, notify: Notifier) -> None:
        self._notify = notify
        self._previous = sys.excepthook

    def install(self) -> None:
        """Start catching."""
        sys.excepthook = self._hook

    def uninstall(self) -> None:
        """Restore the previous hook."""
        if sys.excepthook == self._hook:
            sys.excepthook = self._previous

    def _hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        logging.getLogger("ketacompanion.unhandled").error(
            "unhandled exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb))
        )
        try:
            self._notify("Something went wrong in the background. It has been noted; "
                         "you can carry on.")
        except Exception:  # the safety net itself must never raise
            logging.getLogger("ketacompanion.unhandled").exception("notice failed")
