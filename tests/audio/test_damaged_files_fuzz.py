"""Fuzzing every file-reading entry point of the player with damaged audio files.

Preflight (``check_file``), the player's decoder (``FileSource``) and the voice
take loader (``take_samples``, then pygame) each get a few thousand mutated WAV,
AIFF and FLAC files: a clear answer or a SourceError, never another exception,
a crash, a read larger than asked, or a sample that is not a number
within full scale.
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import pygame
import soundfile

from ketacompanion.audio.preflight import Problem, check_file
from ketacompanion.audio.sources import FileSource, SourceError
from ketacompanion.audio.take_player import take_samples

SR = 44100
CHUNK = 4096


def _seeds() -> list[bytes]:
    """Small valid files of each kind the player and the takes meet."""
    rng = np.random.default_rng(3)
    seeds = []
    for fmt, subtype, rate, channels in (("WAV", "PCM_16", 16000, 1), ("WAV", "FLOAT", 44100, 2),
                                         ("AIFF", "PCM_16", 22050, 2), ("FLAC", "PCM_16", 16000, 1),
                                         ("WAV", "PCM_24", 48000, 1)):
        buffer = io.BytesIO()
        data = 0.5 * rng.uniform(-1, 1, (300, channels))
        soundfile.write(buffer, data, rate, format=fmt, subtype=subtype)
        seeds.append(buffer.getvalue())
    return seeds


def _mutate(rng: random.Random, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randint(1, 6)):
        # Mostly the header, where a damaged length or format does the most harm.
        offset = rng.randrange(min(len(data), 80) if rng.random() < 0.8 else len(data))
        width = rng.choice((1, 2, 4))
        data[offset:offset + width] = rng.getrandbits(8 * width).to_bytes(width, "little")
    if rng.random() < 0.2:
        del data[rng.randrange(len(data)):]
    return bytes(data)


def _check_decoder(path: Path) -> None:
    try:
        source = FileSource(str(path), SR)
    except SourceError:
        return
    try:
        for _ in range(3):
            out = source.read(CHUNK)
            assert out.shape[1] == 2 and len(out) <= CHUNK
            # Input is clipped to +-1; cubic resampling may overshoot that by a quarter at
            # most, which the output's soft knee takes (never Inf, never NaN).
            assert np.isfinite(out).all() and np.abs(out).max(initial=0.0) <= 1.25
            if len(out) < CHUNK:
                break
    except SourceError:
        pass
    finally:
        source.close()


def test_fuzzed_files_never_crash_preflight_the_player_or_the_takes(
        disk_output: Any, tmp_path: Path) -> None:
    pygame.mixer.init(SR, -16, 2, 2048)  # takes are handed to pygame as the app does
    rng = random.Random(2026)
    seeds = _seeds()
    deadline = time.monotonic() + 12.0
    cases = refused = 0
    while cases < 3000 and time.monotonic() < deadline:
        path = tmp_path / f"case{cases % 7}.{rng.choice(('wav', 'aiff', 'flac'))}"
        path.write_bytes(_mutate(rng, rng.choice(seeds)))
        problem = check_file(str(path))
        assert problem is None or (isinstance(problem[0], Problem) and problem[1])
        refused += problem is not None
        _check_decoder(path)
        try:
            samples = take_samples(path, SR)
        except SourceError:
            pass
        else:
            assert samples.dtype == np.int16 and samples.shape[1] == 2
            pygame.mixer.Sound(array=samples)
        path.unlink()
        cases += 1
    assert cases >= 500 and 0 < refused < cases
