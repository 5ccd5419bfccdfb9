"""A damaged file never freezes the session, jolts the listener or kills the app.

- An AIFF whose header says 1 Hz passed preflight; played, the player decoded it
  whole on the Qt thread (4.8 s, 1.76 GB) and then took the blocked thread for a
  stalled output. Absurd rates and channel counts are now refused at preflight
  and by the player, which skips the item with a quiet notice.
- Inf samples of a damaged float file reached full scale, NaN anything at all:
  both are now silence.
- pygame's file loader aborts the process (a double free) on some tiny damaged
  WAVs, and voice takes went through it: takes are now decoded with soundfile.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.audio.preflight import Problem, check_file
from ketacompanion.audio.sources import FileSource, SourceError
from ketacompanion.core.models import FileItem, Playlist

SR = 44100
# A take-sized WAV whose data chunk claims 2 GB that are not there: pygame-ce 2.5.8's
# loader frees a buffer twice on it and the process aborts.
ABORTING_WAV = bytes.fromhex(
    "524946462400000057415645666d74201000000001000100803e0000007d0000"
    "0200100064617461" "0000007e")


def one_hertz_aiff(folder: Path) -> Path:
    path = folder / "damaged.aiff"
    soundfile.write(path, np.full((200, 2), 0.25), 1, format="AIFF", subtype="PCM_16")
    return path


def float_tone_with_inf_and_nan(folder: Path, seconds: float = 1.5) -> Path:
    t = np.arange(int(seconds * SR)) / SR
    tone = (0.5 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    tone[SR // 2:SR // 2 + 50] = np.inf  # damage in the middle
    tone[SR // 2 + 200:SR // 2 + 250] = -np.inf
    tone[SR:SR + 100] = np.nan
    path = folder / "damaged-float.wav"
    soundfile.write(path, np.column_stack([tone, tone]), SR, subtype="FLOAT")
    return path


def test_preflight_refuses_absurd_rates_and_channel_counts(tmp_path: Path) -> None:
    problem = check_file(str(one_hertz_aiff(tmp_path)))
    assert problem is not None and problem[0] is Problem.CORRUPT and "1 Hz" in problem[1]
    crowded = tmp_path / "crowded.wav"
    soundfile.write(crowded, np.zeros((100, 40)), SR)
    problem = check_file(str(crowded))
    assert problem is not None and problem[0] is Problem.CORRUPT and "40 channels" in problem[1]
    with pytest.raises(SourceError, match="1 Hz"):
        FileSource(str(tmp_path / "damaged.aiff"), SR)


def test_nan_and_inf_samples_are_silence(tmp_path: Path) -> None:
    source = FileSource(str(float_tone_with_inf_and_nan(tmp_path)), SR)
    out = source.read(2 * SR)
    assert np.isfinite(out).all() and np.abs(out).max() <= 0.5 + 1e-6
    assert np.abs(out[SR // 2:SR // 2 + 50]).max() == 0.0
    assert np.abs(out[SR:SR + 100]).max() == 0.0


def test_the_player_skips_a_1_hz_file_and_never_plays_inf(
        qtbot: QtBot, disk_output: Any, tmp_path: Path) -> None:
    settings = PlayerSettings(mixer=MixerSettings(crossfade_s=0, fade_in_s=0.1),
                              chunk_s=0.25, retry_s=0.5)
    player = PlayerService(settings=settings)
    notices: list[str] = []
    states: list[PlayerState] = []
    player.error.connect(notices.append)
    player.state_changed.connect(states.append)
    player.load(Playlist("t", [FileItem(str(one_hertz_aiff(tmp_path))),
                               FileItem(str(float_tone_with_inf_and_nan(tmp_path)))]))
    player.play()
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    assert len(notices) == 1 and "damaged.aiff" in notices[0] and "1 Hz" in notices[0]
    assert PlayerState.RECOVERING not in states  # no false "stopped responding"
    played = disk_output.frames()
    assert disk_output.heard_s() > 1.0  # the good item played
    assert np.abs(played).max() < 0.55  # and nothing near full scale


TAKE_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from ketacompanion.audio.take_player import TakePlayer
    app = QCoreApplication([])
    player = TakePlayer()
    failed = []
    player.failed.connect(failed.append)
    player.play(Path(sys.argv[1]))
    print("failed" if failed else "playing", flush=True)
    player.play(Path(sys.argv[2]))
    print("failed" if player.playing is None else "playing", flush=True)
    while player.playing is not None:
        app.processEvents()
        player._check_end()
    print("done", flush=True)
""")


def test_a_damaged_take_is_refused_and_never_aborts_the_app(tmp_path: Path) -> None:
    damaged = tmp_path / "take-1-20260301T090000.flac"
    damaged.write_bytes(ABORTING_WAV)
    good = tmp_path / "take-1-20260301T090100.flac"
    t = np.arange(16000) / 16000
    soundfile.write(good, 0.5 * np.sin(2 * np.pi * 440 * t), 16000, format="FLAC")
    out = tmp_path / "played.raw"
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out),
               QT_QPA_PLATFORM="offscreen")
    env.pop("SDL_DISKAUDIODELAY", None)
    done = subprocess.run([sys.executable, "-c", TAKE_SCRIPT, str(damaged), str(good)],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-500:]  # main: SIGABRT, a double free
    assert done.stdout.split() == ["failed", "playing", "done"]
    played = np.frombuffer(out.read_bytes(), dtype="<i2").reshape(-1, 2) / 32768.0
    loud = np.flatnonzero(np.abs(played[:, 0]) > 0.01)
    assert 0.9 < (loud[-1] - loud[0]) / SR < 1.1  # the good take, its second of voice
    assert 0.45 < np.abs(played).max() < 0.55
    crossings = np.count_nonzero(np.diff(np.signbit(played[loud[0]:loud[-1], 0])))
    assert abs(crossings / 2 / ((loud[-1] - loud[0]) / SR) - 440) < 5
