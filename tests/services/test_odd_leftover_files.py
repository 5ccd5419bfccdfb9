"""Odd files left in drafts/ never keep the app from starting, and are never deleted.

Atomic writes make a damaged draft unlikely, but a disk fault, a sync tool or a
hand edit can leave one. The app must open all the same (the person's other
notes are behind it), and leave the odd file for someone to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build
from ketacompanion.paths import DataPaths


@pytest.mark.parametrize("content", ["null", "[]", '"just text"', "5",
                                     '{"session_id": 1, "text": null}', "{not json"])
def test_an_odd_draft_file_does_not_stop_the_app_starting(qtbot, tmp_path: Path,
                                                         content: str) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    draft = paths.drafts / "note-1.json"
    draft.write_text(content, encoding="utf-8")
    companion = build(QApplication.instance(), paths.root)
    try:
        assert companion.notes.journal.note(1) == ""  # nothing like "None" was kept as a note
    finally:
        companion.close()
    assert draft.read_text(encoding="utf-8") == content  # left as it was, for a person to see


def test_a_take_mark_that_cannot_be_removed_does_not_stop_the_app_starting(
        qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    odd = paths.drafts / "take-1-20260101T000000.session"
    odd.mkdir()  # unlink fails on a folder
    companion = build(QApplication.instance(), paths.root)
    try:
        assert companion.window.current_page() == "prepare"  # opened as on any first start
        assert companion.notes.takes.set_aside == []  # no take was made of it
    finally:
        companion.close()
    assert odd.is_dir()  # left as it was, for a person to see
