"""An edited or deleted text's old words leave the file, wherever the index keeps them.

FTS5 keeps a deleted text's words in its index segments until they are merged away,
where ``PRAGMA secure_delete`` cannot reach. The index must not hold them after a
save, whether the text was written a moment ago (still being edited) or long ago
(settled among thousands), for each of the four kinds it holds. Each test reads the
database file's and its WAL's raw bytes after the save and its checkpoint (what
closing the journal does), on a connection without SQLite's own secure delete, as
Python.org's builds have it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session, add_sessions_in_bulk

# One unique word per kind, and what each becomes after an edit.
OLD = {"intention": "quetzalintent", "note": "zanzibarnote", "transcript": "xylophoneheard",
       "mark": "marimbaplaying"}
NEW = {kind: word.replace(word[:4], "fern") for kind, word in OLD.items()}


pytestmark = pytest.mark.usefixtures("built_without_secure_delete")


class Journal:
    """A journal holding one session whose four texts carry the OLD words."""

    def __init__(self, path: Path, settled: bool) -> None:
        self.path = path
        self.db = Database.open(path)
        self.journal = JournalRepository(self.db, path.parent)
        self.transcripts = TranscriptRepository(self.db, path.parent)
        add_sessions_in_bulk(self.db, 30, seed=1)
        self.sid = add_session(self.db, "2026-03-02T09:00:00Z",
                               intention=f"meet the {OLD['intention']} again",
                               note=f"a green {OLD['note']} and purple light " * 40,
                               marks=[(60.0, f"{OLD['mark']} in the rain")])
        self.take = self.journal.add_take(self.sid, path.parent / "a.flac", 3.0).id
        self.transcripts.save_heard(self.take, f"I said {OLD['transcript']} twice", "e")
        if settled:  # long ago: thousands of words came into the index after it
            add_sessions_in_bulk(self.db, 150, seed=2)

    def checkpointed_bytes(self) -> bytes:
        self.db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return b"".join(p.read_bytes() for p in self.path.parent.glob(self.path.name + "*"))

    def found(self, word: str) -> list[int]:
        return self.journal.search(word)


def _edit(j: Journal, kind: str, text: str | None) -> None:
    """Change (or with None, remove) the session's text of ``kind`` as the app does."""
    conn = j.db.connection
    if kind == "note":
        j.journal.save_note(j.sid, text or "")
    elif kind == "transcript" and text is None:
        j.journal.delete_take(j.take)
    elif kind == "transcript":
        j.transcripts.save_edit(j.take, text)
    elif kind == "intention":  # only a schema-level edit: the app writes it at Start
        with j.db.transaction():
            conn.execute("UPDATE sessions SET intention = ? WHERE id = ?", (text, j.sid))
    elif text is None:
        with j.db.transaction():
            conn.execute("DELETE FROM markers WHERE session_id = ?", (j.sid,))
    else:
        with j.db.transaction():
            conn.execute("UPDATE markers SET playing = ? WHERE session_id = ?", (text, j.sid))


KINDS = sorted(OLD)
WHEN = pytest.mark.parametrize("settled", [False, True], ids=["fresh", "settled"])


@WHEN
@pytest.mark.parametrize("kind", KINDS)
def test_an_edited_texts_old_words_leave_the_file(tmp_path: Path, kind: str, settled: bool):
    j = Journal(tmp_path / "k.sqlite3", settled)
    assert OLD[kind].encode() in j.checkpointed_bytes()
    _edit(j, kind, f"now {NEW[kind]} only")
    assert OLD[kind].encode() not in j.checkpointed_bytes()
    assert j.found(NEW[kind]) == [j.sid] and j.found(OLD[kind]) == []
    assert all(j.found(OLD[other]) == [j.sid] for other in KINDS if other != kind)
    j.db.close()


@WHEN
@pytest.mark.parametrize("kind", KINDS)
def test_a_removed_texts_words_leave_the_file(tmp_path: Path, kind: str, settled: bool):
    j = Journal(tmp_path / "k.sqlite3", settled)
    _edit(j, kind, None)
    assert OLD[kind].encode() not in j.checkpointed_bytes()
    assert j.found(OLD[kind]) == []
    j.db.close()


@WHEN
def test_a_deleted_sessions_words_all_leave_the_file(tmp_path: Path, settled: bool):
    j = Journal(tmp_path / "k.sqlite3", settled)
    j.journal.delete_sessions([j.sid])
    data = j.checkpointed_bytes()
    assert [kind for kind in KINDS if OLD[kind].encode() in data] == []
    j.db.close()


def test_words_typed_over_many_saves_leave_no_trail(tmp_path: Path):
    # Autosave: the same note saved again and again as it is written and rewritten.
    j = Journal(tmp_path / "k.sqlite3", settled=True)
    for n in range(40):
        j.journal.save_note(j.sid, f"draft {n}: velvetdraft{n} words")
        if n % 10 == 9:  # new sessions meanwhile push older texts on
            add_sessions_in_bulk(j.db, 20, seed=n)
    data = j.checkpointed_bytes()
    assert [n for n in range(39) if f"velvetdraft{n} ".encode() in data] == []
    assert j.found("velvetdraft39") == [j.sid]
    j.db.close()


def test_the_words_of_a_session_deleted_with_others_leave_the_file(tmp_path: Path):
    j = Journal(tmp_path / "k.sqlite3", settled=True)
    others = [sid for (sid,) in j.db.connection.execute(
        "SELECT id FROM sessions WHERE id != ? ORDER BY id DESC LIMIT 5", (j.sid,))]
    j.journal.delete_sessions([*others[:2], j.sid, *others[2:]])
    assert [kind for kind in KINDS if OLD[kind].encode() in j.checkpointed_bytes()] == []
    assert j.found("velvet") and not set(j.found("velvet")) & {j.sid, *others}
    j.db.close()


def test_a_text_that_just_settled_leaves_no_copy_behind_in_the_hot_part(tmp_path: Path):
    # Texts written lately sit in a small hot index and settle into the large one as
    # newer ones come (migration 14). The move must take the words out of the hot
    # index's segments too, or removing the settled text would leave a copy there.
    path = tmp_path / "k.sqlite3"
    db = Database.open(path)
    journal = JournalRepository(db, tmp_path)
    sid = add_session(db, "2026-03-02T09:00:00Z", intention=f"meet the {OLD['intention']}")

    def held_by(part: str) -> int:
        return db.connection.execute(f"SELECT count(*) FROM {part} WHERE {part} MATCH ?",
                                     (OLD["intention"],)).fetchone()[0]

    later = 0
    while held_by("journal_recent"):  # one short text at a time, until it just settled
        later += 1
        add_session(db, f"2026-03-03T09:{later % 60:02d}:00Z", intention=f"rest {later}")
    assert held_by("journal_search") == 1 and later < 200
    journal.delete_sessions([sid])
    db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert OLD["intention"].encode() not in b"".join(
        p.read_bytes() for p in tmp_path.glob("k.sqlite3*"))
    db.close()
