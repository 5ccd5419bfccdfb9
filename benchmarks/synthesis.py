"""Synthesis speed as a multiple of real time (goal: at least 500x; noise 2,000x).

Renders a minute of audio in player-sized chunks, several times, and reports
the median speed for a constant beat, a glide, a glide with pink noise, pink
and brown noise alone, rain, sea and wind, and the whole session mix (a music file decoded plus a
binaural bed). The baseline is a bare numpy sine of the same length in the same
chunks, so each figure also reads as a share of what numpy itself can do.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.common import median
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.mixer import Mixer
from ketacompanion.core.binaural import BinauralGenerator
from ketacompanion.core.models import (
    BinauralSegment,
    FileItem,
    NatureItem,
    NatureSound,
    NoiseColour,
)
from ketacompanion.core.nature import NatureGenerator
from ketacompanion.core.noise import NoiseGenerator

RATE = 44100
SECONDS = 60.0
CHUNK = RATE  # the player's default chunk (1 s)
RUNS = 5
GOAL = 500.0
NOISE_GOAL = 2000.0
NATURE_GOAL = 200.0  # a one-second chunk of rain, sea or wind in under 5 ms


def run() -> list[str]:
    """Lines to print: one speed per case, and whether the goal is met."""
    lines = []
    cases: list[tuple[str, Callable[[], Callable[[int], np.ndarray]]]] = [
        ("constant beat 200/6 Hz", lambda: _generator(BinauralSegment(200, 6, SECONDS))),
        ("glide 10 -> 4 Hz", lambda: _generator(BinauralSegment(200, 10, SECONDS, to_beat_hz=4))),
        ("glide + pink noise", lambda: _generator(BinauralSegment(
            200, 10, SECONDS, to_beat_hz=4, noise=NoiseColour.PINK, noise_level=0.3))),
    ]
    noises: list[tuple[str, Callable[[], Callable[[int], np.ndarray]]]] = [
        ("pink noise", lambda: NoiseGenerator(NoiseColour.PINK, 1).read32),
        ("brown noise", lambda: NoiseGenerator(NoiseColour.BROWN, 1).read32),
    ]
    nature: list[tuple[str, Callable[[], Callable[[int], np.ndarray]]]] = [
        (f"nature: {sound.value}",
         lambda sound=sound: NatureGenerator(NatureItem(sound, SECONDS), RATE, seed=1).read)
        for sound in NatureSound
    ]
    speeds: dict[str, tuple[float, float]] = {"bare numpy sine (baseline)": _speed(_bare_sine)}
    for name, make in cases + noises + nature:
        speeds[name] = _speed(make)
    with tempfile.TemporaryDirectory() as folder:
        music = Path(folder) / "music.ogg"
        t = np.arange(int(SECONDS * RATE)) / RATE
        chord = sum(0.15 * np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6))
        # Written in blocks: one huge Vorbis write crashes libsndfile 1.2.2.
        with soundfile.SoundFile(music, "w", RATE, 2, format="OGG", subtype="VORBIS") as sink:
            for start in range(0, len(chord), 32768):
                block = chord[start : start + 32768]
                sink.write(np.column_stack([block, block]))
        speeds["session mix (OGG decode + bed)"] = _speed(lambda: _mix(music))
    baseline = speeds["bare numpy sine (baseline)"][0]
    for name, (mid, best) in speeds.items():
        lines.append(f"{name:34s} {mid:7.0f}x real time (median of {RUNS}; best {best:.0f}x; "
                     f"{mid / baseline:.2f} of the baseline)")
    worst = min(speeds[name][0] for name, _ in cases)
    verdict = "meets" if worst >= GOAL else "MISSES"
    load = os.getloadavg()[0]
    lines.append(f"slowest synthesis {worst:.0f}x: {verdict} the goal of {GOAL:.0f}x "
                 f"(load average {load:.1f} on {os.cpu_count()} cores)")
    noise = min(speeds[name][0] for name, _ in noises)
    verdict = "meets" if noise >= NOISE_GOAL else "MISSES"
    lines.append(f"slowest noise {noise:.0f}x: {verdict} the goal of {NOISE_GOAL:.0f}x")
    slowest = min(speeds[name][0] for name, _ in nature)
    verdict = "meets" if slowest >= NATURE_GOAL else "MISSES"
    lines.append(f"slowest nature sound {slowest:.0f}x: {verdict} the goal of {NATURE_GOAL:.0f}x")
    return lines


def _bare_sine() -> Callable[[int], np.ndarray]:
    """What numpy alone does for a tone: one phase ramp and one sine per chunk."""
    state = {"done": 0}

    def read(frames: int) -> np.ndarray:
        start = state["done"]
        state["done"] += frames
        phase = np.arange(start, start + frames, dtype=np.float64) * (2 * np.pi * 200 / RATE)
        return np.sin(phase).astype(np.float32)

    return read


def _generator(segment: BinauralSegment) -> Callable[[int], np.ndarray]:
    return BinauralGenerator(segment, RATE).read


def _mix(music: Path) -> Callable[[int], np.ndarray]:
    mixer = Mixer(MixerSettings(sample_rate=RATE))
    mixer.load([FileItem(str(music))], bed=BinauralSegment(200, 6, 3600), bed_level=0.3)
    mixer.start()
    return lambda frames: mixer.render(frames)[0]


def _speed(make: Callable[[], Callable[[int], np.ndarray]]) -> tuple[float, float]:
    results = []
    total = int(SECONDS * RATE)
    for _ in range(RUNS):
        read = make()
        started = time.perf_counter()
        done = 0
        while done < total:
            done += len(read(min(CHUNK, total - done))) or CHUNK
        results.append(SECONDS / (time.perf_counter() - started))
    return median(results), max(results)
