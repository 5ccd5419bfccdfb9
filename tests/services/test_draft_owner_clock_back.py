"""A note or a take made after the wall clock went back is still the session's own.

The session began while the clock was an hour fast; then NTP (or the person)
put it right. Everything written since carries a time before the session's
start. Ownership used to be decided by comparing those times: the autosaved
note was then never committed, never offered back, and set aside as stale; an
interrupted take stayed in drafts for good.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.core.wav_file import CrashSafeWavWriter
from ketacompanion.services.notes import NoteDrafts
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.sessions import SessionRepository

WORDS = "what I saw during the infusion"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    (tmp_path / "rec").mkdir()
    (tmp_path / "drafts").mkdir()
    return tmp_path / "k.sqlite3", tmp_path / "rec", tmp_path / "drafts"


def _fast_clock_session(database: Path) -> int:
    """A session created while the wall clock ran an hour fast (since corrected)."""
    db = Database.open(database)
    try:
        started = datetime.now(UTC) + timedelta(hours=1)
        return SessionRepository(db).create(SessionPlan(minutes=45, recovery_minutes=15),
                                            started, None, None)
    finally:
        db.close()


def test_a_note_autosaved_after_the_clock_went_back_is_committed(qtbot, folders):
    database, rec, folder = folders
    sid = _fast_clock_session(database)
    db = Database.open(database)
    journal = JournalRepository(db, rec, folder)
    drafts = NoteDrafts(journal, folder)
    assert drafts.open(sid) == ("", None)
    drafts.edit(WORDS)
    drafts.save_draft()  # the 1 s autosave
    assert drafts.unsaved_after_commit() is None  # the window is told it may close...
    drafts.close()
    assert journal.note(sid) == WORDS  # ...so the words must be in the journal
    db.close()

    db = Database.open(database)
    try:
        journal = JournalRepository(db, rec, folder)
        assert NoteDrafts(journal, folder).open(sid) == (WORDS, None)
        assert not list(folder.iterdir())  # nothing set aside as stale
    finally:
        db.close()


def test_a_note_autosaved_after_the_clock_went_back_is_offered_after_a_kill(qtbot, folders):
    database, rec, folder = folders
    sid = _fast_clock_session(database)
    db = Database.open(database)
    drafts = NoteDrafts(JournalRepository(db, rec, folder), folder)
    drafts.open(sid)
    drafts.edit(WORDS)
    drafts.save_draft()
    db.close()  # killed: no commit

    db = Database.open(database)
    try:
        drafts = NoteDrafts(JournalRepository(db, rec, folder), folder)
        [found] = drafts.recoverable()
        assert (found.session_id, found.text) == (sid, WORDS)
        text, draft = drafts.open(sid)
        assert text == WORDS and draft is not None
    finally:
        db.close()


def test_a_take_interrupted_after_the_clock_went_back_is_recovered(qtbot, folders):
    database, rec, folder = folders
    sid = _fast_clock_session(database)
    db = Database.open(database)
    try:
        journal = JournalRepository(db, rec, folder)
        wav = TakeStore(journal, rec, folder).new_draft_path(sid)
        writer = CrashSafeWavWriter(wav, 16000)
        writer.write(np.ones(1600, dtype="<i2").tobytes())
        writer.close()  # then the app was killed before Stop finished it
        [take] = TakeStore(journal, rec, folder).recover()
        assert take.session_id == sid and take.path.exists()
        assert not list(folder.iterdir())  # nothing of the take left in drafts
    finally:
        db.close()


def test_a_draft_of_an_earlier_session_with_the_same_id_is_still_refused(qtbot, folders):
    """The identity mark, not the clock, now tells them apart, whatever the times say."""
    database, rec, folder = folders
    sid = _fast_clock_session(database)
    (folder / f"note-{sid}.json").write_text(json.dumps({
        "session_id": sid, "text": "PRIVATE words of a deleted session",
        "saved_at": "2099-01-01T00:00:00Z",  # later than the start: the clock cannot tell
        "session_started_at": "2026-03-08T09:00:00.000+00:00"}))
    db = Database.open(database)
    try:
        drafts = NoteDrafts(JournalRepository(db, rec, folder), folder)
        assert drafts.recoverable() == []
        assert drafts.open(sid) == ("", None)
    finally:
        db.close()
