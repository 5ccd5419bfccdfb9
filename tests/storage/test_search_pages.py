"""Search for a long journal: the ids alone first, snippets only for a page's sessions."""

from __future__ import annotations

from pathlib import Path

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.search import matching, search
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session, add_sessions_in_bulk


def test_ids_come_without_snippets_and_a_page_gets_only_its_own(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    journal = JournalRepository(db, tmp_path)
    ids = []
    for n in range(30):
        ids.append(add_session(db, f"2026-03-{n % 28 + 1:02d}T0{n // 28}:00:00Z",
                               intention="Meet the Ocean" if n % 3 else "rest"))
    for n, sid in enumerate(ids):
        journal.save_note(sid, f"waves and grief {n}" if n % 2 else "quiet")
    everything = search(db.connection, "ocean grief")
    assert matching(db.connection, "ocean grief") == [h.session_id for h in everything]
    assert journal.search("oce GRIEF", hidden=[everything[0].session_id]) == \
        [h.session_id for h in everything[1:]]
    page = [h.session_id for h in everything[2:5]]
    hits = journal.search_hits("ocean grief", only=page + [ids[0]])  # ids[0] does not match
    assert [h.session_id for h in hits] == page
    assert all(h.snippets for h in hits)
    assert [h.snippets for h in hits] == [h.snippets for h in everything[2:5]]
    db.close()


def test_finding_the_ids_reads_no_text(tmp_path: Path):
    # The index's rowids say which session a match belongs to; reading its session_id
    # column instead read every matching text (most of the file at 10,000 sessions).
    db = Database.open(tmp_path / "k.sqlite3")
    journal = JournalRepository(db, tmp_path)
    sid = add_session(db, "2026-03-02T09:00:00Z", intention="meet the ocean",
                      marks=[(60, "Clair de Lune")])
    journal.save_note(sid, "waves and grief")
    db.close()
    db = Database.open(tmp_path / "k.sqlite3")  # fresh: the index prepares what it reads
    journal = JournalRepository(db, tmp_path)
    tables: set[str] = set()

    def note(action: int, table: str | None, *_rest: object) -> int:
        if action == 20 and table:  # SQLITE_READ
            tables.add(table)
        return 0  # SQLITE_OK

    db.connection.set_authorizer(note)
    assert journal.search("ocean lune grief") == [sid]
    db.connection.set_authorizer(None)
    assert "journal_search_content" not in tables and "journal_recent_content" not in tables
    assert "notes" not in tables
    db.close()


def _everything(db: Database, queries: list[str]) -> list[object]:
    found: list[object] = []
    for query in queries:
        hits = search(db.connection, query)
        found.append((matching(db.connection, query), [(h.session_id, h.snippets) for h in hits],
                      search(db.connection, query, only=[h.session_id for h in hits[3:9]])))
    return found


def test_search_finds_the_same_wherever_the_index_keeps_a_text(tmp_path: Path):
    # The index has a hot part for texts written lately and a settled one (migration
    # 14): the same journal gives the same hits and snippets, whichever holds what.
    db = Database.open(tmp_path / "k.sqlite3")
    journal = JournalRepository(db, tmp_path)
    transcripts = TranscriptRepository(db, tmp_path)
    ids = add_sessions_in_bulk(db, 40, words=30)
    takes = [journal.add_take(ids[0], tmp_path / f"{n}.flac", 1.0).id for n in range(4)]
    for n, take in enumerate(takes):
        transcripts.save_heard(take, f"velvet rain {n}", "e")
    conn = db.connection
    with db.transaction() as c:  # all of it settled
        c.execute("INSERT INTO search_settling (texts) VALUES (1000)")
    transcripts.save_edit(takes[0], "velvet rain again")  # the first take's, hot now
    for n, sid in enumerate(ids[::3]):  # some texts written again lately
        journal.save_note(sid, f"velvet swamp, once more {n}")
    split = (conn.execute("SELECT count(*) FROM journal_recent").fetchone()[0],
             conn.execute("SELECT count(*) FROM journal_search").fetchone()[0])
    assert all(split)  # both parts hold texts
    queries = ["velvet rain", "velvet", "swamp velvet", "gri fath", "drift", "once more",
               "calm time music"]
    before = _everything(db, queries)
    assert all(found[0] for found in before)
    with db.transaction() as c:  # everything settles
        c.execute("INSERT INTO search_settling (texts) VALUES (1000)")
    assert conn.execute("SELECT count(*) FROM journal_recent").fetchone()[0] == 0
    assert _everything(db, queries) == before
    db.close()
