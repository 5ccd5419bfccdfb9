"""Deleting a session for real removes every file it owns, and its id is never given again.

A deleted session's unsaved draft (drafts/note-<id>.json) and its take files
stayed on disk; the next session could get the same id (sessions.id had no
AUTOINCREMENT) and the old draft then came back as the new session's note.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session


def _add_session(db: Database, started: str = "2026-03-01T09:00:00Z") -> int:
    return add_session(db, started)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    rec, drafts = tmp_path / "rec", tmp_path / "drafts"
    rec.mkdir()
    drafts.mkdir()
    return rec, drafts


def _files_of(session_id: int, rec: Path, drafts: Path) -> list[Path]:
    """What a session leaves on disk: draft, interrupted and finished takes."""
    files = [
        drafts / f"note-{session_id}.json",
        drafts / f"take-{session_id}-20260301T101530.wav",
        drafts / f"take-{session_id}-20260301T101530-1.wav",
        rec / f"take-{session_id}-20260301T100000.flac",  # stored, row not yet written
    ]
    for path in files:
        path.write_bytes(b"private")
    return files


def test_deleting_sessions_hands_back_their_drafts_and_every_take_file(tmp_path, folders):
    rec, drafts = folders
    db = Database.open(tmp_path / "k.sqlite3")
    journal = JournalRepository(db, rec, drafts)
    gone, kept, neighbour = _add_session(db), _add_session(db), None
    for _ in range(9):  # reach id 11, whose files start like session 1's
        neighbour = _add_session(db)
    assert (gone, neighbour) == (1, 11)
    registered = journal.add_take(gone, rec / "take-1-20260301T095000.flac", 4.0).path
    registered.write_bytes(b"private")
    owned = _files_of(gone, rec, drafts) + [registered]
    others = _files_of(kept, rec, drafts) + _files_of(neighbour, rec, drafts)
    (rec / ".take-abc.flac").write_bytes(b"temp")  # a half-written FLAC of nobody's

    files = journal.delete_sessions([gone])

    assert sorted(files) == sorted(owned)
    assert journal.entry(gone) is None and journal.entry(kept) is not None
    assert all(path.exists() for path in others)
    db.close()


def test_a_deleted_sessions_id_is_never_given_to_a_new_session(tmp_path, folders):
    rec, drafts = folders
    db = Database.open(tmp_path / "k.sqlite3")
    journal = JournalRepository(db, rec, drafts)
    first, last = _add_session(db), _add_session(db)
    journal.delete_sessions([last])
    db.close()
    db = Database.open(tmp_path / "k.sqlite3")  # also across a restart
    new = _add_session(db, "2026-03-15T09:00:00Z")
    assert new not in (first, last) and new > last
    db.close()
