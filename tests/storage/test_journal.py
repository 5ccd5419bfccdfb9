from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests import builders


def add_session(db: Database, started: str, *, rehearsal: bool = False, intention: str = "",
                ended: str | None = None, playlist: str = "Drift", mood_before: int = 4) -> int:
    return builders.add_session(db, started, playlist_name=playlist, intention=intention,
                                mood_before=mood_before, rehearsal=rehearsal, ended=ended)


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def test_entries_newest_first_with_series_numbers_skipping_rehearsals(journal):
    db = journal._db
    first = add_session(db, "2026-03-01T09:00:00Z", ended="2026-03-01T09:50:00Z")
    rehearsal = add_session(db, "2026-03-02T09:00:00Z", rehearsal=True)
    second = add_session(db, "2026-03-03T09:00:00Z", intention="let go")
    entries = journal.entries()
    assert [e.session_id for e in entries] == [second, rehearsal, first]
    assert [e.number for e in entries] == [2, None, 1]
    assert entries[2].minutes == pytest.approx(50)
    assert entries[0].minutes == 45  # not ended: as planned
    assert entries[0].intention == "let go"
    assert [e.session_id for e in journal.entries(since="2026-03-02")] == [second, rehearsal]
    assert [e.session_id for e in journal.entries(hidden=[second])] == [rehearsal, first]
    assert journal.entries(session_ids=[]) == []
    assert journal.entry(12345) is None


def test_notes_markers_takes_and_mood(journal, tmp_path: Path):
    db = journal._db
    sid = add_session(db, "2026-03-01T09:00:00Z")
    with db.transaction() as conn:
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (?, 1200, '2026-03-01T09:20:00Z', '''Drift'' (piano)')", (sid,))
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (?, 300, '2026-03-01T09:05:00Z', NULL)", (sid,))
    assert journal.note(sid) == ""
    journal.save_note(sid, "purple light")
    journal.save_note(sid, "purple and white light")
    journal.set_mood_after(sid, 7)
    with pytest.raises(ValueError):
        journal.set_mood_after(sid, 11)
    take = journal.add_take(sid, tmp_path / "rec" / "a.flac", 12.5)
    assert take.path == tmp_path / "rec" / "a.flac"
    stored = db.connection.execute("SELECT path FROM voice_takes").fetchone()[0]
    assert stored == "a.flac"  # relative: the data folder can move
    entry = journal.entry(sid)
    assert entry.note == "purple and white light"
    assert entry.mood_after == 7
    assert [m.offset_s for m in entry.markers] == [300, 1200]
    assert entry.markers[1].playing == "'Drift' (piano)"
    assert [t.duration_s for t in entry.takes] == [12.5]
    assert journal.delete_take(take.id) == take.path
    assert journal.takes(sid) == []


def test_search_matches_every_word_in_notes_and_intentions_ignoring_case(journal):
    db = journal._db
    a = add_session(db, "2026-03-01T09:00:00Z", intention="Meet my grief gently")
    b = add_session(db, "2026-03-02T09:00:00Z")
    c = add_session(db, "2026-03-03T09:00:00Z")
    journal.save_note(b, "A green SWAMP, then a forest. Grief felt lighter.")
    journal.save_note(c, "Falling sensation.")
    assert journal.search("grief") == [b, a]
    assert journal.search("GRIEF forest") == [b]
    assert journal.search("swamp") == [b]
    assert journal.search("ocean") == []
    assert journal.search("") == [c, b, a]
    assert journal.search("grief", hidden=[b]) == [a]


def test_delete_sessions_cascades_and_returns_take_files(journal, tmp_path: Path):
    db = journal._db
    sid = add_session(db, "2026-03-01T09:00:00Z")
    keep = add_session(db, "2026-03-02T09:00:00Z")
    journal.save_note(sid, "x")
    journal.add_take(sid, tmp_path / "rec" / "a.flac", 1.0)
    files = journal.delete_sessions([sid])
    assert files == [tmp_path / "rec" / "a.flac"]
    assert [e.session_id for e in journal.entries()] == [keep]
    for table in ("notes", "voice_takes"):
        assert db.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
