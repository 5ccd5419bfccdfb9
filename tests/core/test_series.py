from __future__ import annotations

import pytest

from ketacompanion.core.records import JournalEntry
from ketacompanion.core.series import MoodPoint, MoodSeries, mood_series, series_summary


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
