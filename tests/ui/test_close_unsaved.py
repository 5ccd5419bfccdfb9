"""Closing the window when the note could not be saved anywhere asks first, never loses it.

With the disk full, neither the database nor the draft file takes the text.
Closing the window used to close, and the words were gone. Now the window asks,
calmly: save the text to a file the person chooses, stay, or (explicitly)
close without saving.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from ketacompanion.app import Companion
from ketacompanion.services import notes as notes_module
from tests import builders

WORDS = "a grey velvet drape, then a forest"



def add_session(companion: Companion) -> int:
    return builders.add_session(companion.database)


def _disk_full(monkeypatch: pytest.MonkeyPatch, companion: Companion, draft: bool = True) -> None:
    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    if draft:
        monkeypatch.setattr(notes_module, "atomic_write_text", no_space)
    monkeypatch.setattr(companion.notes.journal, "save_note", refuse)


def _type_note(qtbot, companion: Companion) -> QPlainTextEdit:
    companion.window.show()
    page = companion.notes.note_page
    page.open_session(add_session(companion))
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    qtbot.keyClicks(editor, WORDS)
    return editor


def _count_questions(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Boxes that would have been shown (each answered as if dismissed)."""
    asked: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box) or 0)
    return asked


class _Answer:
    """Clicks a button of the modal box once it is up; records what the box said."""

    def __init__(self, *buttons: str) -> None:
        self.buttons = list(buttons)
        self.texts: list[str] = []
        self._tries = 0
        QTimer.singleShot(0, self._click)

    def _click(self) -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            self._tries += 1
            if self._tries < 100:  # gives up after ~2 s: no box came
                QTimer.singleShot(20, self._click)
            return
        self.texts.append(" ".join(label.text() for label in box.findChildren(QLabel)))
        box.findChild(QPushButton, self.buttons.pop(0)).click()
        if self.buttons:
            self._tries = 0
            QTimer.singleShot(0, self._click)


def test_closing_when_nothing_could_save_the_note_asks_and_can_stay(qtbot, companion,
                                                                     monkeypatch):
    _disk_full(monkeypatch, companion)
    try:
        editor = _type_note(qtbot, companion)
        status = companion.notes.note_page.findChild(QLabel, "saveStatus")
        qtbot.waitUntil(lambda: "not saved" in status.text().lower(), timeout=2500)
        answer = _Answer("stayButton")
        assert companion.window.close() is False
        assert answer.texts and "could not be saved" in answer.texts[0]
        assert companion.window.isVisible() and editor.toPlainText() == WORDS
    finally:
        monkeypatch.undo()  # before pytest-qt closes the window: no box then


def test_the_note_can_be_saved_to_a_chosen_file_and_then_the_window_closes(
        qtbot, companion, monkeypatch, tmp_path: Path):
    _disk_full(monkeypatch, companion)
    try:
        _type_note(qtbot, companion)
        chosen = tmp_path / "usb" / "my note.txt"
        chosen.parent.mkdir()
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_args, **_kwargs: (str(chosen), ""))
        _Answer("saveToFileButton")
        assert companion.window.close() is True
        assert chosen.read_text(encoding="utf-8") == WORDS
    finally:
        monkeypatch.undo()  # before pytest-qt closes the window: no box then


def test_a_file_that_cannot_be_written_brings_the_question_back(
        qtbot, companion, monkeypatch, tmp_path: Path):
    _disk_full(monkeypatch, companion)
    try:
        _type_note(qtbot, companion)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_args, **_kwargs: (str(tmp_path / "gone" / "note.txt"), ""))
        answer = _Answer("saveToFileButton", "stayButton")
        assert companion.window.close() is False
        assert len(answer.texts) == 2 and "could not be written" in answer.texts[1]
    finally:
        monkeypatch.undo()  # before pytest-qt closes the window: no box then


def test_closing_without_saving_is_an_explicit_choice(qtbot, companion, monkeypatch):
    _disk_full(monkeypatch, companion)
    try:
        _type_note(qtbot, companion)
        answer = _Answer("closeAnywayButton")
        assert companion.window.close() is True
        assert answer.texts  # it was asked, not assumed
    finally:
        monkeypatch.undo()  # before pytest-qt closes the window: no box then


def test_a_note_the_draft_still_holds_closes_without_asking(qtbot, companion, monkeypatch):
    _disk_full(monkeypatch, companion, draft=False)  # only the database refuses
    try:
        _type_note(qtbot, companion)
        asked = _count_questions(monkeypatch)
        assert companion.window.close() is True
        assert asked == []
        sid = companion.notes.note_page.session_id
        assert companion.notes.drafts.draft(sid).text == WORDS
    finally:
        monkeypatch.undo()  # before pytest-qt closes the window: no box then


def test_a_saved_note_closes_without_asking(qtbot, companion, monkeypatch):
    _type_note(qtbot, companion)
    asked = _count_questions(monkeypatch)
    assert companion.window.close() is True
    assert asked == []
    assert companion.notes.journal.note(companion.notes.note_page.session_id) == WORDS
