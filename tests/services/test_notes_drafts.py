from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ketacompanion.services.notes import NoteDrafts
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    (tmp_path / "drafts").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def _session(journal: JournalRepository) -> int:
    return add_session(journal.database)


def test_draft_saved_within_a_second_of_a_pause(qtbot, journal, tmp_path: Path):
    drafts = NoteDrafts(journal, tmp_path / "drafts")
    sid = _session(journal)
    assert drafts.open(sid) == ("", None)
    started = time.monotonic()
    drafts.edit("a grey velvet drape")
    with qtbot.waitSignal(drafts.draft_saved, timeout=2000):
        pass
    assert time.monotonic() - started < 2.0
    saved = json.loads((tmp_path / "drafts" / f"note-{sid}.json").read_text())
    assert saved["text"] == "a grey velvet drape"
    assert journal.note(sid) == ""  # committed only when the note is left


def test_continuous_typing_is_saved_at_least_every_two_seconds(qtbot, journal, tmp_path: Path):
    drafts = NoteDrafts(journal, tmp_path / "drafts", pause_ms=1000, max_wait_ms=600)
    sid = _session(journal)
    drafts.open(sid)
    started = time.monotonic()
    text = ""
    while drafts.draft(sid) is None and time.monotonic() - started < 3:
        text += "x"
        drafts.edit(text)
        qtbot.wait(100)  # keeps typing: the pause timer never fires on its own
    assert drafts.draft(sid) is not None
    assert time.monotonic() - started < 1.0


def test_commit_moves_the_draft_into_the_database(qtbot, journal, tmp_path: Path):
    drafts = NoteDrafts(journal, tmp_path / "drafts")
    first, second = _session(journal), _session(journal)
    drafts.open(first)
    drafts.edit("first note")
    with qtbot.waitSignal(drafts.committed):
        drafts.open(second)  # leaving a note commits it, even before the autosave fired
    assert journal.note(first) == "first note"
    assert drafts.recoverable() == []
    drafts.edit("second")
    drafts.close()
    assert journal.note(second) == "second"
    assert list((tmp_path / "drafts").iterdir()) == []


def test_an_uncommitted_draft_is_offered_back_and_can_be_reverted(journal, tmp_path: Path):
    sid = _session(journal)
    journal.save_note(sid, "older text")
    before = NoteDrafts(journal, tmp_path / "drafts")
    before.open(sid)
    before.edit("older text and what came after")
    before.save_draft()
    # The process dies here: no commit. A new start finds the draft.
    after = NoteDrafts(journal, tmp_path / "drafts")
    [found] = after.recoverable()
    assert (found.session_id, found.text) == (sid, "older text and what came after")
    text, draft = after.open(sid)
    assert text == "older text and what came after" and draft == found
    assert after.revert() == "older text"
    assert after.recoverable() == []
    after.close()
    assert journal.note(sid) == "older text"


def test_unreadable_draft_is_left_in_place(journal, tmp_path: Path):
    (tmp_path / "drafts" / "note-3.json").write_text("{broken")
    drafts = NoteDrafts(journal, tmp_path / "drafts")
    assert drafts.recoverable() == []
    assert (tmp_path / "drafts" / "note-3.json").exists()
