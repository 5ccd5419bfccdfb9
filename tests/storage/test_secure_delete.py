"""A deleted note's words are gone from the database file, whatever SQLite's build.

Debian builds SQLite with SECURE_DELETE, but Python.org's macOS and Windows builds
do not: there, a deleted session's note stayed in the file's free pages, readable
with a hex editor. Every connection now sets ``PRAGMA secure_delete=ON``. The tests
turn it off on each new connection first, as such a build would have it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

SECRET = "my father's hands on the piano, the day before he died"


pytestmark = pytest.mark.usefixtures("built_without_secure_delete")


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _journal_with(path: Path, count: int) -> tuple[Database, JournalRepository, list[int]]:
    db = Database.open(path)
    journal = JournalRepository(db, path.parent / "rec")
    ids = []
    for number in range(count):
        ids.append(add_session(db, f"2026-03-{number + 1:02d}T09:00:00Z",
                               intention=f"{SECRET} (intention {number})"))
        journal.save_note(ids[-1], f"{SECRET} (note {number}) " + "and more words " * 300)
    return db, journal, ids


def test_every_connection_turns_secure_delete_on(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    try:
        assert db.connection.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        db.close()


def test_a_deleted_sessions_words_are_not_in_the_file(tmp_path: Path):
    path = tmp_path / "k.sqlite3"
    db, journal, ids = _journal_with(path, 3)
    db.close()
    assert SECRET.encode() in _file_bytes(path)
    db = Database.open(path)
    JournalRepository(db, tmp_path / "rec").delete_sessions(ids)
    db.close()
    assert SECRET.encode() not in _file_bytes(path)


def test_an_edited_note_leaves_no_old_words_behind(tmp_path: Path):
    path = tmp_path / "k.sqlite3"
    db, journal, ids = _journal_with(path, 1)
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET intention = '' WHERE id = ?", (ids[0],))
    journal.save_note(ids[0], "only this now")
    db.close()
    assert SECRET.encode() not in _file_bytes(path)
