from __future__ import annotations

import os
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from ketacompanion.core.wav_file import (
    HEADER_BYTES,
    CrashSafeWavWriter,
    WavError,
    read_wav_info,
    repair_wav,
)


def _pcm(frames: int, seed: int = 0) -> bytes:
    return np.random.default_rng(seed).integers(-30000, 30000, frames, dtype="<i2").tobytes()


def test_file_is_valid_after_every_flush(tmp_path: Path):
    path = tmp_path / "take.wav"
    writer = CrashSafeWavWriter(path, 16000)
    assert read_wav_info(path).frames == 0
    first, second = _pcm(1600, 1), _pcm(800, 2)
    writer.write(first)
    writer.flush()
    # Read while still open, as a crash right now would leave it.
    with wave.open(str(path)) as reader:
        fmt = (reader.getframerate(), reader.getnchannels(), reader.getsampwidth())
        assert fmt == (16000, 1, 2)
        assert reader.readframes(10**6) == first
    writer.write(second)
    writer.close()
    with wave.open(str(path)) as reader:
        assert reader.readframes(10**6) == first + second
    assert writer.duration_s == pytest.approx(2400 / 16000)
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_refuses_partial_frames_and_existing_files(tmp_path: Path):
    path = tmp_path / "take.wav"
    writer = CrashSafeWavWriter(path, 16000)
    with pytest.raises(ValueError):
        writer.write(b"\x01")
    writer.close()
    writer.close()  # twice is fine
    with pytest.raises(FileExistsError):
        CrashSafeWavWriter(path, 16000)


def test_repair_counts_unflushed_data_and_cuts_a_torn_frame(tmp_path: Path):
    path = tmp_path / "take.wav"
    writer = CrashSafeWavWriter(path, 16000)
    flushed, unflushed = _pcm(1000, 3), _pcm(500, 4)
    writer.write(flushed)
    writer.flush()
    writer.write(unflushed)
    # Simulate a kill mid-write: header never patched, last frame torn.
    writer._file.write(b"\x7f")
    assert read_wav_info(path).frames == 1000
    info = repair_wav(path)
    assert info.frames == 1500
    assert path.stat().st_size == HEADER_BYTES + 3000
    with wave.open(str(path)) as reader:
        assert reader.readframes(10**6) == flushed + unflushed
    writer._file.close()


def test_repair_refuses_what_is_not_a_pcm_wav(tmp_path: Path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav at all" * 5)
    with pytest.raises(WavError):
        repair_wav(bad)
    short = tmp_path / "short.wav"
    short.write_bytes(b"RIFF")
    with pytest.raises(WavError):
        read_wav_info(short)
    float_wav = tmp_path / "float.wav"
    head = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36, b"WAVE", b"fmt ", 16, 3, 1,
                       16000, 64000, 4, 32, b"data", 0)
    float_wav.write_bytes(head)
    with pytest.raises(WavError):
        read_wav_info(float_wav)
