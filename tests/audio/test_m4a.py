"""M4A/AAC (phones, Apple Music) plays: decoded with PyAV, streamed and resampled like any file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import frequency
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.audio.preflight import Problem, check_file
from ketacompanion.audio.sources import SourceError, open_source
from ketacompanion.core.models import FileItem, Playlist
from ketacompanion.core.tags import read_tags
from tests.audio.m4a_files import m4a_tone

SR = 44100
AAC_SLACK = 2 * 1024 + 2  # AAC adds priming and padding frames (the header may count them)


def read_all(source: Any, chunk: int = 1000) -> np.ndarray:
    parts = []
    while True:
        block = source.read(chunk)
        parts.append(block)
        if len(block) < chunk:
            return np.concatenate(parts)


def test_an_m4a_tone_decodes_in_small_chunks_at_its_length_and_pitch(tmp_path: Path) -> None:
    path = m4a_tone(tmp_path / "song.m4a", 440.0, 3.0, rate=48000, channels=1)
    source = open_source(FileItem(str(path)), SR)  # 48 kHz mono file, 44.1 kHz stereo mix
    assert source.remaining() == pytest.approx(3.0 * SR, abs=AAC_SLACK)
    first = source.read(1000)
    assert first.shape == (1000, 2) and first.dtype == np.float32
    rest = read_all(source)
    source.close()
    frames = np.concatenate([first, rest])
    assert len(frames) == pytest.approx(3.0 * SR, abs=AAC_SLACK)  # the header's length
    steady = frames[SR // 2 : 2 * SR]
    assert frequency(steady[:, 0], SR) == pytest.approx(440.0, abs=0.5)
    assert np.allclose(steady[:, 0], steady[:, 1])  # mono on both sides
    # At its level (RMS: FFmpeg's AAC encoder leaves odd peaks in mono).
    assert np.sqrt(np.mean(steady[:, 0] ** 2)) == pytest.approx(0.5 / np.sqrt(2), abs=0.02)


def test_an_m4a_starts_part_way_through(tmp_path: Path) -> None:
    path = m4a_tone(tmp_path / "song.m4a", 660.0, 4.0)
    source = open_source(FileItem(str(path)), SR, start_s=2.5)
    assert source.remaining() == pytest.approx(1.5 * SR, abs=AAC_SLACK)
    frames = read_all(source)
    source.close()
    assert len(frames) == pytest.approx(1.5 * SR, abs=AAC_SLACK)
    assert frequency(frames[2000:40000, 0], SR) == pytest.approx(660.0, abs=0.5)


def test_the_file_dialog_and_the_tag_reader_offer_m4a_and_aac() -> None:
    from ketacompanion.core.tags import is_audio_name
    from ketacompanion.ui.playlist_toolbar import AUDIO_FILTER

    for name in ("song.m4a", "voice.aac"):
        assert is_audio_name(name)
        assert f"*{name[name.index('.'):]}" in AUDIO_FILTER


def test_a_raw_aac_stream_plays_too(tmp_path: Path) -> None:
    import av

    t = np.arange(3 * SR) / SR
    tone = np.ascontiguousarray(np.stack([0.3 * np.sin(2 * np.pi * 440 * t)] * 2),
                                dtype=np.float32)
    path = tmp_path / "voice.aac"
    with av.open(str(path), "w", format="adts") as out:
        stream = out.add_stream("aac", rate=SR, layout="stereo")
        for start in range(0, tone.shape[1], 1024):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(tone[:, start:start + 1024]),
                                               format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = SR, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    assert check_file(str(path)) is None
    frames = read_all(open_source(FileItem(str(path)), SR, start_s=1.0))
    # No header states an ADTS stream's exact length: the encoder's padding plays too.
    assert len(frames) == pytest.approx(2 * SR, abs=0.1 * SR)
    assert frequency(frames[SR // 4 : SR, 0], SR) == pytest.approx(440.0, abs=0.5)


def test_tags_preflight_and_the_decode_check_accept_an_m4a(tmp_path: Path) -> None:
    path = m4a_tone(tmp_path / "song.m4a", 440.0, 2.0)
    info = read_tags(path)
    assert info.problem is None
    assert info.item.duration_s == pytest.approx(2.0, abs=0.05)
    assert check_file(str(path)) is None


def test_a_damaged_m4a_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    noise = tmp_path / "noise.m4a"
    noise.write_bytes(np.random.default_rng(3).bytes(30000))
    found = check_file(str(noise))
    assert found is not None and found[0] is Problem.CORRUPT
    assert "noise.m4a" in found[1]
    with pytest.raises(SourceError, match="noise.m4a"):
        open_source(FileItem(str(noise)), SR)
    good = m4a_tone(tmp_path / "cut.m4a", 440.0, 3.0).read_bytes()
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(good[: len(good) // 3])  # a download that stopped
    found = check_file(str(cut))
    assert found is not None and found[0] is Problem.CORRUPT


def test_an_m4a_plays_through_the_real_player(qtbot: QtBot, disk_output: Any,
                                              tmp_path: Path) -> None:
    path = m4a_tone(tmp_path / "phone.m4a", 523.25, 2.0)
    settings = PlayerSettings(mixer=MixerSettings(crossfade_s=0, fade_in_s=0.2), chunk_s=0.25)
    player = PlayerService(settings=settings)
    player.load(Playlist("t", [FileItem(str(path))]))
    player.play()
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    player.shutdown()
    frames = disk_output.frames()
    loud = np.flatnonzero(np.abs(frames[:, 0]) > 0.01)
    assert (loud[-1] - loud[0]) / SR == pytest.approx(2.0, abs=0.1)
    steady = frames[loud[0] + SR // 2 : loud[0] + int(1.5 * SR), 0]
    assert frequency(steady, SR) == pytest.approx(523.25, abs=0.5)


def test_an_m4a_is_measured_like_any_file(tmp_path: Path) -> None:
    from ketacompanion.audio.loudness_meter import measure_file, measure_frames

    path = m4a_tone(tmp_path / "phone.m4a", 997.0, 4.0, amplitude=0.25)
    t = np.arange(int(4.0 * SR)) / SR
    tone = 0.25 * np.sin(2 * np.pi * 997.0 * t)
    expected = measure_frames(np.column_stack([tone, tone]), SR)
    measured = measure_file(str(path))
    assert measured is not None and expected is not None
    assert measured.lufs == pytest.approx(expected.lufs, abs=0.2)
