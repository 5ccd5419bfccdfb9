"""The session clock: monotonic time, cross-checked with the wall clock across sleep.

The infusion goes on while the laptop sleeps, but a monotonic clock (Linux
CLOCK_MONOTONIC, macOS mach time) stops during suspend. The wall clock keeps
counting through suspend but can also jump for other reasons (NTP, a person
changing the time). So the clock advances step by step: each step normally
counts the monotonic difference (smooth and exact); only when the wall clock
has moved clearly further than the monotonic one (more than ``sleep_threshold_s``)
is the step taken as a suspend and the wall difference counted instead. A wall
clock going backwards is ignored, and so is its return: only wall time gained
beyond the furthest the wall clock has been ahead of the monotonic one counts.

Rehearsal runs the same clock faster: with ``scale`` 60, one session minute lasts
one real second.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

REHEARSAL_SCALE = 60.0
SLEEP_THRESHOLD_S = 2.0


class Clock(Protocol):
    """A source of time: a monotonic reading and the wall clock, both in seconds."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes back."""
        ...

    def wall(self) -> float:
        """Seconds since the Unix epoch (may jump)."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def wall(self) -> float:
        """``time.time()``."""
        return time.time()


class FakeClock:
    """A clock tests move by hand; :meth:`suspend` models a laptop asleep.

    Args:
        wall: Wall time to start from (seconds since the epoch).
    """

    def __init__(self, wall: float = 1_750_000_000.0) -> None:
        self._mono = 1000.0
        self._wall = wall

    def monotonic(self) -> float:
        """The fake monotonic reading."""
        return self._mono

    def wall(self) -> float:
        """The fake wall time."""
        return self._wall

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both clocks (the machine is awake)."""
        self._mono += seconds
        self._wall += seconds

    def suspend(self, seconds: float) -> None:
        """Sleep for ``seconds``: the wall clock moves, the monotonic one does not."""
        self._wall += seconds

    def set_wall(self, wall: float) -> None:
        """Jump the wall clock alone (a manual time change)."""
        self._wall = wall


def wall_datetime(clock: Clock) -> datetime:
    """The clock's wall time as an aware UTC datetime."""
    return datetime.fromtimestamp(clock.wall(), UTC)


class SessionClock:
    """Elapsed session time from a start, surviving suspend.

    Args:
        clock: Where time comes from.
        scale: Session seconds per real second (1 normally, 60 in rehearsal).
        sleep_threshold_s: How far the wall clock must run ahead of the monotonic
            clock in one step before the step counts as a suspend.
    """

    def __init__(
        self,
        clock: Clock,
        scale: float = 1.0,
        sleep_threshold_s: float = SLEEP_THRESHOLD_S,
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.clock = clock
        self.scale = float(scale)
        self._threshold = sleep_threshold_s
        self._real_elapsed = 0.0
        self._last_mono = clock.monotonic()
        self._last_wall = clock.wall()
        self._wall_lead = self._last_wall - self._last_mono  # the furthest wall - monotonic
        self.started_wall = self._last_wall
        self.suspended_s = 0.0  # real seconds credited from suspends, for the log

    def start(self) -> None:
        """Start (or restart) counting from now."""
        self.resume_from(self.clock.wall())

    def resume_from(self, started_wall: float) -> None:
        """Count from a start in the past (after a crash): elapsed is wall now - start."""
        self._last_mono = self.clock.monotonic()
        self._last_wall = self.clock.wall()
        self._wall_lead = self._last_wall - self._last_mono
        self.started_wall = started_wall
        self._real_elapsed = max(0.0, self._last_wall - started_wall)
        self.suspended_s = 0.0

    def real_elapsed(self) -> float:
        """Real seconds since the start, suspends included."""
        self._step()
        return self._real_elapsed

    def elapsed(self) -> float:
        """Session seconds since the start (real seconds times ``scale``)."""
        return self.real_elapsed() * self.scale

    def _step(self) -> None:
        mono, wall = self.clock.monotonic(), self.clock.wall()
        d_mono = max(0.0, mono - self._last_mono)
        # Wall time gained on the monotonic clock, beyond its earlier lead: a wall clock
        # set back and then put right again gains nothing.
        gained = (wall - mono) - self._wall_lead
        if gained > self._threshold:
            # The machine slept: the infusion went on for the whole wall interval.
            self.suspended_s += gained
            self._real_elapsed += d_mono + gained
        else:
            self._real_elapsed += d_mono
        self._wall_lead = max(self._wall_lead, wall - mono)
        self._last_mono, self._last_wall = mono, wall
