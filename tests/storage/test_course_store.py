"""The course plan, check-ins and offers in a real SQLite file; the journal's headings."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from ketacompanion.core.checkins import CheckIn, Occasion
from ketacompanion.core.course import CoursePlan, Rhythm
from ketacompanion.core.export_markdown import session_heading
from ketacompanion.core.measures import Measure
from ketacompanion.storage.course import CourseRepository
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.storage.test_journal import add_session


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "k.sqlite3")
    yield database
    database.close()


def test_the_plan_is_kept_changed_and_cleared(db, tmp_path: Path):
    course = CourseRepository(db)
    assert course.plan() is None
    plan = CoursePlan(6, date(2026, 3, 2), date(2026, 3, 4), Rhythm.BEFORE_EACH)
    course.save_plan(plan)
    assert course.plan() == plan
    course.save_plan(CoursePlan(8, date(2026, 3, 2)))
    assert course.plan() == CoursePlan(8, date(2026, 3, 2))
    db.close()
    again = Database.open(tmp_path / "k.sqlite3")  # durable: a real file read back
    assert CourseRepository(again).plan() == CoursePlan(8, date(2026, 3, 2))
    CourseRepository(again).clear_plan()
    assert CourseRepository(again).plan() is None
    again.close()


def test_checkins_come_back_with_dates_totals_and_bands(db):
    course = CourseRepository(db)
    taken = datetime(2026, 3, 3, 10, 30).astimezone()
    stored = course.add_checkin(CheckIn(Measure.PHQ9, taken, (3, 3, 2, 2, 2, 2, 2, 1, 1),
                                        Occasion.START))
    course.add_checkin(CheckIn(Measure.GAD7, taken, (1,) * 7))
    back = course.checkins()
    assert [c.measure for c in back] == [Measure.PHQ9, Measure.GAD7]
    assert back[0].id == stored.id and back[0].taken_at == taken
    assert (back[0].total, back[0].band, back[0].occasion) == (18, "moderately severe",
                                                               Occasion.START)
    assert (back[1].total, back[1].band) == (7, "mild")
    course.delete_checkin(stored.id)
    assert [c.measure for c in course.checkins()] == [Measure.GAD7]


def test_a_damaged_checkin_row_is_left_out_not_fatal(db):
    with db.transaction() as conn:
        conn.execute("INSERT INTO checkins (measure, taken_at, answers, total) "
                     "VALUES ('PHQ-9', '2026-03-02T09:00:00+00:00', '00x', 0)")
    assert CourseRepository(db).checkins() == []


def test_an_offer_is_remembered_once(db):
    course = CourseRepository(db)
    sid = add_session(db, "2026-03-02T09:00:00Z")
    assert not course.was_offered(sid)
    course.mark_offered(sid, datetime(2026, 3, 3, 10).astimezone())
    course.mark_offered(sid, datetime(2026, 3, 4, 10).astimezone())
    assert course.was_offered(sid)


def test_the_journal_reads_infusion_n_of_6_with_rehearsals_apart(db, tmp_path: Path):
    for day, rehearsal in ((2, True), (3, True), (4, False), (6, False), (9, False)):
        add_session(db, f"2026-03-0{day}T09:00:00Z", rehearsal=rehearsal)
    journal = JournalRepository(db, tmp_path)
    assert [session_heading(e).split(" · ")[0] for e in journal.entries()] == [
        "Session 3", "Session 2", "Session 1", "Rehearsal", "Rehearsal"]
    CourseRepository(db).save_plan(CoursePlan(6, date(2026, 3, 1)))
    entries = journal.entries()
    assert [session_heading(e).split(" · ")[0] for e in entries] == [
        "Infusion 3 of 6", "Infusion 2 of 6", "Infusion 1 of 6", "Rehearsal", "Rehearsal"]
    # One session asked for by id still gets its place in the whole course.
    assert journal.entry(entries[0].session_id).place == "Infusion 3 of 6"


def test_the_latest_real_sessions_come_newest_first_without_rehearsals(db):
    """What the offer after an infusion reads at start-up, instead of every session."""
    for day in range(1, 29):
        add_session(db, f"2026-02-{day:02d}T09:00:00.000+00:00")
    rehearsal = add_session(db, "2026-03-02T09:00:00.000+00:00", rehearsal=True)
    latest = add_session(db, "2026-03-01T09:00:00.000+00:00")
    starts = CourseRepository(db).latest_real_starts(3)
    assert [s.session_id for s in starts][0] == latest
    assert len(starts) == 3 and rehearsal not in [s.session_id for s in starts]
    assert [s.started_at for s in starts] == sorted((s.started_at for s in starts), reverse=True)
    everything = CourseRepository(db).session_starts()
    newest_real = max((s for s in everything if not s.rehearsal), key=lambda s: s.started_at)
    assert starts[0] == newest_real


def test_an_offer_may_be_due_only_for_a_recent_real_session_never_offered(db):
    """The start-up's one query: nothing more is read when it says no."""
    course = CourseRepository(db)
    since = datetime.fromisoformat("2026-03-01T10:00:00+00:00")
    assert not course.offer_may_be_due(since)  # no sessions at all
    add_session(db, "2026-02-27T09:00:00.000+00:00")  # before ``since``
    add_session(db, "2026-03-02T09:00:00.000+00:00", rehearsal=True)
    assert not course.offer_may_be_due(since)
    recent = add_session(db, "2026-03-02T09:00:00.000+00:00")
    assert course.offer_may_be_due(since)
    course.mark_offered(recent, datetime.fromisoformat("2026-03-03T10:00:00+00:00"))
    assert not course.offer_may_be_due(since)
    # An older version's start with a local offset is still seen (the caller leaves days
    # to spare; the offset moves it by hours).
    add_session(db, "2026-03-01T20:00:00-08:00")
    assert course.offer_may_be_due(since)
