"""Mood over the series: the figures behind the journal's overview chart.

"Is it working?" is answered by mood before and after each session, kept over
the whole series. Rehearsals are not part of the series and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ketacompanion.core.records import JournalEntry


@dataclass(frozen=True, slots=True)  # slots: a journal of 10,000 keeps 10,000 of them
class MoodPoint:
    """One session of the series: its number and the moods given (0-10, or None)."""

    number: int
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        """After minus before, when both were given."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def mood_series(entries: Iterable[JournalEntry]) -> list[MoodPoint]:
    """The real sessions among ``entries``, oldest first, with their moods.

    Sessions where no mood was given at all are kept (they are part of the
    series, and a gap says so honestly); rehearsals are not.
    """
    points = [MoodPoint(e.number, e.mood_before, e.mood_after)
              for e in entries if not e.rehearsal and e.number is not None]
    return sorted(points, key=lambda p: p.number)


def series_summary(points: list[MoodPoint]) -> str:
    """One calm sentence about the series, e.g. "6 sessions · mood after: 4 → 7"."""
    if not points:
        return ""
    count = f"{len(points)} session{'s' if len(points) != 1 else ''}"
    afters = [p.after for p in points if p.after is not None]
    if len(afters) < 2:
        return count
    return f"{count} · mood after, first to latest: {afters[0]} → {afters[-1]}"
