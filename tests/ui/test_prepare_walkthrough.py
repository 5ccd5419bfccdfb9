"""The new user's two minutes (issue 4, "Done when"), walked through the page's own controls.

Fresh data folder -> New playlist -> "+ Add" / Music files (the bundled piano) ->
"+ Add" / Binaural beats (Theta from the presets, minutes as the sentence suggests)
-> 45 minutes -> the sentence says it fits -> preview a row (the real player, on
SDL's dummy driver) -> Export… to M3U8, read back with our parser.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from ketacompanion.core.models import BinauralSegment, FileItem
from ketacompanion.core.playlist_formats import read_playlist
from ketacompanion.paths import assets_dir
from ketacompanion.ui.binaural_dialog import BinauralDialog
from ketacompanion.ui.prepare_page import PreparePage


def fill_beats_dialog(qtbot, preset: str, minutes: float) -> None:
    """Answer the modal beats dialog as a person would: pick, set minutes, press Add."""
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, BinauralDialog)
    dialog.preset.setCurrentIndex(dialog.preset.findText(preset))
    dialog.minutes.setValue(minutes)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_a_new_user_builds_a_45_minute_playlist_and_exports_it(
        companion, qtbot, monkeypatch, tmp_path):
    window = companion.window
    window.show()
    qtbot.waitExposed(window)
    page = window.findChild(PreparePage)
    editor = page.editor
    messages: list[str] = []
    page.message.connect(messages.append)

    page.library.new_requested.emit()  # the "New playlist" button
    assert page.state.current().name == "My playlist" and editor.model.rowCount() == 0
    assert editor.empty_hint.isVisibleTo(editor)
    assert page.fit_panel.summary.text().startswith("Nothing to play yet")

    pieces = sorted(str(p) for p in (assets_dir() / "audio").glob("*.ogg"))
    assert len(pieces) >= 3
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: (pieces, "Audio")))
    editor.add_files_action.trigger()
    qtbot.waitUntil(lambda: editor.model.rowCount() == len(pieces), timeout=10000)
    assert not editor.empty_hint.isVisibleTo(editor)
    summary = page.fit_panel.summary.text()
    gap = re.match(r"Ends (\d+) min (?:\d+ s )?before 45 min", summary)
    assert gap, summary

    # The sentence says how much is missing; the person asks for that many minutes.
    QTimer.singleShot(0, lambda: fill_beats_dialog(qtbot, "Theta 6 Hz", int(gap.group(1))))
    editor.table.clearSelection()
    editor.add_beats_action.trigger()
    qtbot.mouseClick(page.fit_panel.lengths.button(45), Qt.MouseButton.LeftButton)
    items = page.state.current().items
    assert isinstance(items[-1], BinauralSegment) and items[-1].beat_hz == 6
    assert page.fit_panel.summary.text().startswith("Fits 45 min.")
    assert page.state.repo.get(page.state.current().id).target_minutes == 45
    listed = page.library.list.currentItem().text()
    assert listed.startswith("My playlist\n4 items · 45 min"), listed  # the library follows

    editor.table.selectRow(0)
    qtbot.mouseClick(editor.preview_button, Qt.MouseButton.LeftButton)
    player = editor._previewer.player()
    try:
        qtbot.waitUntil(lambda: player.state.value == "playing", timeout=5000)
        assert player.position_s >= 0
    finally:
        player.shutdown()

    target = tmp_path / "export" / "My 45 minutes.m3u8"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "M3U8 playlist (*.m3u8)")))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert messages[-1].startswith("Saved “My playlist” as My 45 minutes.m3u8")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#EXTM3U") and text.count("#EXTINF:") == len(pieces)
    back = read_playlist(target)
    assert [i.path for i in back.items if isinstance(i, FileItem)] == pieces
    assert isinstance(back.items[-1], BinauralSegment) and back.items[-1].beat_hz == 6
    assert back.problems == []
