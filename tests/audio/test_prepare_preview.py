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
