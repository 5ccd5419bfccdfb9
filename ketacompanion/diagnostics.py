"""Logging to a private rotating file, and a safety net for exceptions in Qt slots.

Logs hold events and errors with their context, never note text: callers log ids
and sizes, not content.
"""

from __future__ import annotations

import logging
import logging.handlers
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
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)
    make_private(path)
    return path


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates each log file 0600, including the fresh one opened after a rollover."""

    def _open(self):  # logging's own signature, untyped
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


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
        except Exception:  # noqa: BLE001 - the safety net itself must never raise
            logging.getLogger("ketacompanion.unhandled").exception("notice failed")
