"""Nature sounds and beats that follow the arc, on the real pygame mixer (SDL's disk driver)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import frequency, max_step, sounding_span
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.arc_beats import beat_at
from ketacompanion.core.models import NatureItem, NatureSound, Playlist
from ketacompanion.core.presets import preset

SR = 44100


def play_through(qtbot: QtBot, disk: Any, items: list) -> np.ndarray:
    settings = PlayerSettings(mixer=MixerSettings(crossfade_s=0, fade_in_s=0.3), chunk_s=0.1,
                              retry_s=0.5)
    player = PlayerService(settings=settings)
    player.load(Playlist("t", items))
    player.play()
    disk.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    frames = disk.frames()
    start, end = sounding_span(np.abs(frames).max(axis=1), 0)
    return frames[start:end]


@pytest.mark.parametrize("sound", [NatureSound.RAIN, NatureSound.SEA])
def test_a_nature_sound_plays_its_length_without_a_click(
    qtbot: QtBot, disk_output: Any, sound: NatureSound
) -> None:
    out = play_through(qtbot, disk_output, [NatureItem(sound, 4.0)])
    # (its own and the player's fades start and end under one LSB: a little is not heard)
    assert len(out) == pytest.approx(4 * SR, abs=0.15 * SR)
    # It fades in and out by itself; the player's 0.1 s chunks leave no seam.
    middle = out[int(1.2 * SR) : int(2.8 * SR)]
    assert np.sqrt((middle**2).mean()) > 0.03
    steady = max_step(middle[:, 0])
    for edge in range(int(0.1 * SR), len(out) - 10, int(0.1 * SR)):
        assert max_step(out[edge - 3 : edge + 3, 0]) <= steady
    assert np.abs(out).max() < 1.0


def test_beats_that_follow_the_arc_glide_on_real_output(qtbot: QtBot, disk_output: Any) -> None:
    seg = replace(preset("arc").segment(4.0 / 60), noise=None, noise_level=0.0)
    out = play_through(qtbot, disk_output, [seg])
    for at in (0.5, 1.4, 2.0, 3.6):  # settle, deepen, plateau, close
        win = out[int((at - 0.2) * SR) : int((at + 0.2) * SR)]
        beat = frequency(win[:, 1], SR) - frequency(win[:, 0], SR)
        assert beat == pytest.approx(beat_at(seg, at), abs=0.6)
