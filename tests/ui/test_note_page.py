from __future__ import annotations

import logging
import subprocess

import numpy as np
import pygame
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ketacompanion.storage.sessions import SessionRepository
from tests import builders

SECRET = "velvet drape over my mother's kitchen"


def add_session(companion, intention: str = "Meet the grief gently") -> int:
    sid = builders.add_session(companion.database, playlist_name="Drift", intention=intention,
                               mood_before=3, rehearsal=True)
    SessionRepository(companion.database).add_marker(
        sid, 1920, builders.moment("2026-03-01T09:32:00Z"), "Drift", "piano")
    return sid


def _button(page: QWidget, name: str) -> QPushButton:
    for button in page.findChildren(QPushButton):
        row = button.parentWidget()
        if button.accessibleName() == name and not (row and row.property("discarded")):
            return button
    raise AssertionError(f"no button {name!r}")


def test_note_page_shows_the_session_and_keeps_mood_and_text(qtbot, companion, caplog):
    caplog.set_level(logging.DEBUG)  # even debug records must not hold the text (reset after)
    window, page = companion.window, companion.notes.note_page
    window.show()
    sid = add_session(companion)
    page.open_session(sid)
    assert window.current_page() == "note"
    context = page.findChild(QLabel, "noteContext").text()
    assert "Meet the grief gently" in context and "during 'Drift' (piano)" in context
    qtbot.mouseClick(_button(page, "Mood after: 7 of 10"), Qt.MouseButton.LeftButton)
    assert companion.notes.journal.entry(sid).mood_after == 7
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    qtbot.keyClicks(editor, SECRET)
    qtbot.waitUntil(lambda: companion.notes.drafts.draft(sid) is not None, timeout=2500)
    assert page.findChild(QLabel, "saveStatus").text() == "Saved"
    window.show_page("journal")  # leaving the page commits the note
    assert companion.notes.journal.note(sid) == SECRET
    assert companion.notes.drafts.recoverable() == []
    prompts = page.findChild(QLabel, "prompts")
    toggle = _button(page, "Show or hide the integration questions")
    window.show_page("note")
    assert prompts.isVisible()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not prompts.isVisible() and toggle.text() == "Show some questions"
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = (companion.paths.logs / "ketacompanion.log").read_text()
    assert f"note saved for session {sid}" in log_text  # the log works...
    assert "velvet" not in log_text and "kitchen" not in log_text  # ...and holds no text


def test_every_note_control_is_named_and_large(companion):
    page = companion.notes.note_page
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QPlainTextEdit | QProgressBar):
            assert widget.accessibleName(), widget.objectName()
    record = page.findChild(QPushButton, "recordButton")
    companion.window.show()
    companion.window.show_page("note")
    assert record.height() >= 64 and record.width() >= 200


def test_no_microphone_says_so_and_the_text_still_works(qtbot, companion, monkeypatch):
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "nonexistent")
    page = companion.notes.note_page
    companion.window.show()
    sid = add_session(companion)
    page.open_session(sid)
    try:
        qtbot.mouseClick(_button(page, "Record a voice note"), Qt.MouseButton.LeftButton)
    finally:
        pygame.mixer.quit()
    message = page.findChild(QLabel, "noteMessage").text()
    assert "microphone" in message.lower()
    qtbot.keyClicks(page.findChild(QPlainTextEdit, "noteEditor"), "still here")
    page.leave()
    assert companion.notes.journal.note(sid) == "still here"


@pytest.mark.needs("espeak-ng", "sox")
def test_voice_takes_are_recorded_kept_and_listed(qtbot, companion, monkeypatch, tmp_path):
    wav, raw = tmp_path / "s.wav", tmp_path / "mic.raw"
    subprocess.run(["espeak-ng", "-w", str(wav), "purple and white light"], check=True)
    subprocess.run(["sox", str(wav), "-r", "16000", "-c", "1", "-b", "16", "-e",
                    "signed-integer", "-L", "-t", "raw", str(raw)], check=True)
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "out.raw"))
    monkeypatch.setenv("SDL_DISKAUDIOFILEIN", str(raw))
    page = companion.notes.note_page
    companion.window.show()
    sid = add_session(companion)
    page.open_session(sid)
    try:
        for _ in range(2):  # several takes are kept
            qtbot.mouseClick(_button(page, "Record a voice note"), Qt.MouseButton.LeftButton)
            pause = _button(page, "Pause recording")
            assert pause.isEnabled()
            qtbot.waitUntil(lambda: page.findChild(QLabel, "elapsed").text() == "0:01",
                            timeout=20000)
            qtbot.mouseClick(_button(page, "Stop and keep the recording"),
                             Qt.MouseButton.LeftButton)
        takes = companion.notes.journal.takes(sid)
        assert len(takes) == 2 and all(t.path.exists() for t in takes)
        first, rate = soundfile.read(takes[0].path, dtype="int16")
        spoken = np.frombuffer(raw.read_bytes(), "<i2")
        assert rate == 16000 and np.array_equal(first, spoken[: len(first)])
        play = _button(page, "Play voice note 1")
        qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: play.text() == "Stop", timeout=20000)
        qtbot.waitUntil(lambda: play.text() == "Play", timeout=20000)  # ends by itself
    finally:
        page.leave()
        pygame.mixer.quit()


@pytest.fixture(autouse=True)
def _quiet_mixer():
    yield
    if pygame.mixer.get_init():
        pygame.mixer.quit()


def test_drafts_of_several_sessions_are_all_kept_and_said(qtbot, data_dir):
    import json

    from PySide6.QtWidgets import QApplication

    from ketacompanion.app import build

    app = QApplication.instance()
    first = build(app, data_dir)
    older, newer = add_session(first, "older"), add_session(first, "newer")
    drafts = first.paths.drafts
    first.close()
    for sid, text, saved in ((older, "the older words", "2026-03-01T10:00:00Z"),
                             (newer, "the newer words", "2026-03-02T10:00:00Z")):
        (drafts / f"note-{sid}.json").write_text(json.dumps(
            {"session_id": sid, "text": text, "saved_at": saved}), encoding="utf-8")
    companion = build(app, data_dir)  # as after a crash
    try:
        window, page = companion.window, companion.notes.note_page
        window.show()
        assert window.current_page() == "note" and page.session_id == newer
        assert page.findChild(QPlainTextEdit).toPlainText() == "the newer words"
        banner = page.findChild(QLabel, "bannerText")
        assert banner.isVisibleTo(page) and "another session is safe too" in banner.text()
        page.open_session(older)  # from the Journal
        assert page.findChild(QPlainTextEdit).toPlainText() == "the older words"
    finally:
        companion.close()
