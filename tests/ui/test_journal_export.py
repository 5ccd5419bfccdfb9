"""Export for a therapist from the Journal page, and the series overview's data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QPushButton, QRadioButton

from ketacompanion.core.series import MoodPoint
from ketacompanion.ui.export_dialog import ExportDialog
from tests import builders


def add_session(companion, started: str, before: int | None, after: int | None,
                note: str = "", rehearsal: int = 0, takes: int = 0) -> int:
    sid = builders.add_session(companion.database, started, playlist_name="Drift",
                               mood_before=before, mood_after=after, rehearsal=bool(rehearsal))
    if note:
        companion.notes.journal.save_note(sid, note)
    for number in range(takes):
        path = companion.paths.recordings / f"take-{sid}-{number}.flac"
        soundfile.write(path, np.full(1600, 300 * (number + 1), np.int16), 16000, "PCM_16")
        companion.notes.journal.add_take(sid, path, 0.1)
    return sid


def button(widget, name: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.accessibleName() == name
             and not b.window().property("discarded")]
    assert found, name
    return found[0]


def open_journal(companion):
    companion.window.show()
    companion.window.show_page("journal")
    return companion.notes.journal_page


def test_export_chosen_sessions_as_pdf_into_a_new_folder(qtbot, companion, monkeypatch,
                                                         tmp_path):
    first = add_session(companion, "2026-03-02T09:00:00Z", 3, 6, "A green swamp", takes=2)
    second = add_session(companion, "2026-03-05T09:00:00Z", 4, 7, "Purple light", takes=1)
    page = open_journal(companion)
    chosen = tmp_path / "For Dr Ames"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(chosen))
    qtbot.mouseClick(button(page, "Export for my therapist"), Qt.MouseButton.LeftButton)
    dialog = page.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen() == [second, first]  # all ticked by default, newest first
    dialog.sessions.item(0).setCheckState(Qt.CheckState.Unchecked)  # only the first session
    assert dialog.chosen() == [first]
    assert dialog.fmt() == "pdf"
    qtbot.mouseClick(button(dialog, "Choose the folder to export into"),
                     Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(dialog, "Export now"), Qt.MouseButton.LeftButton)
    folders = list(chosen.iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("Infusion journal ")
    document = folders[0] / "journal.pdf"
    assert document.read_bytes().startswith(b"%PDF")
    voice = sorted(p.name for p in (folders[0] / "voice-notes").iterdir())
    assert voice == [f"2026-03-02-session-01-voice-{n}.{ext}"  # and an MP3 any phone plays
                     for n in (1, 2) for ext in ("flac", "mp3")]
    copied, _ = soundfile.read(folders[0] / "voice-notes" / voice[2], dtype="int16")
    assert copied[0] == 600  # the second take itself, not the first one twice
    assert any(str(folders[0]) in label.text() for label in page.findChildren(QLabel))
    assert not dialog.isVisible()


def test_export_markdown_of_all_sessions_and_a_second_export_does_not_overwrite(
        qtbot, companion, monkeypatch, tmp_path):
    add_session(companion, "2026-03-02T09:00:00Z", 3, 6, "A green swamp", takes=1)
    add_session(companion, "2026-03-03T09:00:00Z", None, None, "headphones ok", rehearsal=1)
    page = open_journal(companion)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    for _ in range(2):
        dialog = page.open_export()
        next(r for r in dialog.findChildren(QRadioButton)
             if r.accessibleName() == "Export as Markdown").click()
        button(dialog, "Choose the folder to export into").click()
        assert dialog.run_export() is not None
    folders = sorted(p for p in tmp_path.iterdir() if p.name.startswith("Infusion journal"))
    assert len(folders) == 2 and folders[1].name.endswith("(2)")
    text = (folders[0] / "journal.md").read_text(encoding="utf-8")
    # The rehearsal is not part of the series: left out unless the Journal shows it.
    assert "A green swamp" in text and "headphones ok" not in text
    assert "](voice-notes/2026-03-02-session-01-voice-1.flac)" in text
    assert (folders[0] / "voice-notes" / "2026-03-02-session-01-voice-1.flac").exists()


def test_export_with_nothing_ticked_is_not_possible(qtbot, companion):
    add_session(companion, "2026-03-02T09:00:00Z", 3, 6, "x")
    dialog = open_journal(companion).open_export()
    all_box = next(c for c in dialog.findChildren(QCheckBox)
                   if c.accessibleName() == "Export all sessions")
    all_box.setChecked(False)
    assert dialog.chosen() == [] and not button(dialog, "Export now").isEnabled()
    all_box.setChecked(True)
    assert len(dialog.chosen()) == 1 and button(dialog, "Export now").isEnabled()
    dialog.reject()


def test_series_overview_shows_moods_oldest_first_without_rehearsals(qtbot, companion):
    add_session(companion, "2026-03-02T09:00:00Z", 3, 6)
    add_session(companion, "2026-03-03T09:00:00Z", 2, 9, rehearsal=1)
    add_session(companion, "2026-03-05T09:00:00Z", 4, None)
    add_session(companion, "2026-03-09T09:00:00Z", 5, 8)
    page = open_journal(companion)
    assert page.chart.isVisible()
    assert page.chart.points == [MoodPoint(1, 3, 6), MoodPoint(2, 4, None), MoodPoint(3, 5, 8)]
    assert "session 2: 4 before, not given after" in page.chart.accessibleDescription()
    image = page.chart.grab()  # it paints without warnings at its real size
    assert image.height() >= 150


def test_no_series_card_on_an_empty_journal(qtbot, companion):
    page = open_journal(companion)
    assert not page.chart.isVisible()
    assert not button(page, "Export for my therapist").isVisible()


def test_an_unwritable_folder_is_said_plainly(companion, tmp_path):
    add_session(companion, "2026-03-02T09:00:00Z", 3, 6)
    dialog = ExportDialog(companion.notes.journal.entries(),
                          lambda ids, folder, fmt: _fail(folder), tmp_path)
    assert dialog.run_export() is None
    assert "could not be written" in dialog.findChild(QLabel, "noteMessage").text()
    dialog.deleteLater()


def _fail(folder: Path) -> Path:
    raise PermissionError(13, "Permission denied", str(folder))
