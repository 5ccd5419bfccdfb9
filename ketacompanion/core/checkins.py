"""Check-ins kept over the course, and the plain sentence that reads them back.

A check-in is one filled PHQ-9 or GAD-7 with its date. The sentence lists scores and
dates and nothing else ("PHQ-9: 18 on 3 March, 9 on 24 March."): no "better", no
"worse", no arrow. What a change means is for the person and their therapist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from ketacompanion.core.course import CoursePlan, Rhythm
from ketacompanion.core.measures import INSTRUMENTS, Measure, band, total


class Occasion(StrEnum):
    """When in the course a check-in was taken."""

    START = "start"
    DURING = "during"
    END = "end"


@dataclass(frozen=True)
class CheckIn:
    """One filled questionnaire.

    Attributes:
        measure: PHQ-9 or GAD-7.
        taken_at: When it was filled (aware).
        answers: One answer 0-3 per item, in the instrument's order.
        occasion: Start, during or end of the course.
        id: Its row, once stored.
    """

    measure: Measure
    taken_at: datetime
    answers: tuple[int, ...]
    occasion: Occasion = Occasion.DURING
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "measure", Measure(self.measure))
        object.__setattr__(self, "occasion", Occasion(self.occasion))
        object.__setattr__(self, "answers", tuple(self.answers))
        total(self.measure, self.answers)  # refuses a partial or out-of-range form

    @property
    def total(self) -> int:
        """The instrument's total."""
        return total(self.measure, self.answers)

    @property
    def band(self) -> str:
        """The instrument's own label for the total."""
        return band(self.measure, self.total)


def day_text(when: datetime | date) -> str:
    """"3 March": the local day, no year (the export's heading carries the dates)."""
    day = when.astimezone().date() if isinstance(when, datetime) else when
    return f"{day.day} {day.strftime('%B')}"


def scores_sentence(checkins: Sequence[CheckIn], measure: Measure) -> str:
    """"PHQ-9: 18 on 3 March, 9 on 24 March." oldest first; "" when there are none."""
    mine = sorted((c for c in checkins if c.measure is Measure(measure)),
                  key=lambda c: c.taken_at)
    if not mine:
        return ""
    return f"{INSTRUMENTS[Measure(measure)].measure}: " + ", ".join(
        f"{c.total} on {day_text(c.taken_at)}" for c in mine) + "."


def checkin_due(plan: CoursePlan | None, checkins: Sequence[CheckIn], now: datetime,
                infusions_done: int,
                put_off: Sequence[tuple[datetime, Occasion]] = ()) -> Occasion | None:
    """Whether a check-in may be offered now, and for which occasion; None when not.

    Offered at the start of the course (none yet since it began), then weekly or
    in the two days before each planned infusion as the person chose, and once after
    the last planned infusion. Never more than one a day. Whether the moment suits (not during a
    session, not right before Start) is for the caller to judge.

    Args:
        plan: The course; no plan, no offer.
        checkins: Every stored check-in.
        now: The current time (aware).
        infusions_done: Planned infusions already had.
        put_off: Check-ins the person said "Not now" to (when, occasion): each counts
            as that occasion passing, so the next offer waits for the next occasion.
    """
    if plan is None:
        return None
    today = now.astimezone().date()
    seen = [(when.astimezone().date(), occasion) for when, occasion in
            [(c.taken_at, c.occasion) for c in checkins] + list(put_off)]
    seen = [(day, occasion) for day, occasion in seen if day >= plan.started_on]
    since = sorted(day for day, _occasion in seen)
    if since and since[-1] == today:
        return None
    if not since:
        return Occasion.START
    if infusions_done >= plan.infusions:
        ended = any(occasion is Occasion.END for _day, occasion in seen)
        return None if ended else Occasion.END
    if plan.rhythm is Rhythm.WEEKLY and today - since[-1] >= timedelta(days=7):
        return Occasion.DURING
    # Before each infusion: in the two days before the planned date, never on the day
    # itself, which would be right before Start.
    if (plan.rhythm is Rhythm.BEFORE_EACH and plan.next_date is not None
            and 1 <= (plan.next_date - today).days <= 2):
        return Occasion.DURING
    return None
