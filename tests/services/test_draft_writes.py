"""A draft write a kill cut short leaves no words behind, and loses none.

A kill during the fsync of an autosave leaves ``drafts/.note-<id>.json.<random>.tmp``
holding the note's text. It used to survive every restart and even the deletion
of its session. Now start-up recovers it when it is newer than what is saved, and
clears it either way; deleting the session removes it too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ketacompanion.services.draft_writes import settle_unfinished_writes
from ketacompanion.services.notes import NoteDrafts
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

STARTED = "2026-03-01T09:00:00.000+00:00"  # as the session's start is stored
NEWEST = "the purple light, and then the words I was still typing"


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    (tmp_path / "drafts").mkdir()
    yield JournalRepository(db, tmp_path / "rec", tmp_path / "drafts")
    db.close()


def _session(journal: JournalRepository, started: str = STARTED) -> int:
    return add_session(journal.database, started)


def _payload(sid: int, text: str, saved_at: str, mark: str | None = STARTED) -> str:
    return json.dumps({"session_id": sid, "text": text, "saved_at": saved_at,
                       "session_started_at": mark})


def _killed_during_fsync(target: Path, text: str) -> Path:
    """Write ``text`` to ``target`` as autosave does, in a process killed inside the fsync."""
    script = textwrap.dedent("""
        import os, signal, sys
        from pathlib import Path
        from ketacompanion.core import files
        files.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
        files.atomic_write_text(Path(sys.argv[1]), sys.argv[2])
    """)
    done = subprocess.run([sys.executable, "-c", script, str(target), text], timeout=60)
    assert done.returncode == -9
    left = list(target.parent.glob(f".{target.name}.*.tmp"))
    assert len(left) == 1 and left[0].read_text(encoding="utf-8") == text
    return left[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_killed_in_its_fsync_comes_back_as_the_draft(qtbot, journal, tmp_path: Path):
    folder = tmp_path / "drafts"
    sid = _session(journal)
    journal.save_note(sid, "the purple light")
    drafts = NoteDrafts(journal, folder)
    drafts.open(sid)
    drafts.edit("the purple light, and")
    drafts.save_draft()  # an earlier autosave went through
    _killed_during_fsync(folder / f"note-{sid}.json", _payload(sid, NEWEST, "2099-01-01T00:00:00Z"))

    assert settle_unfinished_writes(journal, folder) == 1
    assert _leftovers(folder) == []
    found = NoteDrafts(journal, folder).recoverable()
    assert [(d.session_id, d.text) for d in found] == [(sid, NEWEST)]
    assert settle_unfinished_writes(journal, folder) == 0  # settled once and for all


def test_a_first_save_killed_comes_back_over_the_older_note(journal, tmp_path: Path):
    folder = tmp_path / "drafts"
    sid = _session(journal)
    journal.save_note(sid, "the purple light")
    _killed_during_fsync(folder / f"note-{sid}.json", _payload(sid, NEWEST, "2099-01-01T00:00:00Z"))
    assert settle_unfinished_writes(journal, folder) == 1
    assert [d.text for d in NoteDrafts(journal, folder).recoverable()] == [NEWEST]
    assert _leftovers(folder) == []


def test_a_write_older_than_what_is_saved_is_cleared(journal, tmp_path: Path):
    folder = tmp_path / "drafts"
    second = "2026-03-02T09:00:00.000+00:00"  # the second session's start as stored
    committed, drafted = _session(journal), _session(journal, second)
    journal.save_note(committed, "words written later and committed")  # saved now: newer
    (folder / f".note-{committed}.json.old1abcd.tmp").write_text(
        _payload(committed, "older words", "2026-03-01T10:00:00Z"))
    (folder / f"note-{drafted}.json").write_text(
        _payload(drafted, "the newer draft", "2026-03-02T11:00:00Z", second))
    (folder / f".note-{drafted}.json.old2abcd.tmp").write_text(
        _payload(drafted, "an older try", "2026-03-02T10:00:00Z", second))
    (folder / f".note-{drafted}.json.new3abcd.tmp").write_text(
        _payload(drafted, "the newest try", "2026-03-02T12:00:00Z", second))

    assert settle_unfinished_writes(journal, folder) == 1
    assert _leftovers(folder) == []
    assert journal.note(committed) == "words written later and committed"
    assert [d.text for d in NoteDrafts(journal, folder).recoverable()] == ["the newest try"]


def test_words_of_a_deleted_session_are_cleared(journal, tmp_path: Path):
    folder = tmp_path / "drafts"
    gone = _session(journal)
    journal.delete_sessions([gone])
    reused = _session(journal, "2026-03-05T09:00:00Z")  # SQLite may give the id again
    (folder / f".note-{gone}.json.abcd1234.tmp").write_text(
        _payload(gone, "words of a deleted session", "2026-03-01T10:00:00Z"))
    (folder / ".note-77.json.abcd1234.tmp").write_text(
        _payload(77, "no session has this id", "2026-03-01T10:00:00Z"))
    assert settle_unfinished_writes(journal, folder) == 0
    assert _leftovers(folder) == [] and list(folder.iterdir()) == []
    assert journal.note(reused) == ""


def test_a_write_cut_short_is_set_aside_not_lost_and_an_empty_one_removed(journal, tmp_path):
    folder = tmp_path / "drafts"
    sid = _session(journal)
    whole = _payload(sid, "a green swamp, a grey velvet drape", "2026-03-01T10:00:00Z")
    (folder / f".note-{sid}.json.half1234.tmp").write_text(whole[: len(whole) // 2])
    (folder / f".note-{sid}.json.zero1234.tmp").write_bytes(b"\0" * 64)
    (folder / f".note-{sid}.json.empt1234.tmp").write_bytes(b"")
    assert settle_unfinished_writes(journal, folder) == 0
    assert _leftovers(folder) == []
    kept = list(folder.glob(f"stale-note-{sid}-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == whole[: len(whole) // 2]
    # Kept for a person, never offered as the note; it goes with its session.
    assert NoteDrafts(journal, folder).recoverable() == []
    for path in journal.delete_sessions([sid]):
        path.unlink()
    assert list(folder.iterdir()) == []


def test_deleting_a_session_removes_its_unfinished_writes(journal, tmp_path: Path):
    folder = tmp_path / "drafts"
    first, eleventh = _session(journal), None
    for _ in range(10):
        eleventh = _session(journal)
    assert (first, eleventh) == (1, 11)
    mine = folder / ".note-1.json.abcd1234.tmp"
    mine.write_text(_payload(1, "private words", "2026-03-01T10:00:00Z"))
    other = folder / ".note-11.json.abcd1234.tmp"
    other.write_text(_payload(11, "session 11's words", "2026-03-01T10:00:00Z"))
    files = journal.delete_sessions([first])
    assert mine in files and other not in files
