"""The fresh piano plays at the one loudness, as beats and the person's files do.

The fresh piano's loudness (declared beside the composer's version) is checked
against a whole session rendered again with a seed and arc it was not measured
with; then, through SDL's disk driver, a stretch of that session, a quiet and a
loud file and beats play within 1 LU of each other and of the target.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import sounding_span
from ketacompanion.audio.loudness_meter import LoudnessMeter, measure_file, measure_frames
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.piano_render import PianoRender
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.composer import compose
from ketacompanion.core.loudness import CEILING_DBTP, TARGET_LUFS, gain_for
from ketacompanion.core.models import BinauralSegment, FileItem, FreshPiano, Playlist
from ketacompanion.services.loudness import FRESH_PIANO_LOUDNESS, LoudnessLevels
from ketacompanion.storage.database import Database
from tests.audio.test_one_loudness import ITEM_S, loud_pop, quiet_piano

SR = 44100
SEED, ARC, MINUTES = 3, "long-plateau", 40  # not among those the constant was measured with
WINDOW_S = 14.0


@pytest.fixture(scope="module")
def session() -> tuple[Any, float]:
    """The whole session rendered once: its loudness, and where a stretch as loud as it lies."""
    render = PianoRender(compose(MINUTES * 60, ARC, SEED), SR)
    meter = LoudnessMeter(SR)
    window = int(WINDOW_S * SR)
    pending = np.zeros((0, 2), np.float32)
    windows: list[float] = []
    while len(block := render.next_block()):
        meter.add(block)
        pending = np.concatenate([pending, block])
        while len(pending) >= window:
            measured = measure_frames(pending[:window], SR)
            windows.append(measured.lufs if measured else -math.inf)
            pending = pending[window:]
    whole = meter.result()
    assert whole is not None
    # A stretch in the deepen phase within 0.5 LU of the whole session.
    index = next(i for i, lufs in enumerate(windows)
                 if i * WINDOW_S > 8 * 60 and abs(lufs - whole.lufs) < 0.5)
    return whole, index * WINDOW_S


def test_the_declared_loudness_is_what_the_synthesiser_plays(session: tuple[Any, float]) -> None:
    whole, _start = session
    assert whole.lufs == pytest.approx(FRESH_PIANO_LOUDNESS.lufs, abs=1.0)
    assert whole.true_peak <= FRESH_PIANO_LOUDNESS.true_peak * 1.03  # the limiter holds
    # The gain brings it to the target, its peak under the ceiling.
    gain_db = 20 * math.log10(gain_for(FRESH_PIANO_LOUDNESS))
    assert whole.lufs + gain_db == pytest.approx(TARGET_LUFS, abs=1.0)
    assert 20 * math.log10(whole.true_peak) + gain_db <= CEILING_DBTP + 0.1


def test_fresh_piano_beats_and_a_quiet_and_a_loud_file_play_within_1_lu(
        qtbot: QtBot, disk_output: Any, tmp_path: Path, session: tuple[Any, float]) -> None:
    _whole, start_s = session
    database = tmp_path / "db.sqlite3"
    Database.open(database).close()
    levels = LoudnessLevels(database, lambda p, stop: measure_file(p, stop))
    piano = FreshPiano(MINUTES * 60.0, seed=SEED, arc=ARC)
    files = [FileItem(str(quiet_piano(tmp_path / "quiet.flac"))),
             FileItem(str(loud_pop(tmp_path / "loud.flac")))]
    settings = PlayerSettings(mixer=MixerSettings(crossfade_s=0, fade_in_s=0.2), chunk_s=0.25)
    player = PlayerService(settings=settings)
    player.set_item_gains(levels.gain_of, levels.request)
    # The stretch of the session first (as a resume there plays it), then the others.
    player.load(Playlist("fresh piano", [piano]))
    player.seek_to(start_s)
    player.play()
    disk_output.wait_sounding(qtbot, WINDOW_S)
    piano_frames = disk_output.frames()
    player.stop(0.05)
    disk_output.wait_silent_tail(qtbot, 0.5)
    played_before = len(disk_output.frames())
    player.load(Playlist("others", [*files, BinauralSegment(200, 6, ITEM_S)]))
    assert levels.wait_idle(60)
    player.play()
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    player.shutdown()
    levels.close()

    begin, _end = sounding_span(np.abs(piano_frames).max(axis=1), 0)
    heard = {"fresh piano": measure_frames(
        piano_frames[begin + int(1.0 * SR) : begin + int((WINDOW_S - 1.0) * SR)], SR).lufs}
    rest = disk_output.frames()[played_before:]
    begin, _end = sounding_span(np.abs(rest).max(axis=1), 0)
    for index, name in enumerate(("quiet file", "loud file", "beats")):
        a = begin + int((index * ITEM_S + 0.5) * SR)
        b = begin + int(((index + 1) * ITEM_S - 0.5) * SR)
        heard[name] = measure_frames(rest[a:b], SR).lufs
    print("heard LUFS:", {k: round(v, 2) for k, v in heard.items()})
    assert max(heard.values()) - min(heard.values()) <= 1.0, heard
    for lufs in heard.values():
        assert lufs == pytest.approx(TARGET_LUFS, abs=1.0), heard
    assert np.abs(disk_output.frames()).max() < 1.0  # nothing clipped on the way
