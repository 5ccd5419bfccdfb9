"""Going back from recovered writing to the note as last saved: only if there is one, undoably."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton, QWidget

from ketacompanion.app import Companion, build
from tests.builders import add_session

RECOVERED = "I saw a green swamp and my father"
TYPED = " and more typed after the restart"
SAVED = "A grey velvet drape."
RECOVERY_LINE = "What you were writing when the app last closed unexpectedly"


def _crash_with_draft(data_dir: Path, saved: str, drafts: dict[str, str]) -> Companion:
    """Build, save ``saved`` as the note, leave drafts as a crash would, and start again.

    ``drafts`` maps "newest"/"other" to the draft text of the session to reopen
    and, optionally, of another session.
    """
    first = build(QApplication.instance(), data_dir)
    ids, days = {}, {"other": "2026-03-01", "newest": "2026-03-02"}
    for name, day in days.items():
        ids[name] = add_session(first.database, f"{day}T09:00:00Z")
    if saved:
        first.notes.journal.save_note(ids["newest"], saved)
    drafts_dir = first.paths.drafts
    first.close()
    for name, text in drafts.items():
        (drafts_dir / f"note-{ids[name]}.json").write_text(json.dumps(
            {"session_id": ids[name], "text": text, "saved_at": f"{days[name]}T10:00:00Z"}),
            encoding="utf-8")
    return build(QApplication.instance(), data_dir)  # as after the crash


def _shown_buttons(page: QWidget) -> list[QPushButton]:
    return [b for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]


def _go_back(page: QWidget) -> QPushButton:
    found = [b for b in _shown_buttons(page) if "last saved" in b.text()]
    assert len(found) == 1, [b.text() for b in _shown_buttons(page)]
    return found[0]


def test_no_going_back_after_a_crash_in_the_first_note(qtbot, data_dir):
    companion = _crash_with_draft(data_dir, "", {"newest": RECOVERED})
    try:
        page = companion.notes.note_page
        companion.window.show()
        editor = page.findChild(QPlainTextEdit, "noteEditor")
        assert editor.toPlainText() == RECOVERED
        assert RECOVERY_LINE in page.findChild(QLabel, "bannerText").text()
        texts = [b.text() for b in _shown_buttons(page)]
        # Nothing was saved before the crash: there is no earlier note to go back to.
        assert not [t for t in texts if "earlier" in t or "last saved" in t], texts
    finally:
        companion.close()


def test_going_back_keeps_the_recovered_writing_for_undo(qtbot, data_dir):
    companion = _crash_with_draft(data_dir, SAVED, {"newest": RECOVERED, "other": "x"})
    try:
        page, drafts = companion.notes.note_page, companion.notes.drafts
        sid = page.session_id
        companion.window.show()
        editor = page.findChild(QPlainTextEdit, "noteEditor")
        qtbot.keyClicks(editor, TYPED)  # typed since the restart: kept as well
        written = editor.toPlainText()
        assert RECOVERED in written and TYPED in written
        banner = page.findChild(QLabel, "bannerText")
        others = [line for line in banner.text().splitlines() if RECOVERY_LINE not in line]
        assert others  # the other session's draft is mentioned too

        go_back = _go_back(page)
        assert go_back.text() == "Go back to the note as last saved"
        qtbot.mouseClick(go_back, Qt.MouseButton.LeftButton)
        assert editor.toPlainText() == SAVED
        assert not go_back.isVisibleTo(page)
        assert banner.text().splitlines() == others  # only the recovery line went
        undo = [b for b in _shown_buttons(page) if b.text() == "Undo"]
        assert len(undo) == 1

        qtbot.mouseClick(undo[0], Qt.MouseButton.LeftButton)
        assert editor.toPlainText() == written
        assert not undo[0].isVisibleTo(page)
        assert RECOVERY_LINE in banner.text()
        assert _go_back(page)  # back where the person was: the choice is there again
        qtbot.waitUntil(lambda: getattr(drafts.draft(sid), "text", None) == written,
                        timeout=2500)
        page.leave()
        assert companion.notes.journal.note(sid) == written
    finally:
        companion.close()


def test_going_back_can_also_be_undone_with_ctrl_z(qtbot, data_dir):
    companion = _crash_with_draft(data_dir, SAVED, {"newest": RECOVERED})
    try:
        page = companion.notes.note_page
        sid = page.session_id
        companion.window.show()
        editor = page.findChild(QPlainTextEdit, "noteEditor")
        qtbot.mouseClick(_go_back(page), Qt.MouseButton.LeftButton)
        assert editor.toPlainText() == SAVED
        qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert editor.toPlainText() == RECOVERED
        page.leave()  # autosave took the undone text as any other edit
        assert companion.notes.journal.note(sid) == RECOVERED
    finally:
        companion.close()


def test_going_back_and_leaving_keeps_the_saved_note(qtbot, data_dir):
    companion = _crash_with_draft(data_dir, SAVED, {"newest": RECOVERED})
    try:
        page = companion.notes.note_page
        sid = page.session_id
        companion.window.show()
        qtbot.mouseClick(_go_back(page), Qt.MouseButton.LeftButton)
        page.leave()
        assert companion.notes.journal.note(sid) == SAVED
        assert companion.notes.drafts.recoverable() == []
    finally:
        companion.close()
