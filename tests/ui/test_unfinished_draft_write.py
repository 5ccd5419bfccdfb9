"""Opening the app after a kill during an autosave's fsync brings those words back.

The temp file the kill left (``drafts/.note-<id>.json.<random>.tmp``) used to stay
for good, beside an older draft the app showed instead.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ketacompanion.app import build
from tests.builders import add_session

NEWEST = "the tunnel opened onto a forest, and I was still typing"


def test_words_of_a_cut_short_save_come_back_and_no_temp_file_stays(qtbot, data_dir):
    first = build(QApplication.instance(), data_dir)
    sid = add_session(first.database)
    mark = first.notes.journal.start_mark(sid)  # the session's start as stored
    folder = first.paths.drafts
    first.close()
    payload = {"session_id": sid, "saved_at": "2026-03-01T10:00:02Z", "session_started_at": mark}
    (folder / f"note-{sid}.json").write_text(json.dumps({
        **payload, "text": "the tunnel", "saved_at": "2026-03-01T10:00:00Z"}))
    (folder / f".note-{sid}.json.k1ll3d0a.tmp").write_text(json.dumps({**payload,
                                                                         "text": NEWEST}))
    companion = build(QApplication.instance(), data_dir)
    try:
        page = companion.notes.note_page
        assert companion.window.current_page() == "note" and page.session_id == sid
        assert page.findChild(QPlainTextEdit, "noteEditor").toPlainText() == NEWEST
        assert sorted(p.name for p in folder.iterdir()) == [f"note-{sid}.json"]
    finally:
        companion.close()
    assert list(folder.iterdir()) == []  # closing committed it
    again = build(QApplication.instance(), data_dir)
    try:
        assert again.notes.journal.note(sid) == NEWEST
    finally:
        again.close()
