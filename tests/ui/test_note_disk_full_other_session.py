"""Words nothing could save stay with their own session, even when another note is opened.

With the disk full, neither the database nor the draft file took what the person
wrote for session A. They then opened session B's note from the Journal; once
space was freed, the next commit wrote A's words over B's note (and A's note
never got them).
"""

from __future__ import annotations

import errno
import sqlite3

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from ketacompanion.app import Companion
from ketacompanion.services import notes as notes_module
from tests.builders import add_session

A_SAVED = "A: saved before the disk filled"
A_NEW = " and then words typed while the disk was full"
B_NOTE = "B: the person's note for session B"



def _session(companion: Companion, started: str) -> int:
    return add_session(companion.database, started)


def _disk_full(monkeypatch: pytest.MonkeyPatch, companion: Companion) -> None:
    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(notes_module, "atomic_write_text", no_space)
    monkeypatch.setattr(companion.notes.journal, "save_note", refuse)


def _write_a_then_open_b(qtbot, companion: Companion, monkeypatch) -> tuple[int, int]:
    """Session A's words could not be saved; the person opens B's note in the Journal."""
    journal = companion.notes.journal
    a = _session(companion, "2026-03-01T09:00:00Z")
    b = _session(companion, "2026-03-08T09:00:00Z")
    journal.save_note(a, A_SAVED)
    journal.save_note(b, B_NOTE)
    companion.window.show()
    page = companion.notes.note_page
    page.open_session(a)
    _disk_full(monkeypatch, companion)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    qtbot.keyClicks(editor, A_NEW)
    status = page.findChild(QLabel, "saveStatus")
    qtbot.waitUntil(lambda: "not saved" in status.text().lower(), timeout=2500)
    companion.window.show_page("journal")  # leaving the note: the commit fails too
    page.open_session(b)
    assert editor.toPlainText() == B_NOTE
    return a, b


def test_words_that_could_not_be_saved_never_replace_another_sessions_note(
        qtbot, companion, monkeypatch):
    a, b = _write_a_then_open_b(qtbot, companion, monkeypatch)
    monkeypatch.undo()  # space is freed
    companion.window.show_page("journal")  # leaving B's note commits
    journal = companion.notes.journal
    assert journal.note(b) == B_NOTE
    assert journal.note(a) == A_SAVED + A_NEW


def test_closing_with_another_note_open_still_asks_about_the_unsaved_words(
        qtbot, companion, monkeypatch):
    _write_a_then_open_b(qtbot, companion, monkeypatch)
    try:
        assert companion.notes.unsaved_note() == A_SAVED + A_NEW
        asked: list[QMessageBox] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box) or 0)
        assert companion.window.close() is False  # dismissed: the window stays
        assert len(asked) == 1
    finally:
        monkeypatch.undo()  # before pytest-qt closes the window: no box then


def test_going_back_to_the_first_note_shows_the_unsaved_words(qtbot, companion, monkeypatch):
    a, b = _write_a_then_open_b(qtbot, companion, monkeypatch)
    try:
        page = companion.notes.note_page
        page.open_session(a)
        assert page.findChild(QPlainTextEdit, "noteEditor").toPlainText() == A_SAVED + A_NEW
    finally:
        monkeypatch.undo()
    page.leave()
    assert companion.notes.journal.note(a) == A_SAVED + A_NEW
    assert companion.notes.journal.note(b) == B_NOTE


def test_words_of_two_sessions_saved_nowhere_are_both_offered(qtbot, companion, monkeypatch):
    _write_a_then_open_b(qtbot, companion, monkeypatch)
    try:
        editor = companion.notes.note_page.findChild(QPlainTextEdit, "noteEditor")
        qtbot.keyClicks(editor, " and more")
        unsaved = companion.notes.unsaved_note()
        assert unsaved is not None
        assert A_SAVED + A_NEW in unsaved and B_NOTE + " and more" in unsaved
        assert unsaved.index(A_NEW) < unsaved.index(B_NOTE)  # each under its own heading
        assert unsaved.count("The session of 1 March 2026") == 1
    finally:
        monkeypatch.undo()
    companion.notes.note_page.leave()
    assert companion.notes.journal.note(companion.notes.note_page.session_id) == (
        B_NOTE + " and more")
