"""Search for a long journal: the ids alone first, snippets only for a page's sessions."""

from __future__ import annotations

from pathlib import Path

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.search import matching, search
from tests.builders import add_session


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
    assert "journal_search_content" not in tables
    assert "notes" not in tables
    db.close()
