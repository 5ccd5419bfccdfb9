"""Synthesis speed against a bare numpy sine doing the same work (goal: >= 2,000x real time).

Each case renders the same stretch of stereo float32 audio in player-sized
chunks (1 s) as a bare numpy script does for a plain two-channel sine with its
phase carried between chunks; the two alternate, pair by pair. The figure is the
case's time over the bare sine's (goal <= 2.5x: tones on an idle machine run near
2,000x, a bare sine near 5,000x), then the case's own speed against the 2,000x
goal from issue 18. The whole session mix (an OGG decoded plus a bed) is printed
for reference against the same baseline.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.common import Figure, alternate, load_note, median
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
CHUNK = RATE  # the player's default chunk (1 s)
RATIO_GOAL = 2.5
SPEED_GOAL = 2000.0
NATURE_GOAL = 200.0

Reader = Callable[[int], np.ndarray]


def run(quick: bool = False) -> list[str]:
    """Lines to print: per case, the ratio to the bare sine and its speed."""
    seconds, pairs = (20.0, 3) if quick else (60.0, 7)
    cases: dict[str, Callable[[], Reader]] = {
        "constant beat 200/6 Hz": lambda: _generator(BinauralSegment(200, 6, seconds)),
        "glide 10 -> 4 Hz": lambda: _generator(BinauralSegment(200, 10, seconds, to_beat_hz=4)),
        "glide + pink noise": lambda: _generator(BinauralSegment(
            200, 10, seconds, to_beat_hz=4, noise=NoiseColour.PINK, noise_level=0.3)),
        "glide + brown noise": lambda: _generator(BinauralSegment(
            200, 10, seconds, to_beat_hz=4, noise=NoiseColour.BROWN, noise_level=0.3)),
        "pink noise": lambda: NoiseGenerator(NoiseColour.PINK, 1).read32,
        "brown noise": lambda: NoiseGenerator(NoiseColour.BROWN, 1).read32,
    }
    # Rain, sea and wind shape their noise further; their goal is 200x (a one-second
    # chunk in under 5 ms), shown beside the tones' ratio to the bare sine.
    nature: dict[str, Callable[[], Reader]] = {
        f"nature: {sound.value}":
            lambda sound=sound: NatureGenerator(NatureItem(sound, seconds), RATE, seed=1).read
        for sound in NatureSound
    }
    lines = [f"{seconds:.0f} s of audio per run, {pairs} pairs, alternating; {load_note()}"]
    bare = lambda: _seconds(_bare_sine(), seconds)  # noqa: E731
    for name, make in cases.items():
        figure = alternate(pairs, lambda make=make: _seconds(make(), seconds), bare,
                           Figure(f"{name:22s} time / bare numpy sine", RATIO_GOAL, scale=1000))
        lines.append(figure.line())
        lines.append(_speed_line(figure, seconds))
    for name, make in nature.items():
        figure = alternate(pairs, lambda make=make: _seconds(make(), seconds), bare,
                           Figure(f"{name:22s} time / bare numpy sine", None, scale=1000))
        lines.append(figure.line())
        lines.append(_speed_line(figure, seconds, NATURE_GOAL))
    with tempfile.TemporaryDirectory() as folder:
        music = _music(Path(folder) / "music.ogg", seconds)
        figure = alternate(pairs, lambda: _seconds(_mix(music), seconds), bare,
                           Figure("session mix (OGG decode + bed) / bare sine", None))
        lines.append(figure.line())
        lines.append(_speed_line(figure, seconds, None))
    return lines


def _speed_line(figure: Figure, seconds: float, goal: float | None = SPEED_GOAL) -> str:
    speeds = [seconds / mine for mine, _ in figure.pairs or []]
    bare = median([seconds / base for _, base in figure.pairs or []])
    speed = median(speeds)
    verdict = ("(for reference)" if goal is None else
               f"{'MET' if speed >= goal else 'MISSED'} (goal >= {goal:.0f}x)")
    return (f"   speed {speed:.0f}x real time (spread {min(speeds):.0f}-{max(speeds):.0f}; "
            f"bare sine {bare:.0f}x) {verdict}")


def _generator(segment: BinauralSegment) -> Reader:
    return BinauralGenerator(segment, RATE).read


def _bare_sine() -> Reader:
    """A plain stereo sine pair (197 and 203 Hz), as lean as numpy allows.

    Phase carried between chunks in float64 (exact for hours), the sine taken in
    float32 into one preallocated block: what any tone generator must at least do.
    """
    freqs = np.array([197.0, 203.0]) / RATE
    phase = np.zeros(2)
    index = np.arange(CHUNK, dtype=np.float64)

    def read(frames: int) -> np.ndarray:
        out = np.empty((frames, 2), dtype=np.float32)
        for ch in (0, 1):
            cycles = index[:frames] * freqs[ch]
            cycles += phase[ch]
            cycles -= np.floor(cycles)
            channel = cycles.astype(np.float32)
            channel *= np.float32(2.0 * np.pi)
            np.sin(channel, out=out[:, ch])
        phase[:] = (phase + frames * freqs) % 1.0
        return out

    return read


def _mix(music: Path) -> Reader:
    mixer = Mixer(MixerSettings(sample_rate=RATE))
    mixer.load([FileItem(str(music))], bed=BinauralSegment(200, 6, 3600), bed_level=0.3)
    mixer.start()
    return lambda frames: mixer.render(frames)[0]


def _music(path: Path, seconds: float) -> Path:
    t = np.arange(int(seconds * RATE)) / RATE
    chord = sum(0.15 * np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6))
    # Written in blocks: one huge Vorbis write crashes libsndfile 1.2.2.
    with soundfile.SoundFile(path, "w", RATE, 2, format="OGG", subtype="VORBIS") as sink:
        for start in range(0, len(chord), 32768):
            block = chord[start : start + 32768]
            sink.write(np.column_stack([block, block]))
    return path


def _seconds(read: Reader, seconds: float) -> float:
    """Wall time to render ``seconds`` of audio in player-sized chunks."""
    total = int(seconds * RATE)
    started = time.perf_counter()
    done = 0
    while done < total:
        done += len(read(min(CHUNK, total - done))) or CHUNK
    return time.perf_counter() - started
