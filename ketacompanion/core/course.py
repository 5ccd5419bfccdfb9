"""A treatment course: the person's plan, and where each session stands in it.

The person says once how many infusions the course has (six, say) and from which day
it counts; every real session from that day is "Infusion 3 of 6", and those after the
last planned one are boosters, counted on their own ("Booster 2"). Rehearsals are
never counted. Sessions before the course keep their plain number. The plan can be
changed at any time and the numbers follow.

Nothing here measures the person against the plan: a planned date that passed is
simply a date that passed, never "missed", "late" or a broken streak.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

MAX_INFUSIONS = 30  # far beyond any published induction course; keeps a typo sane


class Rhythm(StrEnum):
    """When check-ins are offered between the start and the end of the course."""

    WEEKLY = "weekly"
    BEFORE_EACH = "before_each"
    NONE = "none"


class InvalidPlan(ValueError):
    """A plan that cannot be: the message says why, in the person's words."""


@dataclass(frozen=True)
class CoursePlan:
    """What the person planned.

    Attributes:
        infusions: Infusions in the course (1-30); the ones after are boosters.
        started_on: Sessions on or after this day belong to the course.
        next_date: The next planned session, if the person gave one.
        rhythm: When check-ins are offered during the course.
    """

    infusions: int
    started_on: date
    next_date: date | None = None
    rhythm: Rhythm = Rhythm.WEEKLY

    def __post_init__(self) -> None:
        if isinstance(self.infusions, bool) or not isinstance(self.infusions, int):
            raise InvalidPlan("the number of infusions is a whole number")
        if not 1 <= self.infusions <= MAX_INFUSIONS:
            raise InvalidPlan(f"a course has 1 to {MAX_INFUSIONS} infusions, not {self.infusions}")
        if not isinstance(self.rhythm, Rhythm):
            object.__setattr__(self, "rhythm", Rhythm(self.rhythm))


class Kind(StrEnum):
    """What a session is within the course."""

    INFUSION = "infusion"
    BOOSTER = "booster"
    BEFORE = "before"  # a real session before the course began
    REHEARSAL = "rehearsal"


@dataclass(frozen=True)
class Place:
    """Where one session stands: its kind, its number among its kind, the planned count."""

    kind: Kind
    number: int | None
    of: int | None = None

    @property
    def label(self) -> str:
        """"Infusion 3 of 6", "Booster 2", "Session 4" or "Rehearsal"."""
        if self.kind is Kind.INFUSION:
            return f"Infusion {self.number} of {self.of}"
        if self.kind is Kind.BOOSTER:
            return f"Booster {self.number}"
        if self.kind is Kind.REHEARSAL:
            return "Rehearsal"
        return f"Session {self.number}"


@dataclass(frozen=True)
class SessionStart:
    """The facts numbering needs about a session."""

    session_id: int
    started_at: datetime
    rehearsal: bool


def places(sessions: Iterable[SessionStart], plan: CoursePlan | None) -> dict[int, Place]:
    """Each session's place, by id; oldest first decides the numbers.

    Without a plan every real session is "Session n" (its number in the whole series).
    Days are the person's local days: a course set to begin on the 3rd takes a session
    at 00:30 local time on the 3rd, whatever the UTC date.
    """
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.session_id))
    found: dict[int, Place] = {}
    before = in_course = 0
    for session in ordered:
        if session.rehearsal:
            found[session.session_id] = Place(Kind.REHEARSAL, None)
            continue
        day = session.started_at.astimezone().date()
        if plan is None or day < plan.started_on:
            before += 1
            found[session.session_id] = Place(Kind.BEFORE, before)
            continue
        in_course += 1
        if in_course <= plan.infusions:
            found[session.session_id] = Place(Kind.INFUSION, in_course, plan.infusions)
        else:
            found[session.session_id] = Place(Kind.BOOSTER, in_course - plan.infusions)
    return found


@dataclass(frozen=True)
class Progress:
    """The course at a glance: infusions had, boosters had, what comes next."""

    infusions_done: int
    boosters_done: int
    planned: int

    @property
    def finished(self) -> bool:
        """Every planned infusion has been had."""
        return self.infusions_done >= self.planned

    @property
    def sentence(self) -> str:
        """"3 of 6 infusions" or "6 of 6 infusions, then 2 boosters": facts, no verdict."""
        text = f"{self.infusions_done} of {self.planned} infusions"
        if self.boosters_done:
            text += f", then {self.boosters_done} booster{'s' if self.boosters_done != 1 else ''}"
        return text


def progress(found: dict[int, Place], plan: CoursePlan) -> Progress:
    """Count what :func:`places` found for ``plan``."""
    kinds = [p.kind for p in found.values()]
    return Progress(kinds.count(Kind.INFUSION), kinds.count(Kind.BOOSTER), plan.infusions)


def next_date_text(plan: CoursePlan, today: date) -> str:
    """The next planned date as plain words, or "" when none lies ahead.

    A date that has passed is not mentioned at all: no "overdue", no "missed".
    """
    if plan.next_date is None or plan.next_date < today:
        return ""
    if plan.next_date == today:
        return "Next planned: today"
    day = plan.next_date  # the day number as an int: portable, no platform-only directive
    return f"Next planned: {day:%A} {day.day} {day:%B}"
