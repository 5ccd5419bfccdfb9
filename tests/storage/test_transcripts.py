"""Transcripts stored with the session, the person's corrections kept, and FTS5 search."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.search import MATCH_END, MATCH_START, search
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session


def _session(db: Database, day: str, intention: str = "") -> int:
    return add_session(db, f"{day}T09:00:00Z", intention=intention)


@pytest.fixture
def repos(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    rec = tmp_path / "rec"
    rec.mkdir()
    yield db, JournalRepository(db, rec), TranscriptRepository(db, rec)
    db.close()


def test_engine_text_is_stored_and_the_persons_correction_wins(repos, tmp_path):
    db, journal, transcripts = repos
    sid = _session(db, "2026-03-02")
    take = journal.add_take(sid, tmp_path / "rec" / "a.flac", 3.0)
    assert [p.take_id for p in transcripts.pending()] == [take.id]
    assert transcripts.save_heard(take.id, "I saw a wide motion", "tiny.en")
    assert transcripts.pending() == [] and not transcripts.get(take.id).edited
    assert transcripts.save_edit(take.id, "I saw a wide blue ocean")
    # Transcribed again (older takes on request, a redo): the correction is kept.
    assert not transcripts.save_heard(take.id, "I saw a wide motion", "tiny.en")
    kept = transcripts.get(take.id)
    assert kept.text == "I saw a wide blue ocean" and kept.edited
    assert transcripts.for_sessions([sid]) == {take.id: kept}
    assert journal.search("ocean") == [sid] and journal.search("motion") == []


def test_a_take_deleted_meanwhile_takes_no_transcript(repos, tmp_path):
    db, journal, transcripts = repos
    sid = _session(db, "2026-03-02")
    take = journal.add_take(sid, tmp_path / "rec" / "a.flac", 3.0)
    journal.delete_take(take.id)
    assert not transcripts.save_heard(take.id, "words", "tiny.en")
    assert not transcripts.save_edit(take.id, "words")
    assert transcripts.get(take.id) is None


def test_search_covers_intentions_notes_transcripts_and_marks_with_highlights(repos, tmp_path):
    db, journal, transcripts = repos
    a = _session(db, "2026-03-02", intention="meet my grief")
    b = _session(db, "2026-03-05", intention="rest")
    journal.save_note(a, "A green swamp, then purple light.")
    take = journal.add_take(b, tmp_path / "rec" / "b.flac", 3.0)
    transcripts.save_heard(take.id, "My grandmother was smiling at me by the ocean.", "e")
    with db.transaction() as conn:
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (?, 60, 'x', 'Clair de Lune')", (b,))
    assert journal.search("GRIEF") == [a]
    assert journal.search("grandmo") == [b]  # the start of a word, as one types
    assert journal.search("lune") == [b]
    assert journal.search("swamp ocean") == []  # every word, in one session
    assert journal.search("") == [b, a]
    assert journal.search("rest", hidden=[b]) == []
    hit, = search(db.connection, "smiling ocean")
    assert hit.session_id == b and hit.snippets[0].kind == "transcript"
    assert hit.snippets[0].parts() == [
        ("My grandmother was ", False), ("smiling", True), (" at me by the ", False),
        ("ocean", True), (".", False)]
    assert MATCH_START not in hit.snippets[0].plain and MATCH_END not in hit.snippets[0].plain


def test_edits_and_deletions_keep_the_index_in_step(repos, tmp_path):
    db, journal, transcripts = repos
    sid = _session(db, "2026-03-02", intention="one")
    journal.save_note(sid, "lantern")
    journal.save_note(sid, "harbour")
    assert journal.search("lantern") == [] and journal.search("harbour") == [sid]
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET intention = 'two' WHERE id = ?", (sid,))
    assert journal.search("one") == [] and journal.search("two") == [sid]
    take = journal.add_take(sid, tmp_path / "rec" / "a.flac", 3.0)
    transcripts.save_heard(take.id, "violet", "e")
    journal.delete_take(take.id)
    assert journal.search("violet") == []
    journal.delete_sessions([sid])
    assert db.connection.execute("SELECT count(*) FROM journal_search").fetchone()[0] == 0


def test_quotes_and_symbols_in_a_query_are_words_not_syntax(repos):
    db, journal, _ = repos
    sid = _session(db, "2026-03-02", intention='say "yes" AND NOT no*')
    assert journal.search('"yes') == [sid]
    assert journal.search("NOT") == [sid]
    assert journal.search("* ( ) :") == []  # no word in it: nothing to find


def test_queued_takes_stay_queued_until_their_words_are_stored(repos, tmp_path):
    db, journal, transcripts = repos
    sid = _session(db, "2026-03-02")
    one = journal.add_take(sid, tmp_path / "rec" / "a.flac", 3.0)
    two = journal.add_take(sid, tmp_path / "rec" / "b.flac", 3.0)
    transcripts.enqueue(one.id)
    transcripts.enqueue(one.id)
    transcripts.enqueue(999)  # no such take: nothing queued
    assert [p.take_id for p in transcripts.queued()] == [one.id]
    assert transcripts.queued()[0].path == tmp_path / "rec" / "a.flac"
    transcripts.save_heard(one.id, "words", "e")
    assert transcripts.queued() == [] and [p.take_id for p in transcripts.pending()] == [two.id]


def test_a_deleted_or_corrected_transcripts_words_leave_the_file(tmp_path, monkeypatch):
    import sqlite3

    real = sqlite3.connect

    def connect(*args, **kwargs):  # as Python.org's builds have it: no secure delete
        conn = real(*args, **kwargs)
        conn.execute("PRAGMA secure_delete=OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    path = tmp_path / "k.sqlite3"
    db = Database.open(path)
    journal, transcripts = JournalRepository(db, tmp_path), TranscriptRepository(db, tmp_path)
    secret, fixed = "quetzalcoatl whispered my brother's name", "zanzibar lanterns"
    sid = _session(db, "2026-03-02")
    keep = _session(db, "2026-03-03")
    for n in range(40):  # enough text that pages are freed, not just rewritten
        take = journal.add_take(keep, tmp_path / f"k{n}.flac", 1.0)
        transcripts.save_heard(take.id, f"kept words number {n} " * 30, "e")
    one = journal.add_take(sid, tmp_path / "a.flac", 1.0)
    two = journal.add_take(sid, tmp_path / "b.flac", 1.0)
    transcripts.save_heard(one.id, secret + " " + "and more " * 200, "e")
    transcripts.save_heard(two.id, fixed, "e")
    db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def file_bytes() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.glob("k.sqlite3*"))

    assert b"quetzalcoatl" in file_bytes() and b"zanzibar" in file_bytes()
    transcripts.save_edit(two.id, "harbour lights")
    journal.delete_take(one.id)
    db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert b"quetzalcoatl" not in file_bytes() and b"zanzibar" not in file_bytes()
