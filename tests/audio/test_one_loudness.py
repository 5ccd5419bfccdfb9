"""One loudness for everything, heard for real: quiet piano, a loud pop master and beats.

The real LoudnessLevels measures the files in its worker (and keeps them in a
real database), the real PlayerService plays through SDL's disk driver, and each
item's loudness in what the driver recorded is measured with the same BS.1770
meter: all within 1 LU of each other and of the target, so nobody is startled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import max_step, sounding_span
from ketacompanion.audio.loudness_meter import measure_file, measure_frames
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.mixer import Mixer
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.loudness import DEFAULT_GAIN, TARGET_LUFS
from ketacompanion.core.models import BinauralSegment, FileItem, Playlist
from ketacompanion.services.loudness import LoudnessLevels
from ketacompanion.storage.database import Database

SR = 44100
ITEM_S = 8.0


def at_lufs(frames: np.ndarray, lufs: float) -> np.ndarray:
    measured = measure_frames(frames, SR)
    assert measured is not None
    return frames * 10 ** ((lufs - measured.lufs) / 20)


def quiet_piano(path: Path) -> Path:
    """Soft sustained notes with decaying harmonics, at about -35 LUFS."""
    t = np.arange(int(ITEM_S * SR)) / SR
    out = np.zeros_like(t)
    for start, freq in ((0.0, 220.0), (1.5, 277.2), (3.0, 329.6), (4.5, 246.9), (6.0, 196.0)):
        local = t - start
        on = local >= 0
        env = np.where(on, np.exp(-np.clip(local, 0, None) / 1.8), 0.0)
        for harmonic, weight in ((1, 1.0), (2, 0.4), (3, 0.15)):
            out += weight * env * np.sin(2 * np.pi * freq * harmonic * t)
    frames = at_lufs(np.column_stack([out, out * 0.95]), -35.0)
    soundfile.write(path, frames, SR, subtype="PCM_24")
    return path


def loud_pop(path: Path) -> Path:
    """Dense compressed noise and tones, a modern master at about -8 LUFS."""
    rng = np.random.default_rng(5)
    t = np.arange(int(ITEM_S * SR)) / SR
    noise = rng.standard_normal((len(t), 2))
    chords = sum(np.sin(2 * np.pi * f * t) for f in (110.0, 220.0, 330.0, 440.0, 660.0))
    kick = np.sin(2 * np.pi * 55 * t) * (np.mod(t, 0.5) < 0.1)
    mix = 0.3 * noise + (0.5 * chords + 2.0 * kick)[:, None]
    frames = np.tanh(at_lufs(mix, -2.0))  # squashed hard, as loud masters are
    frames = at_lufs(frames, -8.0)
    np.clip(frames, -0.999, 0.999, out=frames)
    soundfile.write(path, frames, SR, subtype="PCM_24")
    return path


@pytest.fixture
def levels(tmp_path: Path) -> Any:
    database = tmp_path / "db.sqlite3"
    Database.open(database).close()
    made = LoudnessLevels(database, lambda p, stop: measure_file(p, stop))
    yield made
    made.close()


def test_quiet_piano_a_loud_master_and_beats_play_within_1_lu(
        qtbot: QtBot, disk_output: Any, tmp_path: Path, levels: Any) -> None:
    piano = quiet_piano(tmp_path / "piano.flac")
    pop = loud_pop(tmp_path / "pop.flac")
    source_lufs = [measure_file(str(p)).lufs for p in (piano, pop)]  # type: ignore[union-attr]
    assert source_lufs[0] == pytest.approx(-35.0, abs=0.5)
    assert source_lufs[1] == pytest.approx(-8.0, abs=0.5)
    items = [FileItem(str(piano)), FileItem(str(pop)), BinauralSegment(200, 6, ITEM_S)]

    settings = PlayerSettings(mixer=MixerSettings(crossfade_s=0, fade_in_s=0.2), chunk_s=0.25)
    player = PlayerService(settings=settings)
    player.set_item_gains(levels.gain_of, levels.request)
    player.load(Playlist("one loudness", items))  # asks for the files to be measured
    assert levels.wait_idle(60)
    player.play()
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    player.shutdown()

    frames = disk_output.frames()
    start, _end = sounding_span(np.abs(frames).max(axis=1), 0)
    heard = []
    for index in range(3):
        a = start + int((index * ITEM_S + 0.5) * SR)
        b = start + int(((index + 1) * ITEM_S - 0.5) * SR)
        measured = measure_frames(frames[a:b], SR)
        assert measured is not None
        heard.append(measured.lufs)
    assert max(heard) - min(heard) <= 1.0, heard
    for lufs in heard:
        assert lufs == pytest.approx(TARGET_LUFS, abs=1.0), heard
    assert np.abs(frames).max() < 1.0  # nothing clipped on the way


def test_a_measurement_landing_mid_item_glides_in_without_a_step(tmp_path: Path) -> None:
    t = np.arange(int(6 * SR)) / SR
    tone = 0.5 * np.sin(2 * np.pi * 220 * t)
    song = tmp_path / "song.wav"
    soundfile.write(song, np.column_stack([tone, tone]), SR)
    gains = {str(song): DEFAULT_GAIN}
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0, volume_ramp_s=2.0))
    mixer.set_item_gains(lambda item: gains.get(getattr(item, "path", ""), 1.0))
    mixer.load([FileItem(str(song))])
    mixer.start()
    chunks = [mixer.render(4410)[0] for _ in range(10)]  # 1 s at the safe default
    gains[str(song)] = 1.0  # the measurement lands
    chunks += [mixer.render(4410)[0] for _ in range(40)]
    out = np.concatenate(chunks)[:, 0]
    assert np.abs(out[SR // 2 : SR]).max() == pytest.approx(0.5 * DEFAULT_GAIN, rel=0.02)
    assert np.abs(out[int(3.2 * SR) : int(3.8 * SR)]).max() == pytest.approx(0.5, rel=0.02)
    # No jump: the largest sample step is the steady tone's own at full level.
    steady = max_step(out[int(3.2 * SR) : int(3.8 * SR)])
    assert max_step(out[: int(3.2 * SR)]) <= steady * 1.01
    rising = np.abs(out[SR : 3 * SR]).reshape(-1, 441).max(axis=1)
    assert np.all(np.diff(rising) > -0.01)  # it only rises, smoothly


def test_measuring_in_the_background_does_not_stutter_playback(
        qtbot: QtBot, disk_output: Any, tmp_path: Path) -> None:
    from ketacompanion.lazy_audio import LazyLevels

    rng = np.random.default_rng(9)
    long_song = tmp_path / "long.flac"
    with soundfile.SoundFile(long_song, "w", SR, 2, subtype="PCM_16") as out:
        for _ in range(360):  # six minutes of music to measure
            out.write(0.2 * rng.standard_normal((SR, 2)))
    database = tmp_path / "db.sqlite3"
    Database.open(database).close()
    lazy = LazyLevels(database)  # the app's own wiring: the meter as the app runs it
    levels = lazy.get()
    player = PlayerService(settings=PlayerSettings(
        mixer=MixerSettings(crossfade_s=0, fade_in_s=0.2)))
    player.set_item_gains(levels.gain_of, levels.request)
    player.load(Playlist("beats", [BinauralSegment(200, 6, 6.0)]))
    measured_at: list[float] = []  # seconds of sound played when the measuring ended
    levels.on_measured = lambda _path: measured_at.append(disk_output.sounding_s())
    levels.request([FileItem(str(long_song))])
    player.play()
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    player.shutdown()
    assert levels.wait_idle(60) and levels.is_measured(str(long_song))
    lazy.close()
    overlap_s = min(measured_at[0], 5.0)
    assert overlap_s > 2.0  # the measuring ran all through what is checked

    left = disk_output.frames()[:, 0]
    start, _end = sounding_span(np.abs(left), 0)
    body = left[start + int(0.4 * SR) : start + int(overlap_s * SR)]
    window = int(0.05 * SR)
    rms = np.sqrt((body[: len(body) // window * window].reshape(-1, window) ** 2).mean(axis=1))
    # Steady all through: an underrun would leave silence and a fade back in.
    assert rms.min() > 0.9 * np.median(rms), (rms.min(), np.median(rms))
