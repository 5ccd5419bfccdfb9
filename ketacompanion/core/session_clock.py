"""The session clock: real time since Start, suspends counted, clock changes not.

The infusion goes on while the laptop sleeps, but a monotonic clock stops during
suspend; the wall clock keeps counting through suspend but also jumps for other
reasons (NTP correcting it when Wi-Fi connects, a person changing the time). So
the wall clock is never taken for a suspend: the operating system says how long
it has been suspended (boot time minus monotonic time, see :mod:`os_clocks`),
and real time is the monotonic time plus the suspended time, both measured.

Only where the system measures no suspend does the wall clock stand in, and then
bounded: a step counts as a suspend only if the wall clock ran clearly ahead of
the monotonic one (more than ``FALLBACK_THRESHOLD_S``, so NTP nudges never
count), each gain counts once (a clock set back and put right gains nothing) and
never more than ``FALLBACK_MAX_S``.

After a crash, the session resumes from what :class:`ClockAnchor` kept at Start:
the boot and the boot-time clock then. In the same boot, time since Start is
measured exactly whatever the wall clock did; after a reboot only the wall clock
is left, held to what is certain (no less than this boot has lasted).

Rehearsal runs the same clock faster: with ``scale`` 60, one session minute lasts
one real second.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from ketacompanion.core import os_clocks

log = logging.getLogger(__name__)

REHEARSAL_SCALE = 60.0
FALLBACK_THRESHOLD_S = 30.0  # a wall step shorter than this is a clock correction, not a sleep
FALLBACK_MAX_S = 12 * 3600.0  # the most one wall step may be taken for, without a suspend clock
AGREE_S = 5.0  # wall and boot clocks agreeing this well show no clock change and no reboot


class Clock(Protocol):
    """A source of time: awake, suspended and wall seconds, and which boot this is."""

    def monotonic(self) -> float:
        """Seconds the machine has been awake, from an arbitrary origin; never goes back."""
        ...

    def suspended(self) -> float | None:
        """Seconds the machine has spent suspended since it booted; None where unknown."""
        ...

    def wall(self) -> float:
        """Seconds since the Unix epoch (may jump)."""
        ...

    def boot_id(self) -> str | None:
        """What tells this boot from the next one; None where unknown."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def __init__(self) -> None:
        self._pair = os_clocks.suspend_clocks()
        self._boot_id = os_clocks.boot_id()

    def monotonic(self) -> float:
        """The awake clock of the suspend pair (``time.monotonic()`` where there is none)."""
        return self._pair()[0] if self._pair else time.monotonic()

    def suspended(self) -> float | None:
        """Boot time minus awake time, as the system measures them."""
        if self._pair is None:
            return None
        awake, total = self._pair()
        return max(0.0, total - awake)

    def wall(self) -> float:
        """``time.time()``."""
        return time.time()

    def boot_id(self) -> str | None:
        """This boot's id, read once."""
        return self._boot_id


class FakeClock:
    """A clock tests move by hand: awake time, suspended time and the wall clock apart.

    Args:
        wall: Wall time to start from (seconds since the epoch).
        measures_suspend: False models a system with no suspend clock.
        boot_id: The boot the fake machine is in (None: a system without boot ids).
    """

    def __init__(self, wall: float = 1_750_000_000.0, measures_suspend: bool = True,
                 boot_id: str | None = "boot-1") -> None:
        self._mono = 1000.0
        self._suspended = 0.0
        self._wall = wall
        self._measures = measures_suspend
        self._boot = boot_id
        self._boots = 1

    def monotonic(self) -> float:
        """The fake awake time."""
        return self._mono

    def suspended(self) -> float | None:
        """The fake time spent suspended since boot."""
        return self._suspended if self._measures else None

    def wall(self) -> float:
        """The fake wall time."""
        return self._wall

    def boot_id(self) -> str | None:
        """The fake boot id."""
        return self._boot

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass awake: the monotonic and wall clocks move."""
        self._mono += seconds
        self._wall += seconds

    def suspend(self, seconds: float) -> None:
        """Sleep for ``seconds``: suspended and wall time move, the monotonic clock does not."""
        self._suspended += seconds
        self._wall += seconds

    def set_wall(self, wall: float) -> None:
        """Jump the wall clock alone (NTP stepping it, a person changing the time)."""
        self._wall = wall

    def reboot(self, down_s: float = 60.0) -> None:
        """Restart the machine after ``down_s``: a new boot, its clocks from zero."""
        self._boots += 1
        self._boot = None if self._boot is None else f"boot-{self._boots}"
        self._wall += down_s
        self._mono, self._suspended = 20.0, 0.0


def wall_datetime(clock: Clock) -> datetime:
    """The clock's wall time as an aware UTC datetime."""
    return datetime.fromtimestamp(clock.wall(), UTC)


@dataclass(frozen=True)
class ClockAnchor:
    """What is kept at Start to count time since it after a crash.

    Args:
        boot_id: The boot the session started in (None where unknown).
        boot_s: The boot-time clock (awake + suspended) at Start; after a resume in a
            later boot, the reading that boot's clock would have had at Start (may be
            negative). None where the system measures no suspend.
    """

    boot_id: str | None
    boot_s: float | None

    @classmethod
    def now(cls, clock: Clock, elapsed_s: float = 0.0) -> ClockAnchor:
        """The anchor of a session started ``elapsed_s`` real seconds ago."""
        boot = boot_seconds(clock)
        return cls(clock.boot_id(), None if boot is None else boot - elapsed_s)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return {"boot_id": self.boot_id, "boot_s": self.boot_s}

    @classmethod
    def from_json(cls, data: object) -> ClockAnchor | None:
        """Back from :meth:`to_json`; None for anything else (an older version's record)."""
        if not isinstance(data, dict):
            return None
        boot_id, boot_s = data.get("boot_id"), data.get("boot_s")
        return cls(boot_id if isinstance(boot_id, str) else None,
                   float(boot_s) if isinstance(boot_s, int | float) else None)


