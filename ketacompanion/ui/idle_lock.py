"""Lock a protected journal after the laptop is left alone (off unless the person asks).

Any key, click, wheel or mouse move counts as use. It never locks during a
session or while a note is open or being recorded: ``busy`` says so, and time
spent busy counts as use, so a full quiet spell is needed after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

CHECK_MS = 15_000  # a lock a few seconds late is fine; waking up often is not
_USE = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
        QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class IdleLock(QObject):
    """Emits :attr:`idle` once after ``minutes()`` without use, unless ``busy()``.

    Args:
        minutes: The setting, read at each check (0: never).
        busy: True during a session or while a note is open or recorded.
        now: Seconds on a monotonic clock (tests pass a fake one).
    """

    idle = Signal()

    def __init__(self, minutes: Callable[[], int], busy: Callable[[], bool],
                 now: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._minutes, self._busy, self._now = minutes, busy, now
        self._last = now()
        self._fired = False
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.check)

    def start(self, watched: QObject) -> None:
        """Watch ``watched`` (the application) for use, and check now and then."""
        watched.installEventFilter(self)
        self._timer.start()

    def stop(self, watched: QObject) -> None:
        """Stop watching."""
        watched.removeEventFilter(self)
        self._timer.stop()

    def used(self) -> None:
        """The person did something: the quiet spell starts again."""
        self._last = self._now()

    def check(self) -> bool:
        """Emit :attr:`idle` if the quiet spell is long enough; True if it did."""
        minutes = int(self._minutes())
        if minutes <= 0 or self._fired:
            self.used()  # turning it on later starts counting from then
            return False
        if self._busy():
            self.used()
            return False
        if self._now() - self._last < minutes * 60:
            return False
        self._fired = True
        self.idle.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note use; never swallow the event."""
        if event.type() in _USE:
            self._last = self._now()
        return False
