"""Mood over the series: the figures behind the journal's overview chart.

"Is it working?" is answered by mood before and after each session, kept over
the whole series. Rehearsals are not part of the series and are left out.

When there are more sessions than fit the chart's width, neighbouring sessions
share one place on it, at their average mood (:func:`mood_places`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, overload

from ketacompanion.core.records import JournalEntry

NOT_GIVEN = -1  # a mood not given, as a series keeps it (moods are 0-10)


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


class MoodSeries(Sequence[MoodPoint]):
    """A long series of :class:`MoodPoint` kept as three compact arrays.

    The Journal keeps the whole series for its chart: 10,000 sessions take 60 KB
    here, against about 1 MB as 10,000 objects (and their numbers), which also
    scattered Python's memory so that it could not be given back.

    Args:
        rows: (number in the series, mood before, mood after) per session, oldest first.
    """

    _NONE = NOT_GIVEN

    def __init__(self, rows: Iterable[tuple[int, int | None, int | None]] = ()) -> None:
        self._numbers, self._before, self._after = array("i"), array("b"), array("b")
        for number, before, after in rows:
            self._numbers.append(number)
            self._before.append(self._NONE if before is None else before)
            self._after.append(self._NONE if after is None else after)

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> MoodPoint: ...
    @overload
    def __getitem__(self, index: slice) -> list[MoodPoint]: ...

    def __getitem__(self, index: int | slice) -> MoodPoint | list[MoodPoint]:
        if isinstance(index, slice):
            return [self._point(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._point(index)

    def __iter__(self) -> Iterator[MoodPoint]:
        return (self._point(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MoodSeries):
            return (self._numbers, self._before, self._after) == (
                other._numbers, other._before, other._after)
        if isinstance(other, Sequence):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like a list

    def __repr__(self) -> str:
        return f"MoodSeries({len(self)} points)"

    @classmethod
    def from_columns(cls, numbers: array, before: array, after: array) -> MoodSeries:
        """A series from its three columns as kept (a mood not given: NOT_GIVEN), as they are."""
        series = cls()
        series._numbers, series._before, series._after = numbers, before, after
        return series

    def afters_given(self) -> tuple[int, int | None, int | None]:
        """How many moods after were given, the first and the latest (None: none given).

        Counted in C over the array; only the ends are walked to their first given mood.
        """
        given = len(self._after) - self._after.count(self._NONE)
        if not given:
            return 0, None, None
        first = next(mood for mood in self._after if mood != self._NONE)
        latest = next(mood for mood in reversed(self._after) if mood != self._NONE)
        return given, first, latest

    def places(self, most: int) -> list[MoodPlace]:
        """:func:`mood_places` straight from the arrays: no point made per session.

        Means are summed over the array slices in C, the moods not given taken out
        again and not counted, so each mean is the exact one.
        """
        count = len(self)
        if count <= most:
            return [MoodPlace(str(number), None if before == self._NONE else before,
                              None if after == self._NONE else after)
                    for number, before, after in zip(self._numbers, self._before, self._after,
                                                     strict=True)]
        places = []
        for k in range(most):
            low, high = k * count // most, (k + 1) * count // most
            named = self._numbers[high - 1] if k == most - 1 else self._numbers[low]
            places.append(MoodPlace(str(named), _array_mean(self._before[low:high]),
                                    _array_mean(self._after[low:high])))
        return places

    def _point(self, i: int) -> MoodPoint:
        before, after = self._before[i], self._after[i]
        return MoodPoint(self._numbers[i], None if before == self._NONE else before,
                         None if after == self._NONE else after)


class MoodPlace(NamedTuple):
    """One place on the chart's axis: a session, or neighbouring sessions at their average."""

    label: str
    before: float | None
    after: float | None


def mood_places(points: Sequence[MoodPoint], most: int) -> list[MoodPlace]:
    """``points`` as at most ``most`` places, neighbours sharing one when they are too many.

    A shared place is named by its first session, the last place by its last (the
    axis runs 1 … latest); its moods are the means of those given (None: none given).
    """
    if isinstance(points, MoodSeries):
        return points.places(most)
    if len(points) <= most:
        return [MoodPlace(str(p.number), p.before, p.after) for p in points]
    places = []
    for k in range(most):
        group = points[k * len(points) // most:(k + 1) * len(points) // most]
        named = group[-1] if k == most - 1 else group[0]
        places.append(MoodPlace(str(named.number), _mean([p.before for p in group]),
                                _mean([p.after for p in group])))
    return places


def _mean(values: list[int | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if given else None


def _array_mean(values: array) -> float | None:
    missing = values.count(NOT_GIVEN)
    if missing == len(values):
        return None
    return (sum(values) - missing * NOT_GIVEN) / (len(values) - missing)


def mood_series(entries: Iterable[JournalEntry]) -> list[MoodPoint]:
    """The real sessions among ``entries``, oldest first, with their moods.

    Sessions where no mood was given at all are kept (they are part of the
    series, and a gap says so honestly); rehearsals are not.
    """
    points = [MoodPoint(e.number, e.mood_before, e.mood_after)
              for e in entries if not e.rehearsal and e.number is not None]
    return sorted(points, key=lambda p: p.number)


def series_summary(points: Sequence[MoodPoint]) -> str:
    """One calm sentence about the series, e.g. "6 sessions · mood after: 4 → 7"."""
    if not points:
        return ""
    count = f"{len(points)} session{'s' if len(points) != 1 else ''}"
    if isinstance(points, MoodSeries):
        given, first, latest = points.afters_given()
    else:
        afters = [p.after for p in points if p.after is not None]
        given, first, latest = len(afters), afters[0] if afters else None, \
            afters[-1] if afters else None
    if given < 2:
        return count
    return f"{count} · mood after, first to latest: {first} → {latest}"
