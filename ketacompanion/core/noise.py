"""Coloured noise from seamless spectrum-shaped tables, read at random offsets.

Filtering white noise sample by sample is the slow way in numpy (about 500x real
time for pink). Instead, a few seconds of noise are shaped once in the frequency
domain (exactly 1/f power for pink, 1/f^2 for brown, each with a soft corner low
down so nothing sits far below hearing) and kept as a circular table. A stream
is then a run of "grains": stretches of random length read from random places
in the table, each joined to the next by an equal-power crossfade (the two are
uncorrelated, so the level holds through the join and the spectrum is kept).

Two such streams with their own grain lengths are summed (divided by sqrt(2)),
so the sound at any moment is one of table-length squared combinations and
nothing repeats: the output has no period at the table length or anywhere else.
Reading is slicing and adding, several thousand times faster than real time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from ketacompanion.core.models import NoiseColour

TABLE_FRAMES = 2**18  # 5.9 s at 44.1 kHz; circular, so a read may wrap round
CROSSFADE_FRAMES = 4096  # 93 ms: long against any period the corners let through
_GRAIN_MIN = 12_000
_GRAIN_MAX = 60_000
TARGET_RMS = 0.25  # every colour at about -12 dBFS RMS before it is bounded to [-1, 1]
# Corners as fractions of the sample rate (about 5 Hz and 20 Hz at 44.1 kHz):
# below them the spectrum levels off instead of climbing into the subsonic.
_PINK_CORNER = 5.0 / 44100.0
_BROWN_CORNER = 20.0 / 44100.0
_TABLE_SEED = 0x5EED_4015E


def make_table(amplitude: Callable[[np.ndarray], np.ndarray] | None,
               seed: int = _TABLE_SEED) -> np.ndarray:
    """A circular noise table whose spectrum has ``amplitude`` (None: flat).

    ``amplitude`` maps frequencies as fractions of the sample rate (0..0.5) to
    gains. The table is float32 at RMS :data:`TARGET_RMS`, with no DC, read-only.
    """
    rng = np.random.default_rng(seed)
    shaped = rng.standard_normal(TABLE_FRAMES)
    if amplitude is not None:
        spectrum = np.fft.rfft(shaped)
        spectrum *= amplitude(np.fft.rfftfreq(TABLE_FRAMES))
        spectrum[0] = 0.0  # no DC offset
        shaped = np.fft.irfft(spectrum, TABLE_FRAMES)
    shaped *= TARGET_RMS / float(np.sqrt(np.mean(shaped * shaped)))
    table = shaped.astype(np.float32)
    table.flags.writeable = False
    return table


def _pink(f: np.ndarray) -> np.ndarray:
    return (f * f + _PINK_CORNER**2) ** -0.25


def _brown(f: np.ndarray) -> np.ndarray:
    return 1.0 / np.sqrt(f * f + _BROWN_CORNER**2)


@lru_cache(maxsize=4)
def noise_table(colour: NoiseColour) -> np.ndarray:
    """The shared circular table for ``colour``: built once (a few milliseconds)."""
    colour = NoiseColour(colour)
    shapes = {NoiseColour.WHITE: None, NoiseColour.PINK: _pink, NoiseColour.BROWN: _brown}
    return make_table(shapes[colour])


def _fade_curves() -> tuple[np.ndarray, np.ndarray]:
    x = (np.arange(CROSSFADE_FRAMES) + 0.5) / CROSSFADE_FRAMES * (math.pi / 2.0)
    return np.cos(x).astype(np.float32), np.sin(x).astype(np.float32)


_FADE_OUT, _FADE_IN = _fade_curves()


class GrainStream:
    """One endless stream of table grains joined by equal-power crossfades.

    Its output has the table's spectrum and level; what it draws comes only from
    ``rng``, one grain at a time, so chunk sizes never change a sample.
    """

    def __init__(self, table: np.ndarray, rng: np.random.Generator) -> None:
        self._table = table
        self._rng = rng
        self._tail = int(rng.integers(len(table)))  # where the previous grain's fade-out reads
        self._start = 0
        self._length = 0
        self._pos = 0
        self._next_grain()

    def _next_grain(self) -> None:
        size = len(self._table)
        self._tail = (self._start + self._length) % size if self._length else self._tail
        # Land well away from the grain fading out, so the two are uncorrelated.
        self._start = (self._tail + int(self._rng.integers(size // 8, size - size // 8))) % size
        self._length = int(self._rng.integers(_GRAIN_MIN, _GRAIN_MAX))
        self._pos = 0

    def _span(self, start: int, count: int) -> np.ndarray:
        """``count`` table samples from ``start``, wrapping round (a view when it can)."""
        size = len(self._table)
        start %= size
        end = start + count
        if end <= size:
            return self._table[start:end]
        return np.concatenate([self._table[start:], self._table[: end - size]])

    def fill(self, out: np.ndarray) -> None:
        """Write the next ``len(out)`` samples into ``out`` (float32)."""
        done, total = 0, len(out)
        while done < total:
            if self._pos >= self._length:
                self._next_grain()
            pos = self._pos
            if pos < CROSSFADE_FRAMES:
                n = min(CROSSFADE_FRAMES - pos, total - done)
                block = out[done : done + n]
                np.multiply(self._span(self._tail + pos, n), _FADE_OUT[pos : pos + n], out=block)
                block += self._span(self._start + pos, n) * _FADE_IN[pos : pos + n]
            else:
                n = min(self._length - pos, total - done)
                out[done : done + n] = self._span(self._start + pos, n)
            self._pos += n
            done += n


class NoiseGenerator:
    """White, pink or brown noise in [-1, 1], continuous across chunks, never repeating.

    Args:
        colour: The noise colour.
        seed: Seed for the grain offsets and lengths, for reproducible output.
    """

    def __init__(self, colour: NoiseColour, seed: int | None = None) -> None:
        self.colour = NoiseColour(colour)
        table = noise_table(self.colour)
        # One generator per stream: what each draws never depends on chunk sizes.
        first, second = np.random.SeedSequence(seed).spawn(2)
        self._streams = (
            GrainStream(table, np.random.default_rng(first)),
            GrainStream(table, np.random.default_rng(second)),
        )
        self._scratch = np.zeros(0, dtype=np.float32)

    def read32(self, frames: int) -> np.ndarray:
        """The next ``frames`` mono samples as a new float32 array."""
        frames = int(frames)
        out = np.empty(frames, dtype=np.float32)
        if len(self._scratch) < frames:
            self._scratch = np.empty(frames, dtype=np.float32)
        other = self._scratch[:frames]
        self._streams[0].fill(out)
        self._streams[1].fill(other)
        out += other
        out *= np.float32(1.0 / math.sqrt(2.0))
        return np.clip(out, -1.0, 1.0, out=out)

    def read(self, frames: int) -> np.ndarray:
        """The next ``frames`` mono samples as float64 (as the filters gave before)."""
        return self.read32(frames).astype(np.float64)
