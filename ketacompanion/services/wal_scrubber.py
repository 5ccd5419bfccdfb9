"""When the journal's WAL is emptied, so removed words leave it soon and saves stay quick.

A save puts its pages (and the earlier versions of them) in the WAL file; only a
checkpoint takes them out (see storage/wal_scrub.py). A save followed by a
checkpoint was measured at p50 17.5 / p95 28.5 ms at 10,000 sessions, over the
20 ms a note save may take (issue 18), so the checkpoint waits for a quiet moment:

- an explicit delete (a session, a voice note): at once, by the repository itself;
- any other save (a note left or edited, a transcript corrected or heard again, a
  mark): :data:`SETTLE_S` after the saves stop, and never later than :data:`MOST_S`
  after the first of them, even while saves go on;
- at once when the app stops being the active one (another window, the screen
  locker, a minimise), when the system is about to sleep (Linux: logind's
  PrepareForSleep, best effort: without a delay lock the machine may sleep first),
  and when the journal is locked or the app quits (Database.close).

A checkpoint never waits for another connection: BUSY (a worker reading) or FAILED
(a full disk) is logged and tried again after :data:`RETRY_S`; the WAL keeps every
saved word meanwhile, and nothing is shown to the person. Time is a parameter
(``now``): the timer only says when to call :meth:`WalScrubber.tick`.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Slot

from ketacompanion.storage.wal_scrub import Scrub

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

SETTLE_S = 2.0  # typing (or a run of saves) has settled
MOST_S = 30.0  # at the latest after the first unscrubbed save, however saves go on
RETRY_S = (1.0, 2.0, 5.0, 15.0, 60.0)  # after BUSY or FAILED; the last one repeats

_LOGIND = "org.freedesktop.login1"


class Scrubbable(Protocol):
    """What the scrubber needs of the journal (storage.database.Database)."""

    @property
    def wal_unscrubbed(self) -> bool: ...  # noqa: D102

    def scrub_wal(self, wait_ms: int = 0) -> Scrub: ...  # noqa: D102

    def on_write(self, listener: Callable[[], None] | None) -> None: ...  # noqa: D102


class WalScrubber(QObject):
    """Empties the journal's WAL once saves settle, when the app steps back, and on retry.

    Args:
        database: The open journal; its commits call :meth:`written`.
        now: Seconds on a monotonic clock (tests pass a fake one).
        parent: The Qt parent.
    """

    def __init__(self, database: Scrubbable, now: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db, self._now = database, now
        self._first: float | None = None  # the first save not yet scrubbed
        self._last: float | None = None  # the latest save
        self._retry_at: float | None = None  # after a BUSY or FAILED attempt
        self._failures = 0
        self._stopped = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.tick)
        database.on_write(self.written)
        if database.wal_unscrubbed:  # left by a crash, or a close that could not empty it
            self.written()

    def due(self) -> float | None:
        """When (on ``now``'s clock) the next attempt is; None when nothing waits."""
        if self._retry_at is not None:
            return self._retry_at
        if self._first is None or self._last is None:
            return None
        return min(self._last + SETTLE_S, self._first + MOST_S)

    def written(self) -> None:
        """A save was committed: scrub once saves settle."""
        moment = self._now()
        if self._first is None:
            self._first = moment
        self._last = moment
        self._arm()

    def tick(self) -> Scrub | None:
        """Scrub if it is due (the timer's call); the result, or None if nothing was tried."""
        due = self.due()
        if due is None or self._stopped or not self._db.wal_unscrubbed:
            self._settled()
            return None
        if self._now() < due:
            self._arm()
            return None
        return self._attempt()

    def scrub_now(self) -> Scrub | None:
        """Scrub at once if anything waits (the app stepped back, the system sleeps)."""
        if self._stopped or not self._db.wal_unscrubbed:
            self._settled()
            return None
        return self._attempt()

    def stop(self) -> None:
        """Stop listening and timing for good (the journal is closing; its close scrubs)."""
        self._stopped = True
        self._db.on_write(None)
        self._settled()

    @Slot(Qt.ApplicationState)
    def application_state(self, state: Qt.ApplicationState) -> None:
        """The app stopped being the active one (or was hidden): scrub now."""
        if state != Qt.ApplicationState.ApplicationActive:
            self.scrub_now()

    @Slot(bool)
    def prepare_for_sleep(self, going: bool) -> None:
        """Logind's PrepareForSleep: ``going`` is True just before the system sleeps."""
        if going:
            self.scrub_now()

    def watch_sleep(self, bus: QDBusConnection | None = None) -> bool:
        """Listen for the system going to sleep (Linux, logind); False where it cannot.

        QtDBus loads here, after the first frame (the app calls this later).

        Args:
            bus: The system bus (tests pass a private one).
        """
        if bus is None and not sys.platform.startswith("linux"):
            return False
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection

        bus = bus if bus is not None else QDBusConnection.systemBus()
        if not bus.isConnected() or not bus.connect(  # type: ignore[call-overload]
                # PySide6's stub says bytes; the binding itself takes only the str SLOT gives.
                _LOGIND, "/org/freedesktop/login1", f"{_LOGIND}.Manager", "PrepareForSleep",
                self, SLOT("prepare_for_sleep(bool)")):
            log.info("no system bus to hear of sleep; the WAL is scrubbed as saves settle")
            return False
        return True

    def timer_ms(self) -> int | None:
        """The timer's wait in ms while it runs (for tests and logs), else None."""
        return self._timer.interval() if self._timer.isActive() else None

    def _attempt(self) -> Scrub:
        result = self._db.scrub_wal()
        if result is Scrub.DONE:
            self._settled()
            return result
        wait = RETRY_S[min(self._failures, len(RETRY_S) - 1)]
        self._failures += 1
        self._retry_at = self._now() + wait
        log.info("WAL scrub %s; tried again in %.0f s", result.value, wait)
        self._arm()
        return result

    def _settled(self) -> None:
        self._first = self._last = self._retry_at = None
        self._failures = 0
        self._timer.stop()

    def _arm(self) -> None:
        due = self.due()
        if due is None:
            self._timer.stop()
            return
        self._timer.start(max(0, round((due - self._now()) * 1000)))
