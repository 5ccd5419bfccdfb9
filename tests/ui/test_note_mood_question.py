"""The mood question on the note page fits when the note is written.

Right after recovery it asks how the person feels now; a note opened later (from
the Journal, days after) asks how they felt afterwards: "now" would record
today's mood as that session's.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests import builders

# The offscreen platform cannot raise windows, and says so.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


def add_session(companion) -> int:
    return builders.add_session(companion.database, playlist_name="Drift", mood_before=3)


def mood_question(page) -> str:
    titles = [label.text() for label in page.findChildren(QLabel, "cardTitle")
              if "0 is very low" in label.text()]
    assert len(titles) == 1
    return titles[0]


def test_an_old_session_is_asked_how_it_felt_afterwards(qtbot, companion):
    sid = add_session(companion)
    window = companion.window
    window.show()
    window.show_page("journal")
    edit = [b for b in companion.notes.journal_page.findChildren(QPushButton)
            if b.text() == "Edit notes"]
    qtbot.mouseClick(edit[0], Qt.MouseButton.LeftButton)
    note = companion.notes.note_page
    assert window.current_page() == "note" and note.session_id == sid
    question = mood_question(note)
    assert question.startswith("How did you feel afterwards?"), question
    assert "now" not in question


def test_right_after_recovery_it_asks_about_now_and_later_about_afterwards(qtbot, companion):
    sid = add_session(companion)
    window = companion.window
    window.show()
    # As the session service says when the person presses "I'm ready" after recovery.
    window.page("session").service.ready_for_note.emit(sid)
    note = companion.notes.note_page
    assert window.current_page() == "note" and note.session_id == sid
    assert mood_question(note).startswith("How do you feel now?")
    window.show_page("journal")
    note.open_session(sid)  # the Journal's "Edit notes", later
    assert mood_question(note).startswith("How did you feel afterwards?")
