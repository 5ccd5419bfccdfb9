"""A draft without a session mark is a session's only if it exists and the draft is newer.

These drafts and takes are as earlier versions wrote them, without the mark
that now tells sessions apart (see test_draft_owner_clock_back.py); for them
the time is all there is to go by.

Drafts are named by session id alone. A draft left by a session that was later
deleted must not come back as the note (or the start-up recovery) of another
session, nor of a new session that was given the same id; and an interrupted
voice take left by it must not become a take of that new session either.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from ketacompanion.core.records import parse_time
from ketacompanion.core.wav_file import CrashSafeWavWriter
from ketacompanion.services.notes import NoteDrafts
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

STALE = "PRIVATE words of a session since deleted"


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    (tmp_path / "drafts").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def _session(journal: JournalRepository, started: str) -> int:
    return add_session(journal.database, started)


def _draft(folder: Path, session_id: int, text: str, saved_at: str) -> Path:
    path = folder / f"note-{session_id}.json"
    path.write_text(json.dumps({"session_id": session_id, "text": text, "saved_at": saved_at}))
    return path


def test_a_draft_written_before_its_session_began_is_not_its_note(qtbot, journal, tmp_path):
    folder = tmp_path / "drafts"
    sid = _session(journal, "2026-03-15T09:00:00.250+00:00")
    stale = _draft(folder, sid, STALE, "2026-03-08T10:00:00Z")
    drafts = NoteDrafts(journal, folder)
    assert drafts.recoverable() == []
    assert drafts.open(sid) == ("", None)
    drafts.edit("today's words")
    drafts.close()
    assert journal.note(sid) == "today's words"
    # Set aside, not thrown away (a wrong clock could also make a draft look old).
    aside = [p for p in folder.iterdir() if STALE in p.read_text()]
    assert len(aside) == 1 and aside[0] != stale


def test_a_draft_of_a_session_that_does_not_exist_is_not_offered(journal, tmp_path):
    folder = tmp_path / "drafts"
    _session(journal, "2026-03-01T09:00:00Z")
    orphan = _draft(folder, 99, STALE, "2026-03-08T10:00:00Z")
    assert NoteDrafts(journal, folder).recoverable() == []
    assert orphan.exists()  # left for a person to inspect, never offered to another session


def test_a_draft_written_in_the_second_its_session_began_still_counts(journal, tmp_path):
    folder = tmp_path / "drafts"
    sid = _session(journal, "2026-03-15T09:00:00.900+00:00")
    _draft(folder, sid, "first words", "2026-03-15T09:00:00Z")  # saved_at has whole seconds
    [found] = NoteDrafts(journal, folder).recoverable()
    assert found.text == "first words"


def test_an_interrupted_take_older_than_its_session_is_not_given_to_it(journal, tmp_path):
    drafts = tmp_path / "drafts"
    sid = _session(journal, "2026-03-15T09:00:00Z")
    wav = drafts / f"take-{sid}-20260308T100000.wav"
    writer = CrashSafeWavWriter(wav, 16000)
    writer.write(np.ones(1600, dtype="<i2").tobytes())
    writer.close()
    before = parse_time("2026-03-08T10:05:00Z").timestamp()
    os.utime(wav, (before, before))  # recorded a week before this session began
    takes = TakeStore(journal, tmp_path / "rec", drafts)
    assert takes.recover() == []
    assert journal.takes(sid) == [] and wav.exists()
