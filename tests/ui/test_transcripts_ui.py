"""A voice take becomes words under it, editable, searchable, through the real app."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton
from speech_samples import SENTENCES, spoken

from ketacompanion.core.wer import word_error_rate
from ketacompanion.services.export import export_journal
from ketacompanion.services.transcription import TranscriptionService
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session


def _session(companion) -> int:
    return add_session(companion.database, intention="rest")


def _button(widget, name: str) -> QPushButton:
    for button in widget.findChildren(QPushButton):
        row = button.parentWidget()
        if button.accessibleName() == name and not (row and row.property("discarded")):
            return button
    raise AssertionError(f"no button {name!r}")


def _shown_words(page) -> QPlainTextEdit | None:
    """The text box of a take's words, once it shows (it is made with the first words)."""
    edit = page.findChild(QPlainTextEdit, "transcriptEdit")
    return edit if edit is not None and edit.isVisible() else None


@pytest.fixture(autouse=True)
def _quiet_mixer():
    yield
    if pygame.mixer.get_init():
        pygame.mixer.quit()


@pytest.mark.needs("espeak-ng", "sox")
def test_a_spoken_take_becomes_words_under_it_editable_and_searchable(
        qtbot, companion, monkeypatch, tmp_path):
    said = SENTENCES[1]  # one sentence (about 4 s): the engine's own tests take them all
    speech = spoken(said, tmp_path)
    mic = tmp_path / "mic.raw"
    mic.write_bytes(np.concatenate([speech, np.zeros(8000, "<i2")]).tobytes())
    seconds = len(speech) / 16000 + 0.3
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")  # the fake microphone (see DESIGN.md)
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "out.raw"))
    monkeypatch.setenv("SDL_DISKAUDIOFILEIN", str(mic))
    page = companion.notes.note_page
    # Land on the Journal: the Prepare page (its decode check, loudness measuring and
    # preview player) is then never built, and nothing but the microphone uses SDL here.
    companion.window.show_page("journal")
    companion.window.show()
    sid = _session(companion)
    page.open_session(sid)
    try:
        qtbot.mouseClick(_button(page, "Record a voice note"), Qt.MouseButton.LeftButton)
        recorder = companion.notes.audio.recorder()
        qtbot.waitUntil(lambda: recorder.elapsed_s >= seconds, timeout=30000)
        qtbot.mouseClick(_button(page, "Stop and keep the recording"), Qt.MouseButton.LeftButton)
        take, = companion.notes.journal.takes(sid)
        status = page.findChild(QLabel, "transcriptStatus")
        assert status.text() == "Turning this voice note into words…"  # at once, UI free
        service = companion.notes.transcription
        qtbot.waitUntil(lambda: service.transcript(take.id) is not None, timeout=60000)
        qtbot.waitUntil(lambda: _shown_words(page) is not None, timeout=5000)
        edit = _shown_words(page)
        heard = edit.toPlainText()
        assert word_error_rate(said, heard) <= 0.15, heard
        assert companion.notes.journal.search("chest") == [sid]
        # The person corrects a word; their words are kept over a redo.
        edit.setPlainText(heard + " Lanterns.")
        edit.clearFocus()
        page.findChild(QPushButton, "recordButton").setFocus()
        qtbot.waitUntil(lambda: service.transcript(take.id).edited, timeout=5000)
        assert service.transcript(take.id).text.endswith("Lanterns.")
        assert status.text() == "Edited by you"
        assert companion.notes.journal.search("lanterns") == [sid]
        companion.window.show_page("journal")
        journal = companion.notes.journal_page
        journal.findChild(type(journal._search), "searchBox").setText("lanterns")
        journal.refresh()
        found = journal.findChild(QLabel, "searchMatches")
        assert found is not None and "Said:" in found.text()
        assert ">Lanterns</span>" in found.text()  # the match highlighted
        # The Journal's first frame comes now: a card's words below it come just after.
        qtbot.waitUntil(lambda: any(e.toPlainText().endswith("Lanterns.") for e in
                                    journal.findChildren(QPlainTextEdit, "transcriptEdit")))
        exported = export_journal(companion.notes.journal, tmp_path / "export", "md").read_text()
        assert "**Voice note 1, in words** (corrected by the patient): " in exported
        assert "chest" in exported and "Lanterns." in exported
    finally:
        page.leave()
        pygame.mixer.quit()


def test_an_older_take_is_transcribed_on_request(qtbot, companion, tmp_path):
    import soundfile

    sid = _session(companion)
    path = companion.paths.recordings / "old.flac"
    soundfile.write(path, np.zeros(16000, "int16"), 16000, subtype="PCM_16")
    take = companion.notes.journal.add_take(sid, path, 1.0)
    companion.window.show()
    page = companion.notes.note_page
    page.open_session(sid)
    ask = _button(page, "Turn this voice note into words")
    assert ask.isVisible()
    qtbot.mouseClick(ask, Qt.MouseButton.LeftButton)
    service = companion.notes.transcription
    qtbot.waitUntil(lambda: service.transcript(take.id) is not None, timeout=30000)
    assert service.transcript(take.id).text == ""  # silence: no words, said plainly
    qtbot.waitUntil(lambda: _shown_words(page) is not None, timeout=5000)
    edit = _shown_words(page)
    assert edit.placeholderText() == "No words were heard in this voice note."


def test_without_the_engine_the_feature_is_out_of_sight_but_for_one_line(qtbot, companion):
    import soundfile

    service = TranscriptionService(
        TranscriptRepository(companion.database, companion.paths.recordings),
        problem=lambda: 'Voice notes can become text once the speech engine is installed: '
                        'pip install -e ".[transcribe]"')
    from ketacompanion.ui.voice_note_card import VoiceNoteCard

    sid = _session(companion)
    path = companion.paths.recordings / "old.flac"
    soundfile.write(path, np.zeros(1600, "int16"), 16000, subtype="PCM_16")
    take = companion.notes.journal.add_take(sid, path, 0.1)
    card = VoiceNoteCard(companion.notes.journal, companion.notes.takes, lambda: None,
                         lambda: None, transcription=service)
    qtbot.addWidget(card)
    card.show()
    card.show_session(sid, [take])
    assert card.findChild(QPlainTextEdit, "transcriptEdit") is None
    assert not [b for b in card.findChildren(QPushButton) if b.text() == "Turn into words"]
    hint = card.findChild(QLabel, "transcriptHint")
    assert hint.isVisible() and hint.text().endswith('pip install -e ".[transcribe]"')
    assert not service.request(take)
