"""The session as a pure state machine: setup -> running -> ending -> chime -> recovery -> done.

Everything is decided from elapsed *session* seconds (see session_clock), so the
same flow serves a real infusion, a rehearsal (time scaled) and tests (a fake
clock). Phases are never skipped silently: :meth:`SessionFlow.update` returns
every phase entered, in order, so after a suspend the caller knows what was
passed (and can, say, leave out a chime that is long over).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from ketacompanion.core.session_clock import REHEARSAL_SCALE

LENGTH_PRESETS: tuple[int, ...] = (40, 45, 55, 60)
DEFAULT_MINUTES = 45
MIN_MINUTES, MAX_MINUTES = 40, 60
DEFAULT_RECOVERY_MINUTES = 15
MAX_RECOVERY_MINUTES = 20
MIN_FADE_OUT_S = 30.0  # the issue asks for at least 30 s of fade into the end
CHIME_S = 7.0  # the chime clip lasts about 6 s; a little air after it
EARLY_END_FADE_S = 10.0  # ending early still fades, just sooner
REHEARSAL_FADE_S = 8.0  # real seconds: long enough to hear, short enough for a rehearsal


class Phase(StrEnum):
    """Where the session is."""

    SETUP = "setup"
    RUNNING = "running"
    ENDING = "ending"  # music fading out into the end
    CHIME = "chime"
    RECOVERY = "recovery"
    DONE = "done"  # the person moved on to the note


_ORDER = (Phase.SETUP, Phase.RUNNING, Phase.ENDING, Phase.CHIME, Phase.RECOVERY, Phase.DONE)


@dataclass(frozen=True)
class SessionPlan:
    """What the person set up; durations of fades and chime are in *real* seconds.

    Args:
        minutes: Session (infusion) length, 40-60.
        recovery_minutes: Recovery after the end, 0-20 (the chime is part of it).
        fade_out_s: Real seconds the music fades over into the end.
        scale: Session seconds per real second (60 in rehearsal).
    """

    minutes: float = DEFAULT_MINUTES
    recovery_minutes: float = DEFAULT_RECOVERY_MINUTES
    fade_out_s: float = MIN_FADE_OUT_S
    scale: float = 1.0
    chime_s: float = CHIME_S
    recovery_music: bool = False

    def __post_init__(self) -> None:
        if not MIN_MINUTES <= self.minutes <= MAX_MINUTES:
            raise ValueError(f"a session lasts {MIN_MINUTES}-{MAX_MINUTES} minutes")
        if not 0 <= self.recovery_minutes <= MAX_RECOVERY_MINUTES:
            raise ValueError(f"recovery lasts 0-{MAX_RECOVERY_MINUTES} minutes")
        if self.fade_out_s <= 0 or self.scale <= 0:
            raise ValueError("fade and scale must be positive")

    @classmethod
    def rehearsal(cls, minutes: float = DEFAULT_MINUTES, recovery_minutes: float = 15,
                  recovery_music: bool = False) -> SessionPlan:
        """A plan run at rehearsal speed, with a short fade one can still hear."""
        return cls(minutes, recovery_minutes, REHEARSAL_FADE_S, REHEARSAL_SCALE,
                   recovery_music=recovery_music)

    @property
    def is_rehearsal(self) -> bool:
        """True when time runs faster than real time."""
        return self.scale != 1.0

    @property
    def session_s(self) -> float:
        """Session length in session seconds."""
        return self.minutes * 60.0

    @property
    def fade_session_s(self) -> float:
        """The fade-out, in session seconds, never longer than the session."""
        return min(self.fade_out_s * self.scale, self.session_s)

    @property
    def chime_session_s(self) -> float:
        """The chime, in session seconds."""
        return self.chime_s * self.scale

    def to_json(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionPlan:
        """Back from :meth:`to_json`; unknown keys are ignored."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


class SessionFlow:
    """The phases of one session, driven by elapsed session seconds."""

    def __init__(self, plan: SessionPlan) -> None:
        self.plan = plan
        self.phase = Phase.SETUP
        self.end_at = plan.session_s
        self.ended_early = False

    def start(self) -> None:
        """The infusion has started."""
        if self.phase is Phase.SETUP:
            self.phase = Phase.RUNNING

    def update(self, elapsed: float) -> list[Phase]:
        """Move to the phase ``elapsed`` falls in; returns the phases entered, in order."""
        if self.phase in (Phase.SETUP, Phase.DONE):
            return []
        target = self._phase_at(elapsed)
        entered: list[Phase] = []
        while _ORDER.index(self.phase) < _ORDER.index(target):
            self.phase = _ORDER[_ORDER.index(self.phase) + 1]
            entered.append(self.phase)
        return entered

    def end_early(self, elapsed: float) -> bool:
        """Begin a short fade to the end now; False if the session is not running."""
        if self.phase is not Phase.RUNNING:
            return False
        self.ended_early = True
        self.end_at = min(self.end_at, elapsed + EARLY_END_FADE_S * self.plan.scale)
        return True

    def finish(self) -> bool:
        """The person is ready to move on; allowed once the end has come."""
        if self.phase not in (Phase.CHIME, Phase.RECOVERY):
            return False
        self.phase = Phase.DONE
        return True

    def remaining(self, elapsed: float) -> float:
        """Session seconds until the end of the infusion."""
        return max(0.0, self.end_at - elapsed)

    def progress(self, elapsed: float) -> float:
        """How far through the session, 0..1."""
        return min(1.0, max(0.0, elapsed / self.plan.session_s))

    def fade_starts_at(self) -> float:
        """Session seconds at which the music starts fading out."""
        if self.ended_early:
            return self.end_at - EARLY_END_FADE_S * self.plan.scale
        return self.end_at - self.plan.fade_session_s

    def recovery_remaining(self, elapsed: float) -> float:
        """Session seconds of recovery left (0 when it is over)."""
        return max(0.0, self.end_at + self.plan.recovery_minutes * 60.0 - elapsed)

    def _phase_at(self, elapsed: float) -> Phase:
        if elapsed >= self.end_at + self.plan.chime_session_s:
            return Phase.RECOVERY
        if elapsed >= self.end_at:
            return Phase.CHIME
        if elapsed >= self.fade_starts_at():
            return Phase.ENDING
        return Phase.RUNNING
