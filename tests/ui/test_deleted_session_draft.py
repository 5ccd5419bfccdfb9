"""A deleted session's unsaved writing is deleted with it and never becomes another note.

After a crash left drafts of two sessions, the person deleted one of them in the
Journal. Its draft stayed on disk; the next infusion was given the freed id and
the note page showed (and then saved) the deleted session's private words as
the new session's note.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ketacompanion.app import build
from tests.builders import add_session

PRIVATE = "PRIVATE words about the session I deleted"


def _add_session(companion, started: str) -> int:
    return add_session(companion.database, started)


def test_a_deleted_sessions_draft_never_comes_back(qtbot, data_dir):
    app = QApplication.instance()
    first = build(app, data_dir)
    kept = _add_session(first, "2026-03-01T09:00:00Z")
    deleted = _add_session(first, "2026-03-08T09:00:00Z")
    drafts = first.paths.drafts
    first.close()
    # A crash left unsaved writing for both; the kept session's is the newer one.
    for sid, text, saved in ((deleted, PRIVATE, "2026-03-08T10:00:00Z"),
                             (kept, "my own words", "2026-03-08T11:00:00Z")):
        (drafts / f"note-{sid}.json").write_text(json.dumps(
            {"session_id": sid, "text": text, "saved_at": saved}), encoding="utf-8")

    second = build(app, data_dir)
    second.window.show()
    assert second.notes.note_page.session_id == kept
    second.window.show_page("journal")
    second.notes.journal_page.hide_session(deleted, "8 March")  # Delete…, Yes
    second.close()  # the undo window ends: deleted for real
    assert not [p.name for p in drafts.iterdir() if str(deleted) in p.name]
    assert not [p for p in drafts.iterdir() if PRIVATE in p.read_text(errors="replace")]

    third = build(app, data_dir)
    try:
        third.window.show()
        new = _add_session(third, "2026-03-15T09:00:00Z")  # the next infusion
        assert new != deleted
        page = third.notes.note_page
        page.open_session(new)  # what the session service does when it ends
        assert page.findChild(QPlainTextEdit, "noteEditor").toPlainText() == ""
        third.window.show_page("journal")
        assert third.notes.journal.note(new) == ""
    finally:
        third.close()
