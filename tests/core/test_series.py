from __future__ import annotations

import pytest

from ketacompanion.core.records import JournalEntry
from ketacompanion.core.series import (
    MoodPoint,
    MoodSeries,
    mood_places,
    mood_series,
    series_summary,
)


def _entry(sid: int, number: int | None, before: int | None, after: int | None,
           rehearsal: bool = False) -> JournalEntry:
    return JournalEntry(sid, number, f"2026-03-0{sid}T09:00:00Z", None, 45, None, "",
                        before, after, rehearsal)


def test_series_is_oldest_first_without_rehearsals():
    entries = [_entry(4, 3, 5, 8), _entry(3, None, 2, 9, rehearsal=True),
               _entry(2, 2, 4, None), _entry(1, 1, 3, 6)]
    points = mood_series(entries)
    assert points == [MoodPoint(1, 3, 6), MoodPoint(2, 4, None), MoodPoint(3, 5, 8)]
    assert [p.change for p in points] == [3, None, 3]
    assert series_summary(points) == "3 sessions · mood after, first to latest: 6 → 8"


def test_summary_of_short_series():
    assert series_summary([]) == ""
    assert series_summary([MoodPoint(1, 3, None)]) == "1 session"


def test_a_mood_series_reads_as_its_points_and_keeps_gaps():
    rows = [(1, 3, 6), (2, None, 4), (3, 5, None), (4, 0, 10)]
    series = MoodSeries(rows)
    points = [MoodPoint(*row) for row in rows]
    assert len(series) == 4 and list(series) == points and series == points
    assert series[1] == MoodPoint(2, None, 4) and series[-1] == MoodPoint(4, 0, 10)
    assert series[1:3] == points[1:3] and series[::-1] == points[::-1]
    assert series == MoodSeries(rows) and series != MoodSeries(rows[:3])
    assert series != [*points[:3], MoodPoint(4, 0, 9)]
    assert series_summary(series) == series_summary(points)
    with pytest.raises(IndexError):
        series[4]
    assert MoodSeries() == [] and not MoodSeries()


def _places_as_always(points: list[MoodPoint], most: int) -> list[tuple]:
    """The chart's places as it always made them: neighbours share a place at their mean."""
    def mean(values):
        given = [v for v in values if v is not None]
        return sum(given) / len(given) if given else None

    if len(points) <= most:
        return [(str(p.number), p.before, p.after) for p in points]
    places = []
    for k in range(most):
        group = points[k * len(points) // most:(k + 1) * len(points) // most]
        named = group[-1] if k == most - 1 else group[0]
        places.append((str(named.number), mean([p.before for p in group]),
                       mean([p.after for p in group])))
    return places


@pytest.mark.parametrize("most", [1, 2, 3, 7, 12, 13, 50])
def test_a_series_as_places_on_the_chart_is_what_it_always_was(most):
    # Numbers skip a hidden session; some moods were not given, one group has none.
    rows = [(n, None if n % 5 == 0 else n % 11, None if n % 4 == 0 or 7 <= n <= 9 else 10 - n % 11)
            for n in range(1, 15) if n != 6]
    points = [MoodPoint(*row) for row in rows]
    expected = _places_as_always(points, most)
    assert [tuple(p) for p in mood_places(points, most)] == expected
    assert [tuple(p) for p in mood_places(MoodSeries(rows), most)] == expected
    assert len(expected) == min(most, len(rows))


def test_ten_thousand_sessions_fit_the_width_without_an_object_per_session(monkeypatch):
    rows = [(n, n % 11, None if n % 7 == 0 else (n * 3) % 11) for n in range(1, 10001)]
    series = MoodSeries(rows)
    expected = _places_as_always([MoodPoint(*row) for row in rows], 150)
    made = []
    real = MoodSeries._point
    monkeypatch.setattr(MoodSeries, "_point", lambda self, i: made.append(i) or real(self, i))
    places = mood_places(series, 150)
    summary = series_summary(series)
    assert [tuple(p) for p in places] == expected
    assert places[0].label == "1" and places[-1].label == "10000"
    assert summary == "10000 sessions · mood after, first to latest: 3 → 3"
    assert made == []


def test_the_summary_of_a_series_skips_the_moods_not_given_at_either_end():
    rows = [(1, 3, None), (2, 4, 5), (3, 1, None), (4, 2, 8), (5, 0, None)]
    for points in (MoodSeries(rows), [MoodPoint(*row) for row in rows]):
        assert series_summary(points) == "5 sessions · mood after, first to latest: 5 → 8"
    one = [(1, 3, None), (2, 4, 6)]
    assert series_summary(MoodSeries(one)) == series_summary([MoodPoint(*r) for r in one]) \
        == "2 sessions"
    assert series_summary(MoodSeries([(1, None, None)])) == "1 session"
