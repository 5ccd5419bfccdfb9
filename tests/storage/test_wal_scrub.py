"""A removed text's old words leave the WAL file too, not only the database file.

The journal runs in WAL mode: every page a save writes goes first to
``ketacompanion.sqlite3-wal``, and old versions of pages (a deleted note, an edited
note's old words, a replaced transcript) stay there until a checkpoint empties it.
Closing the journal did that; a laptop that sleeps instead of quitting kept the
words for days. These tests read the raw bytes of both files as the app runs
(secure_delete on, no close, no checkpoint by the test): an explicit delete
empties the WAL at once; an edit leaves the WAL marked unscrubbed until
:meth:`Database.scrub_wal` (which services/wal_scrubber.py calls once the typing
settles). A reader holding a snapshot makes the scrub wait, never the UI; a full
disk fails it quietly and nothing is lost.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from ketacompanion.storage.database import Database, Scrub
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session, add_sessions_in_bulk

SECRET = "quetzalsecret"
NOTE = f"my {SECRET} words about the light " * 40


def _wal(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def _holders(path: Path, word: str = SECRET) -> list[str]:
    """Which of the database file, its WAL and its shared index hold ``word``, as raw bytes."""
    shm = path.with_name(path.name + "-shm")
    files = {"main": path.read_bytes(), "wal": _wal(path),
             "shm": shm.read_bytes() if shm.exists() else b""}
    return [name for name, data in files.items() if word.encode() in data]


class Journal:
    """A journal of a few sessions, one of them holding SECRET in its note and a transcript."""

    def __init__(self, root: Path) -> None:
        self.path = root / "ketacompanion.sqlite3"
        self.db = Database.open(self.path)
        self.journal = JournalRepository(self.db, root)
        self.transcripts = TranscriptRepository(self.db, root)
        add_sessions_in_bulk(self.db, 20, seed=3)
        self.sid = add_session(self.db, "2026-03-02T09:00:00Z", note=NOTE,
                               intention=f"meet the {SECRET}")
        self.take = self.journal.add_take(self.sid, root / "a.flac", 3.0).id
        self.transcripts.save_heard(self.take, f"I said {SECRET} twice " * 10, "e")
        # The words are in the WAL as a running app leaves them (no checkpoint since).
        assert "wal" in _holders(self.path)

    def close(self) -> None:
        self.db.close()


@pytest.fixture
def j(tmp_path: Path):
    journal = Journal(tmp_path)
    yield journal
    journal.close()


def test_the_app_runs_with_secure_delete_and_a_small_wal_limit(j: Journal):
    conn = j.db.connection
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    # A WAL that SQLite restarts (after its own automatic checkpoints) is cut back to
    # what the next save writes, instead of keeping older frames beyond it.
    assert conn.execute("PRAGMA journal_size_limit").fetchone()[0] == 0


def test_a_deleted_session_leaves_the_wal_and_the_file_at_once(j: Journal):
    j.journal.delete_sessions([j.sid])
    assert _holders(j.path) == []
    assert not j.db.wal_unscrubbed
    assert j.journal.search(SECRET) == []


def test_a_deleted_voice_note_takes_its_words_out_of_the_wal_at_once(j: Journal):
    j.journal.save_note(j.sid, "")
    j.db.connection.execute("UPDATE sessions SET intention = '' WHERE id = ?", (j.sid,))
    j.journal.delete_take(j.take)
    assert _holders(j.path) == []


@pytest.mark.parametrize("kind", ["note edited", "transcript replaced", "transcript corrected"])
def test_an_edits_old_words_stay_only_until_the_scrub(j: Journal, kind: str):
    j.journal.save_note(j.sid, "")
    j.db.connection.execute("UPDATE sessions SET intention = '' WHERE id = ?", (j.sid,))
    j.transcripts.save_heard(j.take, "only fern words now", "e")
    assert j.db.scrub_wal() is Scrub.DONE and _holders(j.path) == []
    # The texts hold SECRET again, written and scrubbed long ago; now the edit.
    j.journal.save_note(j.sid, NOTE)
    j.transcripts.save_heard(j.take, NOTE, "e")
    assert j.db.scrub_wal() is Scrub.DONE
    if kind == "note edited":
        j.journal.save_note(j.sid, "only fern words now")
        j.transcripts.save_edit(j.take, "only fern words now")
    elif kind == "transcript replaced":
        j.journal.save_note(j.sid, "")
        j.transcripts.save_heard(j.take, "heard again: fern", "e")
    else:
        j.journal.save_note(j.sid, "")
        j.transcripts.save_edit(j.take, "corrected: fern")
    # A save never waits for a checkpoint (issue 18's save goal): the old frames are
    # still in the WAL, and the journal says so for the scrubber.
    assert j.db.wal_unscrubbed
    assert j.db.scrub_wal() is Scrub.DONE
    assert _holders(j.path) == [] and not j.db.wal_unscrubbed
    assert j.journal.search("fern") == [j.sid]


def test_a_reader_holding_a_snapshot_makes_the_scrub_wait_not_the_person(j: Journal):
    reader = sqlite3.connect(j.path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM sessions").fetchone()[0] == 21
        started = time.monotonic()
        j.journal.delete_sessions([j.sid])  # the scrub is tried, and cannot finish
        waited = time.monotonic() - started
        # The journal's busy timeout is 5 s: a scrub that waited for the reader
        # would have frozen the window that long.
        assert waited < 2.0
        assert j.db.wal_unscrubbed and "wal" in _holders(j.path)
        assert j.db.scrub_wal() is Scrub.BUSY
        assert j.db.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert j.db.scrub_wal() is Scrub.DONE
    assert _holders(j.path) == [] and not j.db.wal_unscrubbed


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_full_disk_fails_the_scrub_quietly_and_loses_nothing(
        j: Journal, caplog: pytest.LogCaptureFixture):
    import resource
    import signal

    add_sessions_in_bulk(j.db, 40, seed=4)  # pages the checkpoint must add to the file
    j.journal.save_note(j.sid, "fern")
    counted = j.journal.count()
    size = j.path.stat().st_size
    before = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))  # the disk is full
    try:
        with caplog.at_level(logging.WARNING):
            assert j.db.scrub_wal() is Scrub.FAILED
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, before)
    assert j.db.wal_unscrubbed
    assert "checkpoint" in caplog.text and SECRET not in caplog.text
    # Nothing lost: every session and the note as saved, read through the journal.
    assert j.journal.count() == counted and j.journal.note(j.sid) == "fern"
    assert j.db.scrub_wal() is Scrub.DONE  # the retry, once there is room again
    assert _wal(j.path) == b"" and not j.db.wal_unscrubbed
    assert j.db.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_protected_journals_wal_is_emptied_by_the_same_rules(tmp_path: Path):
    from ketacompanion.core.keychain import DataKey

    path = tmp_path / "ketacompanion.sqlite3"
    db = Database.open(path, key=DataKey.generate())
    try:
        journal = JournalRepository(db, tmp_path)
        sid = add_session(db, "2026-03-02T09:00:00Z", note=NOTE)
        assert path.with_name(path.name + "-wal").stat().st_size > 0
        assert db.connection.execute("PRAGMA journal_size_limit").fetchone()[0] == 0
        journal.delete_sessions([sid])
        # Its pages are encrypted, so no word can be read either way; the promise is
        # the same: no old page of it is left in the WAL.
        assert path.with_name(path.name + "-wal").stat().st_size == 0
        assert not db.wal_unscrubbed
    finally:
        db.close()
