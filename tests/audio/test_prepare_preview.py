"""Previewing a row on the Prepare page, heard for real: the real PlayerService, SDL's disk driver.

The page's preview button goes through the real player and mixer; what SDL
recorded must be quiet (the preview volume), fade in without a step and stop by
itself after the preview length. A short length keeps the test to a few seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import max_step, rms_envelope, sounding_span
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.models import BinauralSegment, Playlist
from ketacompanion.storage.database import Database
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.ui.playlist_editor import PREVIEW_SECONDS, PREVIEW_VOLUME
from ketacompanion.ui.playlist_library_state import LibraryState
from ketacompanion.ui.prepare_page import PreparePage

SR = 44100
AMPLITUDE = 0.5
FADE_S = 0.5


@pytest.fixture
def page_with_player(qtbot: QtBot, tmp_path: Path, disk_output: Any):
    database = Database.open(tmp_path / "db.sqlite")
    settings = PlayerSettings(mixer=MixerSettings(fade_in_s=FADE_S), chunk_s=0.25,
                              preview_fade_s=FADE_S)
    player = PlayerService(settings=settings)
    page = PreparePage(LibraryState(PlaylistRepository(database), tmp_path), player)
    qtbot.addWidget(page)
    yield page, player
    player.shutdown()
    database.close()


def test_the_pages_preview_is_about_15_s_and_quiet() -> None:
    assert 12 <= PREVIEW_SECONDS <= 18
    assert 0.1 <= PREVIEW_VOLUME <= 0.3


def test_a_previewed_row_is_quiet_fades_in_and_stops_by_itself(
    qtbot: QtBot, tmp_path: Path, disk_output: Any, page_with_player: Any
) -> None:
    page, player = page_with_player
    assert page.editor.preview_seconds == PREVIEW_SECONDS
    t = np.arange(int(20 * SR)) / SR
    song = tmp_path / "tone.flac"
    soundfile.write(song, np.column_stack([AMPLITUDE * np.sin(2 * np.pi * 440 * t)] * 2), SR)
    page.new_playlist()
    page.editor.add_paths([str(song)])
    qtbot.waitUntil(lambda: page.editor.model.rowCount() == 1, timeout=5000)
    page.editor.preview_seconds = 3.0
    page.editor.table.selectRow(0)
    qtbot.mouseClick(page.editor.preview_button, Qt.MouseButton.LeftButton)
    assert player.state is PlayerState.PLAYING
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)

    frames = disk_output.frames()
    mono = frames[:, 0]
    start, end = sounding_span(np.abs(mono), 1e-4)
    out = mono[start:end]
    # Stopped by itself after the preview length (fades included).
    assert len(out) / SR == pytest.approx(3.0, abs=0.35)
    # Quiet: the file's 0.5 amplitude at the preview volume, far under full scale.
    expected = AMPLITUDE * PREVIEW_VOLUME
    assert np.abs(out).max() == pytest.approx(expected, rel=0.05)
    assert np.abs(out).max() < 0.2
    # Fades in: no step at the onset, the level rising over the fade.
    onset = out[: int(0.01 * SR)]
    assert np.abs(onset).max() < 0.1 * expected
    assert max_step(out) < 2 * np.pi * 440 / SR * expected * 1.2  # a pure tone's own slope
    envelope = rms_envelope(out, int(0.05 * SR))  # 50 ms windows; the fade spans ten
    steady = expected / np.sqrt(2)
    assert envelope[0] < 0.3 * steady
    assert np.all(np.diff(envelope[:10]) > 0)
    assert envelope[12] == pytest.approx(steady, rel=0.05)
    middle = out[int(1.2 * SR): int(1.8 * SR)]
    assert np.abs(middle).max() == pytest.approx(expected, rel=0.05)


def test_preview_is_a_toggle_with_a_playing_state_and_stop_fades_out(
    qtbot: QtBot, tmp_path: Path, disk_output: Any, page_with_player: Any
) -> None:
    # The button had no Stop and no "playing" sign, and a second press restarted the piece.
    page, player = page_with_player
    t = np.arange(int(20 * SR)) / SR
    song = tmp_path / "tone.flac"
    soundfile.write(song, np.column_stack([AMPLITUDE * np.sin(2 * np.pi * 440 * t)] * 2), SR)
    page.new_playlist()
    page.editor.add_paths([str(song)])
    qtbot.waitUntil(lambda: page.editor.model.rowCount() == 1, timeout=5000)
    page.editor.preview_seconds = 15.0
    page.editor.table.selectRow(0)
    button = page.editor.preview_button
    assert button.text() == "▶ Preview" and not button.property("playing")
    width = button.width()

    with qtbot.waitSignal(player.preview_changed, timeout=5000) as started:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert started.args == [True] and player.previewing
    assert button.text() == "■ Stop" and button.property("playing") is True
    assert button.accessibleName() == "Stop the preview (it fades out)"
    assert button.width() >= width  # the row does not shift
    # It stays Stop with nothing selected: the person can always stop what they hear.
    page.editor.table.clearSelection()
    assert button.isEnabled()
    disk_output.wait_sounding(qtbot, 1.5)

    with qtbot.waitSignal(player.preview_changed, timeout=5000) as stopped:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the second press: Stop
    assert stopped.args == [False] and not player.previewing
    assert button.text() == "▶ Preview" and not button.property("playing")
    pressed_at = len(disk_output.frames())
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)

    after = disk_output.frames()[:, 0][pressed_at - int(0.3 * SR):]
    start, end = sounding_span(np.abs(after), 1e-4)
    tail = after[start:end]
    # Faded out over about two seconds, never cut, and nothing started again.
    assert 1.0 <= len(tail) / SR <= 3.0
    envelope = rms_envelope(tail, int(0.1 * SR))
    assert np.all(np.diff(envelope[2:]) <= 1e-3)  # only ever falling once the fade began
    assert envelope[-1] < 0.1 * envelope[0]
    assert max_step(tail) < 2 * np.pi * 440 / SR * AMPLITUDE * PREVIEW_VOLUME * 1.2
    assert disk_output.heard_s() < 1.5 + 3.0 + 1.0  # not a restarted 15 s preview


def test_stop_preview_never_stops_a_sessions_music(
    qtbot: QtBot, tmp_path: Path, disk_output: Any, page_with_player: Any
) -> None:
    _page, player = page_with_player
    player.load(Playlist("session", items=[BinauralSegment(200, 6, 60)]))
    player.play()
    assert player.state is PlayerState.PLAYING and not player.previewing
    player.stop_preview()
    disk_output.wait_sounding(qtbot, 0.5)
    assert player.state is PlayerState.PLAYING
