"""A journal file that cannot be read is never a dead end, and never loses a byte.

The person is asked, in plain words, whether to start a fresh journal (the
damaged file, its -wal and -shm, and the drafts that belong to it are kept beside
it under new names) or to close the app with everything exactly as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from modal import press, when_a_box_shows
from PySide6.QtWidgets import QApplication, QMessageBox

from ketacompanion.app import build
from ketacompanion.gui import open_companion
from ketacompanion.storage.database import Database
from ketacompanion.storage.migrations import LATEST_VERSION
from ketacompanion.ui.damaged_journal import CLOSE, FRESH
from tests.builders import add_session


def _damaged_journal(data_dir: Path) -> tuple[Path, bytes]:
    companion = build(QApplication.instance(), data_dir)
    assert add_session(companion.database) == 1  # the id the files below name
    drafts = companion.paths.drafts
    (companion.paths.recordings / "take-1-20260301-091500.flac").write_bytes(b"voice")
    path = companion.database.path
    companion.close()
    (drafts / "note-1.json").write_text(json.dumps(
        {"session_id": 1, "text": "unsaved words", "saved_at": "2026-03-01T10:00:00Z"}),
        encoding="utf-8")
    raw = bytearray(path.read_bytes())
    raw[100:4000] = bytes(3900)  # the schema page: SQLite cannot read anything
    path.write_bytes(bytes(raw))
    return path, bytes(raw)


def _answer(choice: str, seen: list[str]) -> None:
    """Press ``choice`` on the question once it is up, noting what it said."""
    def act(box: QMessageBox) -> None:
        seen.append(f"{box.text()}\n{box.informativeText()}")
        press(box, choice)
    when_a_box_shows(act)


def test_a_fresh_journal_keeps_the_damaged_one_and_its_drafts_beside_it(qtbot, data_dir):
    path, damaged = _damaged_journal(data_dir)
    seen: list[str] = []
    _answer(FRESH, seen)
    companion = open_companion(QApplication.instance(), data_dir)
    assert companion is not None
    companion.close()
    assert "looks damaged" in seen[0] and "Nothing has been deleted" in seen[0]
    kept = list(data_dir.glob("ketacompanion.damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    old_drafts = list(data_dir.glob("drafts.damaged-*"))
    assert len(old_drafts) == 1
    assert json.loads((old_drafts[0] / "note-1.json").read_text())["text"] == "unsaved words"
    assert not (data_dir / "drafts" / "note-1.json").exists()
    # Named by the old session ids, which the fresh journal gives again: kept apart.
    old_recordings = list(data_dir.glob("recordings.damaged-*"))
    assert len(old_recordings) == 1
    assert (old_recordings[0] / "take-1-20260301-091500.flac").read_bytes() == b"voice"
    assert not list((data_dir / "recordings").glob("take-1-*"))
    fresh = Database.open(path)
    try:
        assert fresh.schema_version == LATEST_VERSION
        assert fresh.connection.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    finally:
        fresh.close()


def test_closing_leaves_everything_exactly_as_it_was(qtbot, data_dir):
    path, damaged = _damaged_journal(data_dir)
    before = sorted(os.listdir(data_dir))
    seen: list[str] = []
    _answer(CLOSE, seen)
    assert open_companion(QApplication.instance(), data_dir) is None
    assert seen and path.read_bytes() == damaged
    assert sorted(os.listdir(data_dir)) == before
    assert (data_dir / "drafts" / "note-1.json").exists()


def test_an_unexpected_start_up_failure_says_so_instead_of_leaving_silently(
        qtbot, data_dir, monkeypatch):
    import ketacompanion.gui as gui

    def broken(*_args, **_kwargs):
        raise RuntimeError("something no one foresaw")

    monkeypatch.setattr(gui, "build", broken)
    seen: list[str] = []
    when_a_box_shows(lambda box: (seen.append(box.text()), box.accept()))
    assert open_companion(QApplication.instance(), data_dir) is None
    assert seen and "could not start" in seen[0] and "Nothing has been deleted" in seen[0]
