"""The records of the domain: a session, its marks, its voice takes, its journal entry.

Every layer speaks these words: storage maps rows to and from them, services and
pages read them. Times here are aware datetimes; in the database they are text in
one format, written and read only through :func:`stamp` and :func:`parse_time`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from ketacompanion.core.fresh_piano import PianoSeed
from ketacompanion.core.session_clock import ClockAnchor
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.core.stamps import parse_time, stamp, utc_now  # noqa: F401 - the records' words

# Times as stored live in core.stamps, so that a page which only stamps a change loads
# no records before its first frame; they are the records' own words too, taken from here.

# -- sessions ------------------------------------------------------------------------


class SessionState(StrEnum):
    """Where a stored session stands.

    ``running`` -> ``recovery`` -> ``completed`` (reached the note), or ``ended_early``
    (held to end), or ``interrupted`` (not resumed after a crash).
    """

    RUNNING = "running"
    RECOVERY = "recovery"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    INTERRUPTED = "interrupted"

    @property
    def is_open(self) -> bool:
        """True while the session may still go on (a crash leaves it so)."""
        return self in OPEN_STATES


OPEN_STATES = (SessionState.RUNNING, SessionState.RECOVERY)


@dataclass(frozen=True)
class SessionRecord:
    """One stored session."""

    id: int
    started_at: datetime
    plan: SessionPlan
    playlist_id: int | None
    playlist_name: str | None
    intention: str
    mood_before: int | None
    rehearsal: bool
    state: SessionState
    ended_at: datetime | None
    anchor: ClockAnchor | None = None  # None: stored by a version that kept none
    piano: PianoSeed | None = None  # the fresh piano's seed, if the session played one

    def window_s(self) -> float:
        """Real seconds from Start to the end of recovery."""
        plan = self.plan
        return (plan.session_s + plan.recovery_minutes * 60.0) / plan.scale

    def window_ends_at(self) -> datetime:
        """When the session, recovery included, is over in real time."""
        return self.started_at + timedelta(seconds=self.window_s())


@dataclass(frozen=True)
class Marker:
    """A moment the person marked during a session, with what was playing."""

    offset_s: float  # session seconds from Start
    created_at: datetime | None  # None: a stored time that cannot be read
    playing: str | None
    kind: str | None = None  # "piano", "music", "binaural beat"; None for silence or unknown
    track_offset_s: float | None = None  # seconds into what played; None: nothing, or not kept
    id: int | None = None  # None: not stored (yet)
    session_id: int | None = None


@dataclass(frozen=True)
class VoiceTake:
    """One recorded voice note."""

    id: int
    session_id: int
    path: Path
    duration_s: float | None
    created_at: datetime | None  # None: a stored time that cannot be read


@dataclass
class JournalEntry:
    """A session as the journal shows it."""

    session_id: int
    number: int | None
    started_at: datetime | None  # None: a stored time that cannot be read
    ended_at: datetime | None
    planned_minutes: float
    playlist_name: str | None
    intention: str
    mood_before: int | None
    mood_after: int | None
    rehearsal: bool
    note: str = ""
    note_updated_at: datetime | None = None
    piano: PianoSeed | None = None  # the fresh piano's seed and composer, if it played
    markers: list[Marker] = field(default_factory=list)
    takes: list[VoiceTake] = field(default_factory=list)
    place: str | None = None  # "Infusion 3 of 6", "Booster 1" when a course is set

    @property
    def minutes(self) -> float:
        """Length in minutes: from start to end if it ended, else as planned."""
        start, end = self.started_at, self.ended_at
        if start and end and end > start:
            return (end - start).total_seconds() / 60.0
        return float(self.planned_minutes)

    def order_key(self) -> tuple[datetime, int]:
        """Oldest first by start, then id (an unreadable start sorts first)."""
        return (self.started_at or datetime.min.replace(tzinfo=UTC), self.session_id)
