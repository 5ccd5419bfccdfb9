"""The journal read a page at a time: order, numbers, filters and counts from SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.core.series import mood_series
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def _fill(journal: JournalRepository, count: int) -> list[int]:
    """``count`` sessions, every fifth a rehearsal, two sharing a start; oldest first."""
    ids = []
    for n in range(count):
        day = f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}T09:00:00Z" if n != 7 else \
            "2026-01-07T09:00:00Z"  # the same start as session 6: the id decides
        ids.append(add_session(journal.database, day, intention=f"intention {n}",
                               mood_before=n % 11, mood_after=(n * 3) % 11,
                               rehearsal=n % 5 == 4, marks=[(60, None)]))
    return ids


def _ids(entries) -> list[int]:
    return [e.session_id for e in entries]


def test_pages_follow_each_other_newest_first_with_the_numbers_of_the_whole_list(journal):
    _fill(journal, 37)
    whole = journal.entries()
    pages = [journal.page(offset, 10) for offset in range(0, 40, 10)]
    assert [len(p) for p in pages] == [10, 10, 10, 7]
    assert _ids(sum(pages, [])) == _ids(whole)
    assert sum(pages, []) == whole  # every field, as the whole list reads it
    assert journal.page(40, 10) == []


def test_rehearsals_hidden_and_only_are_left_out_in_sql(journal):
    ids = _fill(journal, 30)
    hidden = [ids[29], ids[3]]
    only = ids[::3]
    got = [e for offset in range(0, 30, 4)
           for e in journal.page(offset, 4, hidden=hidden, rehearsals=False, only=only)]
    expected = [e for e in journal.entries(hidden=hidden)
                if not e.rehearsal and e.session_id in only]
    assert _ids(got) == _ids(expected) and [e.number for e in got] == \
        [e.number for e in expected]
    real = sum(1 for e in journal.entries(hidden=hidden) if not e.rehearsal)
    assert journal.count(hidden=hidden) == (real, 30 - len(hidden) - real)
    assert journal.count(only=[]) == (0, 0)


def test_page_ids_are_the_pages_sessions_without_reading_them(journal):
    ids = _fill(journal, 30)
    hidden, only = [ids[29], ids[3]], ids[::2]
    for offset in (0, 4, 13, 29):
        for rehearsals in (True, False):
            page = journal.page(offset, 6, hidden=hidden, rehearsals=rehearsals, only=only)
            assert journal.page_ids(offset, 6, hidden=hidden, rehearsals=rehearsals,
                                    only=only) == _ids(page)
    assert journal.page_ids(0, 100) == _ids(journal.entries())


def test_the_chart_moods_match_the_entries_and_skip_hidden_sessions(journal):
    ids = _fill(journal, 23)
    hidden = [ids[5]]
    points = mood_series(journal.entries(hidden=hidden))
    assert journal.mood_rows(hidden=hidden) == [(p.number, p.before, p.after) for p in points]


def test_the_version_moves_with_every_write(journal):
    before = journal.version()
    assert journal.version() == before
    ids = _fill(journal, 1)
    assert journal.version() != before
    moved = journal.version()
    journal.save_note(ids[0], "words")
    assert journal.version() != moved


def test_a_page_names_places_in_the_course_and_follows_a_new_plan(journal):
    from datetime import date

    from ketacompanion.core.course import CoursePlan
    from ketacompanion.storage.course import CourseRepository

    _fill(journal, 12)
    assert {e.place for e in journal.page(0, 3)} == {None}  # no course yet
    course = CourseRepository(journal.database)
    course.save_plan(CoursePlan(infusions=6, started_on=date(2026, 1, 1)))
    assert [e.place for e in journal.page(0, 12)] == [e.place for e in journal.entries()]
    assert journal.page(0, 1)[0].place == "Booster 4"  # 10 real sessions: 6 + 4
    course.save_plan(CoursePlan(infusions=12, started_on=date(2026, 1, 1)))
    assert journal.page(0, 1)[0].place == "Infusion 10 of 12"


def test_the_chart_series_is_one_compact_read_numbered_as_the_cards_are(journal):
    ids = _fill(journal, 40)
    add_session(journal.database, "2026-02-20T09:00:00Z")  # no mood given at all: a gap
    hidden = [ids[2], ids[11]]
    for skip in ([], hidden):
        points = mood_series(journal.entries(hidden=skip))
        series = journal.mood_series(hidden=skip)
        assert series == points and len(series) == len(points)
        assert series[-1] == points[-1] and points[-1].before is None
        assert journal.mood_rows(hidden=skip) == [(p.number, p.before, p.after) for p in points]
