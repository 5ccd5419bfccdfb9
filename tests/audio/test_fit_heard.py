"""The fit's sentence against what SDL's disk driver actually played (issue 11, item 2).

The fit (Prepare page, Session page) and the player lay a playlist out on one
timeline, crossfades overlapping: the end the sentence predicts is where the sound
ends, with no blend and with a 4 s blend. Short generated pieces and a two-minute
session keep each run to a few seconds of real time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import rms_envelope
from ketacompanion.audio.player_core import PlayerState
from ketacompanion.core.fitting import describe, fit
from ketacompanion.core.models import EndBehaviour, Playlist
from ketacompanion.core.tags import read_tags
from ketacompanion.lazy_audio import LazyPreviewer
from ketacompanion.settings import user_settings

SR = 44100
WINDOW = 441  # 10 ms
HEARD_DB = -60.0  # below this the envelope is silence


def _pieces(folder: Path, seconds: tuple[float, ...]) -> list:
    """Tones of distinct pitches written as files, read back as the Prepare page reads them."""
    items = []
    for n, length in enumerate(seconds):
        t = np.arange(round(length * SR)) / SR
        tone = 0.4 * np.sin(2 * np.pi * (330.0 + 110.0 * n) * t)
        path = folder / f"piece{n}.flac"
        soundfile.write(path, np.column_stack([tone, tone]), SR)
        info = read_tags(path)
        assert info.problem is None
        items.append(info.item)
    return items


def _heard_span_s(frames: np.ndarray) -> tuple[float, float]:
    """First and last 10 ms window whose level is above -60 dBFS, in seconds."""
    envelope = rms_envelope(frames[:, 0], WINDOW)
    loud = np.flatnonzero(envelope > 10 ** (HEARD_DB / 20))
    assert len(loud), "nothing was heard"
    return loud[0] * WINDOW / SR, (loud[-1] + 1) * WINDOW / SR


@pytest.mark.parametrize(("crossfade_s", "seconds"), [
    (0.0, (3.0, 2.0, 3.0)),  # gapless: 8 s end to end
    (4.0, (8.0, 8.0)),  # 16 s of pieces, 12 s heard
])
def test_the_fit_sentence_says_when_the_music_really_ends(
    qtbot: QtBot, disk_output: Any, tmp_path: Path, crossfade_s: float,
    seconds: tuple[float, ...],
) -> None:
    # As app.py wires it: one setting read by the fit and by the player.
    settings = user_settings(tmp_path / "settings.json")
    settings.set("crossfade_s", crossfade_s)
    playlist = Playlist("fitted", _pieces(tmp_path, seconds), target_minutes=2,
                        end_behaviour=EndBehaviour.SILENCE)
    sentence = describe(fit(playlist, crossfade_s=settings.get("crossfade_s")))
    said = re.fullmatch(r"Ends 1 min (\d+) s before 2 min; then it is quiet until the end\.",
                        sentence)
    assert said, sentence
    predicted_end_s = 120 - 60 - int(said.group(1))

    previewer = LazyPreviewer(crossfade=lambda: settings.get("crossfade_s"))
    player = previewer.player()
    player.load(playlist)
    player.play()
    assert player.state is PlayerState.PLAYING
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)

    start_s, end_s = _heard_span_s(disk_output.frames())
    heard_s = end_s - start_s
    assert heard_s == pytest.approx(predicted_end_s, abs=1.0)
    if crossfade_s:  # the blend really overlapped: end to end would be 4 s longer
        assert sum(seconds) - heard_s > 3.0
