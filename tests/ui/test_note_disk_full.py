"""A full disk while writing the note: the text stays, the person is told, nothing is lost.

The draft cannot be written (ENOSPC) or the database refuses the commit: the
text stays in the editor, a plain message says it is not saved yet, the last
good draft on disk is left as it was, and leaving the page does not throw the
text away.
"""

from __future__ import annotations

import errno
import sqlite3

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from ketacompanion.services import notes as notes_module
from tests import builders

FIRST = "a grey velvet drape"
MORE = " and then a green swamp"


def add_session(companion) -> int:
    return builders.add_session(companion.database)


def test_a_draft_that_cannot_be_written_is_said_and_kept(qtbot, companion, monkeypatch):
    window, page, drafts = companion.window, companion.notes.note_page, companion.notes.drafts
    window.show()
    sid = add_session(companion)
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    status = page.findChild(QLabel, "saveStatus")
    qtbot.keyClicks(editor, FIRST)
    qtbot.waitUntil(lambda: drafts.draft(sid) is not None, timeout=2500)

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(notes_module, "atomic_write_text", disk_full)
    qtbot.keyClicks(editor, MORE)
    qtbot.waitUntil(lambda: "not saved" in status.text().lower(), timeout=2500)
    assert editor.toPlainText() == FIRST + MORE
    assert drafts.draft(sid).text == FIRST  # the last good draft is untouched

    monkeypatch.undo()  # space is freed: the next keystroke saves again
    qtbot.keyClicks(editor, ".")
    qtbot.waitUntil(lambda: status.text() == "Saved", timeout=2500)
    assert drafts.draft(sid).text == FIRST + MORE + "."


def test_a_commit_the_database_refuses_leaves_the_text_as_a_draft(qtbot, companion,
                                                                   monkeypatch):
    window, page, drafts = companion.window, companion.notes.note_page, companion.notes.drafts
    journal = companion.notes.journal
    window.show()
    sid = add_session(companion)
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    qtbot.keyClicks(editor, FIRST + MORE)

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(journal, "save_note", refuse)
    window.show_page("journal")  # leaving the page commits, which fails
    # Kept on disk, to be offered back: nothing typed is lost.
    assert drafts.draft(sid) is not None and drafts.draft(sid).text == FIRST + MORE
    monkeypatch.undo()
    drafts.close()  # at app close, with the database working again
    assert journal.note(sid) == FIRST + MORE and drafts.draft(sid) is None
