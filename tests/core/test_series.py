from __future__ import annotations

from ketacompanion.core.records import JournalEntry
from ketacompanion.core.series import MoodPoint, mood_series, series_summary


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
