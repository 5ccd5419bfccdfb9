"""After a crash, other sessions' drafts go into their notes: Journal, search and export.

Only one note can be open: the newest draft comes back on the note page. The
others used to stay as draft files while the banner said "open its note from the
Journal"; the Journal showed "No written note yet." for them, search did not
find their words and the export left them out. At start-up they are now
committed into their sessions' notes, as a normal close would have done.
"""

from __future__ import annotations

import json
from pathlib import Path

from journal_cards import scroll_through
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit

from ketacompanion.app import Companion, build
from ketacompanion.services.export import export_journal
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

OLDER = "the dark tunnel and the purple light"
NEWEST = "the newest words"
THIRD = "a third session's words about the sea"


def _add_session(companion: Companion, started: str) -> int:
    return add_session(companion.database, started)


def _crash_with_drafts(data_dir: Path, drafts: list[tuple[str, str]]) -> list[int]:
    """Sessions with these (text, saved_at) drafts left on disk, as after a crash."""
    first = build(QApplication.instance(), data_dir)
    ids = [_add_session(first, f"2026-03-0{n + 1}T09:00:00Z") for n in range(len(drafts))]
    folder = first.paths.drafts
    first.close()
    for sid, (text, saved) in zip(ids, drafts, strict=True):
        (folder / f"note-{sid}.json").write_text(json.dumps(
            {"session_id": sid, "text": text, "saved_at": saved}), encoding="utf-8")
    return ids


def _journal_notes(companion: Companion) -> dict[int, str]:
    page = companion.notes.journal_page
    companion.window.show_page("journal")
    QApplication.processEvents()
    return dict(scroll_through(page, lambda card: (
        card.property("sessionId"), card.findChild(QLabel, "journalNote").text())))


def test_other_sessions_drafts_are_in_the_journal_search_and_export(qtbot, data_dir, tmp_path):
    older, third, newest = _crash_with_drafts(data_dir, [
        (OLDER, "2026-03-08T10:00:00Z"), (THIRD, "2026-03-08T10:30:00Z"),
        (NEWEST, "2026-03-08T11:00:00Z")])
    companion = build(QApplication.instance(), data_dir)
    try:
        window, page, journal = companion.window, companion.notes.note_page, companion.notes.journal
        window.show()
        # The newest comes back on the note page, as before, with the recovery line.
        assert window.current_page() == "note" and page.session_id == newest
        assert page.findChild(QPlainTextEdit, "noteEditor").toPlainText() == NEWEST
        banner = page.findChild(QLabel, "bannerText").text()
        assert "closed unexpectedly" in banner
        # The others are kept where the banner says they are.
        assert (journal.note(older), journal.note(third)) == (OLDER, THIRD)
        folder = companion.paths.drafts
        assert sorted(p.name for p in folder.iterdir()) == [f"note-{newest}.json"]
        assert "2 other sessions" in banner and "kept" in banner and "Journal" in banner

        shown = _journal_notes(companion)  # leaving the note page commits the newest too
        assert (shown[older], shown[third], shown[newest]) == (OLDER, THIRD, NEWEST)
        search = companion.notes.journal_page.findChild(QLineEdit, "searchBox")
        search.setText("tunnel")
        qtbot.waitUntil(lambda: list(_journal_notes(companion)) == [older], timeout=2000)
        document = export_journal(journal, tmp_path / "export", "md")
        assert OLDER in document.read_text(encoding="utf-8")
    finally:
        companion.close()


def test_a_draft_the_database_refuses_at_start_up_stays_a_draft(qtbot, data_dir, monkeypatch):
    older, newest = _crash_with_drafts(data_dir, [
        (OLDER, "2026-03-08T10:00:00Z"), (NEWEST, "2026-03-08T11:00:00Z")])

    def refuse(self: JournalRepository, session_id: int, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(JournalRepository, "save_note", refuse)
    companion = build(QApplication.instance(), data_dir)
    try:
        page = companion.notes.note_page
        banner = page.findChild(QLabel, "bannerText").text()
        assert page.session_id == newest
        assert "kept" not in banner.replace("kept below", "")  # no claim that is not true
        assert (companion.paths.drafts / f"note-{older}.json").exists()
        monkeypatch.undo()
        page.open_session(older)  # it still comes back on its own note page
        assert page.findChild(QPlainTextEdit, "noteEditor").toPlainText() == OLDER
    finally:
        companion.close()
