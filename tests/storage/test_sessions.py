from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ketacompanion.core.records import SessionState
from ketacompanion.core.session_clock import ClockAnchor
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository

START = datetime(2025, 3, 4, 9, 30, 0, 250000, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path):
    database = Database.open(tmp_path / "j.sqlite")
    yield SessionRepository(database)
    database.close()


def test_a_session_is_stored_at_start_with_its_plan(repo):
    plan = SessionPlan(55, 20, 40.0)
    sid = repo.create(plan, START, None, "Gentle piano", "  Let go.  ", 4)
    record = repo.get(sid)
    assert record.started_at == START
    assert record.plan == plan
    assert (record.playlist_name, record.intention, record.mood_before) == (
        "Gentle piano", "Let go.", 4)
    assert record.state == SessionState.RUNNING and not record.rehearsal and record.ended_at is None
    assert record.window_ends_at() == START + timedelta(minutes=75)
    assert repo.get(sid + 1) is None


def test_markers_keep_offset_time_and_what_was_playing(repo):
    sid = repo.create(SessionPlan(), START, None, None)
    repo.add_marker(sid, 612.5, START + timedelta(seconds=612.5), "Theta 6 Hz")
    repo.add_marker(sid, 30.0, START + timedelta(seconds=30), None)
    markers = repo.markers(sid)
    assert [m.offset_s for m in markers] == [30.0, 612.5]
    assert markers[1].playing == "Theta 6 Hz"
    assert markers[1].created_at == START + timedelta(seconds=612.5)


def test_the_latest_open_session_is_found_after_a_crash(repo):
    assert repo.find_interrupted() is None
    old = repo.create(SessionPlan(), START - timedelta(days=3), None, None)
    repo.set_state(old, SessionState.COMPLETED, START - timedelta(days=3, minutes=-60))
    rehearsal = repo.create(SessionPlan.rehearsal(), START, None, None)
    assert repo.get(rehearsal).rehearsal
    assert repo.find_interrupted().id == rehearsal
    repo.set_state(rehearsal, SessionState.RECOVERY)
    assert repo.find_interrupted().state == SessionState.RECOVERY
    repo.set_state(rehearsal, SessionState.INTERRUPTED, START + timedelta(minutes=2))
    assert repo.find_interrupted() is None
    assert repo.get(rehearsal).ended_at == START + timedelta(minutes=2)
    assert repo.get(old).ended_at is not None


def test_the_clock_at_start_is_kept_with_the_plan_and_can_be_replaced(repo):
    plan = SessionPlan(45, 15)
    sid = repo.create(plan, START, None, None, anchor=ClockAnchor("boot-a", 1234.5))
    record = repo.get(sid)
    assert record.anchor == ClockAnchor("boot-a", 1234.5) and record.plan == plan
    repo.set_anchor(sid, ClockAnchor("boot-b", -300.0))  # resumed in a later boot
    assert repo.get(sid).anchor == ClockAnchor("boot-b", -300.0)
    assert repo.get(sid).plan == plan
    older = repo.create(plan, START, None, None)  # as versions before the anchor stored it
    assert repo.get(older).anchor is None and repo.get(older).plan == plan


def test_an_odd_plan_json_keeps_the_session_readable(repo):
    sid = repo.create(SessionPlan(45, 15), START, None, None, anchor=ClockAnchor("b", 1.0))
    with repo._db.transaction() as conn:
        conn.execute("UPDATE sessions SET plan_json = '[1, 2]' WHERE id = ?", (sid,))
    record = repo.get(sid)
    assert record.plan == SessionPlan(45, 15) and record.anchor is None
    repo.set_anchor(sid, ClockAnchor("b", 2.0))
    assert repo.get(sid).anchor == ClockAnchor("b", 2.0)
