"""A second start on the same data folder brings the open window forward.

The second start leaves an empty request file in the data folder (private, 0600);
the first watches the folder and, when the file appears, takes it away and brings
its window to the front. Nothing leaves the data folder: no socket, no network.
The second knows it was heard when the file is gone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QFileSystemWatcher, QObject, QTimer

log = logging.getLogger(__name__)

REQUEST_NAME = "bring-forward.request"


class ForwardWatcher(QObject):
    """In the first window: brings it forward when a second start asks.

    Args:
        folder: The data folder (the one the lock is in).
        bring_forward: Brings the app's window (or calm mode) to the front.
    """

    def __init__(self, folder: Path, bring_forward: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._request = folder / REQUEST_NAME
        self._bring_forward = bring_forward
        self._request.unlink(missing_ok=True)  # left by an earlier run: nobody asks now
        self._watcher = QFileSystemWatcher([str(folder)], self)
        self._watcher.directoryChanged.connect(self._changed)
        log.info("a second start will bring this window forward")

    def _changed(self, _folder: str) -> None:
        try:
            self._request.unlink()
        except FileNotFoundError:
            return  # another change in the folder (the settings saved, a lock renewed)
        except OSError as exc:
            log.warning("a second start's request could not be taken: %s", exc)
            return
        log.info("a second start asked for the window: bringing it forward")
        self._bring_forward()


def ask_open_window_forward(folder: Path, wait_ms: int = 1500) -> bool:
    """Ask the ketacompanion that has ``folder`` open to bring its window forward.

    Returns:
        True if it took the request within ``wait_ms`` (its window is in front).
    """
    request = folder / REQUEST_NAME
    try:
        os.close(os.open(request, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    except OSError as exc:
        log.warning("could not ask the open window to come forward: %s", exc)
        return False
    loop = QEventLoop()
    watcher = QFileSystemWatcher([str(folder)])
    watcher.directoryChanged.connect(lambda _f: None if request.exists() else loop.quit())
    QTimer.singleShot(wait_ms, loop.quit)
    if request.exists():  # it may have been taken before the watcher was there
        loop.exec()
    answered = not request.exists()
    if not answered:
        request.unlink(missing_ok=True)  # nobody took it: leave nothing behind
    return answered
