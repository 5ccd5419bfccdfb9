"""Every time a repository writes is in the one stored format (core.records.stamp)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ketacompanion.core.checkins import CheckIn, Occasion
from ketacompanion.core.course import CoursePlan, Rhythm
from ketacompanion.core.loudness import Loudness
from ketacompanion.core.measures import Measure
from ketacompanion.core.models import Playlist
from ketacompanion.core.records import SessionState
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.storage.course import CourseRepository
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.loudness import LoudnessCache
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.storage.transcripts import TranscriptRepository

ONE_FORMAT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00")
TIMES = {"playlists": ("created_at", "updated_at"), "sessions": ("started_at", "ended_at"),
         "markers": ("created_at",), "notes": ("updated_at",), "voice_takes": ("created_at",),
         "course_plan": ("updated_at",), "checkins": ("taken_at",),
         "integration_offers": ("offered_at",), "transcripts": ("updated_at",),
         "transcription_queue": ("requested_at",), "loudness": ("measured_at",),
         "builtin_playlists_seeded": ("seeded_at",)}


def test_each_repository_writes_the_one_format(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    athens = timezone(timedelta(hours=2))
    start = datetime(2026, 3, 5, 11, 0, tzinfo=athens)
    playlists = PlaylistRepository(db)
    playlists.add(Playlist(name="Drift"), builtin_key="drift")
    playlists.mark_seeded("drift")
    sessions = SessionRepository(db)
    sid = sessions.create(SessionPlan(45, 15), start, None, None, intention="rest")
    sessions.add_marker(sid, 60, start + timedelta(minutes=1), "Drift")
    sessions.set_state(sid, SessionState.COMPLETED, start + timedelta(minutes=60))
    journal = JournalRepository(db, tmp_path)
    journal.save_note(sid, "a green swamp")
    take = journal.add_take(sid, tmp_path / "t.flac", 3.0)
    transcripts = TranscriptRepository(db, tmp_path)
    transcripts.enqueue(take.id)
    transcripts.save_heard(take.id, "the ocean spoke", "e")
    transcripts.enqueue(take.id)  # asked again: queued until stored
    course = CourseRepository(db)
    course.save_plan(CoursePlan(6, date(2026, 3, 5), None, Rhythm.WEEKLY))
    course.add_checkin(CheckIn(Measure.PHQ9, start, (0,) * 9, Occasion.DURING))
    course.mark_offered(sid, start + timedelta(days=1))
    LoudnessCache(db.connection).put("/m/a.flac", (10, 5), Loudness(-20.0, 0.5))
    conn = db.connection
    for table, columns in TIMES.items():
        for column in columns:
            values = [r[0] for r in conn.execute(f"SELECT {column} FROM {table}")]
            assert values and all(ONE_FORMAT.fullmatch(v) for v in values), (table, values)
    assert conn.execute("SELECT started_at, taken_at FROM sessions, checkins").fetchone()[:] == (
        "2026-03-05T09:00:00.000+00:00", "2026-03-05T09:00:00.000+00:00")
    db.close()