def boot_seconds(clock: Clock) -> float | None:
    """Real seconds since boot, suspends included; None where suspend is not measured."""
    suspended = clock.suspended()
    return None if suspended is None else clock.monotonic() + suspended


def real_since(anchor: ClockAnchor | None, started_wall: float, clock: Clock) -> tuple[float, bool]:
    """Real seconds since a Start stored before a crash, and whether they were measured.

    Measured when the anchor's boot is this one: the wall clock may have jumped
    since, it does not matter. After a reboot (or without an anchor) the wall
    clock is all there is; it is held to no less than this boot has lasted, which
    certainly came after the Start, and never below zero.
    """
    wall_s = clock.wall() - started_wall
    boot_now, here = boot_seconds(clock), clock.boot_id()
    if anchor is None or anchor.boot_s is None or boot_now is None:
        return max(0.0, wall_s), False
    since_anchor = boot_now - anchor.boot_s
    known = anchor.boot_id is not None and here is not None
    rebooted = since_anchor < 0 or (known and anchor.boot_id != here)
    if not rebooted and (known or abs(wall_s - since_anchor) <= AGREE_S):
        return since_anchor, True
    if rebooted:
        return max(wall_s, boot_now, 0.0), False
    # No boot ids and the clocks disagree: a clock change or a reboot, nobody can tell.
    return max(0.0, wall_s), False


class SessionClock:
    """Real time since a start, suspends counted, wall clock changes ignored.

    Args:
        clock: Where time comes from.
        scale: Session seconds per real second (1 normally, 60 in rehearsal).
    """

    def __init__(self, clock: Clock, scale: float = 1.0) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.clock = clock
        self.scale = float(scale)
        self.started_wall = clock.wall()
        self.anchor = ClockAnchor.now(clock)
        self.measured = True  # False once the wall clock has had to stand in
        self.suspended_s = 0.0  # real seconds of suspend counted, for the log
        self._set_base(0.0)

    def start(self) -> None:
        """Start (or restart) counting from now."""
        self.started_wall = self.clock.wall()
        self.anchor = ClockAnchor.now(self.clock)
        self.measured = True
        self.suspended_s = 0.0
        self._set_base(0.0)

    def resume(self, started_wall: float, anchor: ClockAnchor | None) -> None:
        """Count from a Start before a crash, kept as ``started_wall`` and ``anchor``.

        Afterwards :attr:`anchor` is this boot's own, so a second crash in this boot
        is measured too, even when the first resume had to trust the wall clock.
        """
        real, self.measured = real_since(anchor, started_wall, self.clock)
        self.started_wall = started_wall
        self.anchor = ClockAnchor.now(self.clock, real)
        self.suspended_s = 0.0
        self._set_base(real)
        if not self.measured:
            log.warning("time since Start taken from the wall clock: %.0f s", real)

    def real_elapsed(self) -> float:
        """Real seconds since the start, suspends included."""
        self._step()
        return self._real_elapsed

    def elapsed(self) -> float:
        """Session seconds since the start (real seconds times ``scale``)."""
        return self.real_elapsed() * self.scale

    def timeline_wall(self, real_offset_s: float = 0.0) -> datetime:
        """Start plus real time elapsed (plus ``real_offset_s``), as an aware UTC datetime.

        The session's own times (when it ended) are written on this timeline, so
        the end minus the start is the real length, whatever the wall clock did.
        """
        return datetime.fromtimestamp(self.started_wall + self.real_elapsed() + real_offset_s, UTC)

    # ------------------------------------------------------------------ internals
    def _set_base(self, real: float) -> None:
        self._real_elapsed = real
        self._base = real
        self._mono0 = self.clock.monotonic()
        self._susp0 = self.clock.suspended()
        self._last_mono = self._mono0
        self._wall_lead = self.clock.wall() - self._mono0  # the furthest wall - monotonic

    def _step(self) -> None:
        mono, suspended = self.clock.monotonic(), self.clock.suspended()
        if suspended is not None and self._susp0 is not None:
            # Measured by the system: awake time plus time suspended, both since the start.
            self.suspended_s = max(0.0, suspended - self._susp0)
            self._real_elapsed = self._base + max(0.0, mono - self._mono0) + self.suspended_s
            return
        self._step_by_wall(mono)

    def _step_by_wall(self, mono: float) -> None:
        wall = self.clock.wall()
        d_mono = max(0.0, mono - self._last_mono)
        # Wall time gained on the monotonic clock, beyond its earlier lead: a wall clock
        # set back and then put right again gains nothing.
        gained = (wall - mono) - self._wall_lead
        if gained > FALLBACK_THRESHOLD_S:
            guess = min(gained, FALLBACK_MAX_S)
            log.warning("wall clock %.0f s ahead; taken for a suspend (none measured here)", gained)
            self.suspended_s += guess
            self.measured = False
            self._real_elapsed += guess
        self._real_elapsed += d_mono
        self._wall_lead = max(self._wall_lead, wall - mono)
        self._last_mono = mono
