"""Nature sounds made from shaped noise: soft rain, the sea, the wind. No recordings.

Pure numpy, streamed in chunks like :mod:`ketacompanion.core.binaural`: a
:class:`NatureGenerator` gives the next frames on demand and an hour is never
held in memory. Everything is a function of the frame's place in the item (the
slow curves, the droplets) or comes from seamless noise streams
(:class:`ketacompanion.core.noise.GrainStream`), so chunk sizes never change a
sample and a seek lands where a straight play would have been.

* Rain: pink-ish noise with the rumble taken out, breathing slowly in level, with
  sparse soft droplets (short damped tones, each placed in the stereo field).
* Sea: brown noise (no sub-bass) under slow swells of 8-12 s whose length and height wander,
  each crest brightened by a wash of higher noise; left and right a little apart.
* Wind: noise through a band whose centre wanders slowly between about 200 Hz and
  1.2 kHz, in gusts.

No curve has a period a listener could learn: each is a sum of slow sines at
unrelated rates, and the noise never repeats. Every item fades in and out over a
few seconds, so it starts and ends without a click. Each sound is made at one
loudness, that of the theta beats as generated (K-weighted, measured in
tests/core/test_nature.py), which :func:`ketacompanion.core.loudness.nature_loudness`
states, so the session brings it to its target without measuring.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache, partial

import numpy as np

from ketacompanion.core.models import NatureItem, NatureSound
from ketacompanion.core.noise import GrainStream, make_table

DEFAULT_SAMPLE_RATE = 44100
FADE_S = 4.0
_GRID = 64  # slow curves are worked out every 64 frames and drawn straight between
_DROP_WINDOW = 8192  # droplets are drawn per window of frames, from the window's own seed
_DROP_MAX = 3600  # frames a droplet may ring (about 80 ms)
# Output gain per sound: matches the beats' K-weighted loudness (tests/core/test_nature.py).
_LEVEL = {NatureSound.RAIN: 0.96, NatureSound.SEA: 1.01, NatureSound.WIND: 0.80}
_KNEE = 0.6  # above this a rare noise peak is rounded off softly, never past full scale


class _Slow:
    """A smooth slow curve in [-1, 1]: a few sines at unrelated rates, closed form in time."""

    def __init__(self, rng: np.random.Generator, low_hz: float, high_hz: float) -> None:
        self._freqs = rng.uniform(low_hz, high_hz, 3) * 2.0 * math.pi
        self._phases = rng.uniform(0.0, 2.0 * math.pi, 3)
        weights = rng.uniform(0.5, 1.0, 3)
        self._weights = weights / weights.sum()

    def at(self, t: np.ndarray) -> np.ndarray:
        """The curve at times ``t`` (seconds)."""
        return (np.sin(np.outer(t, self._freqs) + self._phases) * self._weights).sum(axis=1)

    def integral(self, t: np.ndarray) -> np.ndarray:
        """The curve's integral from 0 to ``t`` seconds (closed form: it never drifts)."""
        swing = np.cos(self._phases) - np.cos(np.outer(t, self._freqs) + self._phases)
        return (swing * (self._weights / self._freqs)).sum(axis=1)


class _Stereo:
    """Two uncorrelated streams (left, right) of one table, ``layers`` grain layers deep.

    Two layers make a steady bed that never repeats; one is enough for a band
    whose level keeps moving (the wind's), where no stretch is heard alike twice.
    """

    def __init__(self, table: np.ndarray, seeds: np.random.SeedSequence, layers: int = 2) -> None:
        self._layers = layers
        self._streams = [GrainStream(table, np.random.default_rng(s))
                         for s in seeds.spawn(2 * layers)]

    def read(self, frames: int) -> np.ndarray:
        """The next ``frames`` as (frames, 2)."""
        return self.rows(frames).T

    def rows(self, frames: int) -> np.ndarray:
        """The next ``frames`` as two contiguous rows (left, right): cheap to scale and sum."""
        out = np.empty((2 * self._layers, frames), dtype=np.float32)
        for row, stream in zip(out, self._streams, strict=True):
            stream.fill(row)
        if self._layers == 1:
            return out
        pair = out[0:2] + out[2:4]
        pair *= np.float32(1.0 / math.sqrt(2.0))
        return pair


def _octaves_from(f: np.ndarray, centre_hz: float, rate: float = 44100.0) -> np.ndarray:
    return np.log2(np.maximum(f * rate, 1.0) / centre_hz)


@lru_cache(maxsize=1)
def _rain_table() -> np.ndarray:
    """Pink-ish: a gentler slope than pink, little below 150 Hz, soft above 8 kHz."""
    def shape(f: np.ndarray) -> np.ndarray:
        hz = np.maximum(f * 44100.0, 1.0)
        return hz**-0.35 * (hz / np.hypot(hz, 150.0)) ** 2 / np.sqrt(1.0 + (hz / 8000.0) ** 2)

    return make_table(shape, seed=101)


@lru_cache(maxsize=1)
def _sea_table() -> np.ndarray:
    """Brown noise without the sub-bass a headphone cannot give (it only raises the peaks)."""
    def shape(f: np.ndarray) -> np.ndarray:
        hz = np.maximum(f * 44100.0, 1.0)
        return (1.0 / hz) * (hz / np.hypot(hz, 70.0)) ** 2

    return make_table(shape, seed=151)


@lru_cache(maxsize=1)
def _wash_table() -> np.ndarray:
    """The sea's wash: noise from about 300 Hz to 4 kHz."""
    return make_table(lambda f: np.exp(-0.5 * (_octaves_from(f, 1100.0) / 1.2) ** 2), seed=202)


WIND_CENTRES_HZ = (180.0, 280.0, 440.0, 700.0, 1100.0, 1700.0)


@lru_cache(maxsize=len(WIND_CENTRES_HZ))
def _band_table(centre_hz: float) -> np.ndarray:
    """Noise in a band about two thirds of an octave wide around ``centre_hz``."""
    return make_table(lambda f: np.exp(-0.5 * (_octaves_from(f, centre_hz) / 0.35) ** 2),
                      seed=300 + int(centre_hz))


class NatureGenerator:
    """Streams one nature item as float32 stereo chunks.

    Args:
        item: The nature item to play.
        sample_rate: Output rate in Hz.
        seed: Seed for everything random, for reproducible output (None: fresh).
    """

    def __init__(self, item: NatureItem, sample_rate: int = DEFAULT_SAMPLE_RATE,
                 seed: int | None = None) -> None:
        self.item = item
        self.sample_rate = int(sample_rate)
        self.total_frames = max(1, round(item.duration_s * self.sample_rate))
        self.position = 0
        self._fade = min(round(FADE_S * self.sample_rate), self.total_frames // 4)
        seeds = np.random.SeedSequence(seed)
        noise_seeds, curve_seed, drop_seed = seeds.spawn(3)
        curves = np.random.default_rng(curve_seed)
        self._drop_seed = int(np.random.default_rng(drop_seed).integers(2**31))
        sound = item.sound
        self._render = {
            NatureSound.RAIN: self._rain, NatureSound.SEA: self._sea,
            NatureSound.WIND: self._wind,
        }[sound]
        self._level = np.float32(_LEVEL[sound])
        if sound is NatureSound.RAIN:
            self._beds = [_Stereo(_rain_table(), noise_seeds)]
            self._breath = _Slow(curves, 0.02, 0.08)
        elif sound is NatureSound.SEA:
            body, wash = noise_seeds.spawn(2)
            self._beds = [_Stereo(_sea_table(), body),
                          _Stereo(_wash_table(), wash)]
            self._drift = _Slow(curves, 0.008, 0.015)  # how long the swells are
            self._height = _Slow(curves, 0.02, 0.05)  # how high each one comes
            self._swell_phase = float(curves.uniform(0.0, 2.0 * math.pi))
        else:
            self._beds = [_Stereo(_band_table(c), s, layers=1)
                          for c, s in zip(WIND_CENTRES_HZ, noise_seeds.spawn(6), strict=True)]
            self._centre = _Slow(curves, 0.012, 0.05)
            self._gusts = _Slow(curves, 0.03, 0.12)

    @property
    def remaining(self) -> int:
        """Frames still to be produced."""
        return self.total_frames - self.position

    def seek(self, frame: int) -> None:
        """Go to ``frame``: the curves and droplets are where a straight play has them."""
        self.position = min(max(0, int(frame)), self.total_frames)

    def read(self, frames: int) -> np.ndarray:
        """Return the next ``frames`` samples (fewer at the end) as float32, shape (n, 2)."""
        count = max(0, min(int(frames), self.remaining))
        out = self._render(self.position, count) if count else np.zeros((0, 2), np.float32)
        out *= self._level
        _soft_limit(out)
        self._apply_fades(out)
        self.position += count
        return out

    # ------------------------------------------------------------------ curves
    def _slow(self, start: int, count: int,
              curve: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """``curve`` (of seconds) at every frame, worked out on a fixed grid and drawn between."""
        first = start // _GRID
        last = (start + count) // _GRID + 1
        grid = np.arange(first, last + 1, dtype=np.float64) * _GRID
        values = curve(grid / self.sample_rate)
        frames = np.arange(start, start + count, dtype=np.float64)
        return np.interp(frames, grid, values).astype(np.float32)

    def _apply_fades(self, out: np.ndarray) -> None:
        if not self._fade or not len(out):
            return
        start, end = self.position, self.position + len(out)
        if start >= self._fade and end <= self.total_frames - self._fade:
            return
        idx = np.arange(start, end, dtype=np.float64)
        gains = np.ones(len(out))
        x = np.clip(idx / self._fade, 0.0, 1.0)
        gains *= (1.0 - np.cos(np.pi * x)) / 2.0
        x = np.clip((self.total_frames - 1 - idx) / self._fade, 0.0, 1.0)
        gains *= (1.0 - np.cos(np.pi * x)) / 2.0
        out *= gains.astype(np.float32)[:, None]

    # ------------------------------------------------------------------ sounds
    def _rain(self, start: int, count: int) -> np.ndarray:
        out = self._beds[0].read(count)
        # The bed sits under the droplets, so they patter out of it rather than drown.
        out *= self._slow(start, count, lambda t: 0.42 + 0.08 * self._breath.at(t))[:, None]
        self._droplets(start, out)
        return out

    def _droplets(self, start: int, out: np.ndarray) -> None:
        """Add the droplets that ring in frames ``start..start+len(out)``."""
        rate, end = self.sample_rate, start + len(out)
        for window in range(max(0, start - _DROP_MAX) // _DROP_WINDOW,
                            (end - 1) // _DROP_WINDOW + 1):
            rng = np.random.default_rng((self._drop_seed, window))
            for _ in range(rng.poisson(6.0 * _DROP_WINDOW / rate)):  # about six a second
                onset = window * _DROP_WINDOW + int(rng.integers(_DROP_WINDOW))
                pitch = rng.uniform(1800.0, 4200.0)
                decay = rng.uniform(0.004, 0.012) * rate
                size = min(0.8, rng.lognormal(-0.8, 0.4))
                pan = rng.uniform(0.15, 0.85) * math.pi / 2.0
                lo, hi = max(start, onset), min(end, onset + _DROP_MAX)
                if lo >= hi:
                    continue
                t = np.arange(lo - onset, hi - onset, dtype=np.float64)
                # A soft onset (0.4 ms) and a quick ring down: a patter, not a click.
                ring = np.sin(2.0 * np.pi * pitch / rate * t) * np.exp(-t / decay)
                drop = ring * (1.0 - np.exp(-t / (0.0004 * rate))) * size
                out[lo - start : hi - start, 0] += (drop * math.cos(pan)).astype(np.float32)
                out[lo - start : hi - start, 1] += (drop * math.sin(pan)).astype(np.float32)

    def _swell(self, t: np.ndarray, shift: float) -> np.ndarray:
        """0 in a trough, 1 at a crest; one swell every 8-12 s, each its own height."""
        # Instantaneous rate 0.1 +- 0.018 Hz; its integral keeps the swells continuous.
        cycles = 0.1 * t + 0.018 * self._drift.integral(t)
        s = (1.0 - np.cos(2.0 * np.pi * cycles + self._swell_phase + shift)) / 2.0
        return s**1.6 * (0.75 + 0.25 * self._height.at(t))

    def _sea(self, start: int, count: int) -> np.ndarray:
        body, wash = self._beds[0].read(count), self._beds[1].read(count)
        for ch, shift in ((0, 0.0), (1, 0.35)):  # the right ear hears each swell a little later
            swell = self._slow(start, count, partial(self._swell, shift=shift))
            body[:, ch] *= 0.45 + 0.35 * swell
            wash[:, ch] *= 0.1 + 0.45 * swell * swell
        body += wash
        return body

    def _wind(self, start: int, count: int) -> np.ndarray:
        lo, hi = math.log2(200.0), math.log2(1200.0)
        centre = self._slow(start, count,
                            lambda t: lo + (hi - lo) * (0.5 + 0.5 * self._centre.at(t)))
        weights = [np.exp(-0.5 * ((math.log2(c) - centre) / 0.5) ** 2) for c in WIND_CENTRES_HZ]
        norm = np.sqrt(sum(w * w for w in weights))  # the bands are uncorrelated: power holds
        gust = self._slow(start, count,
                          lambda t: 0.55 + 0.45 * (0.5 + 0.5 * self._gusts.at(t)) ** 1.5)
        gust /= norm
        out = np.zeros((2, count), dtype=np.float32)
        for bed, weight in zip(self._beds, weights, strict=True):
            rows = bed.rows(count)
            rows *= weight * gust  # one gain for both ears, row by contiguous row
            out += rows
        return out.T


def _soft_limit(out: np.ndarray) -> None:
    """Round off the rare peaks above :data:`_KNEE` (in place) so none reaches full scale.

    At the beats' loudness, noise with a swell now and then peaks near 0 dBFS; a
    smooth knee on those few samples is inaudible in noise, a hard clip is not.
    """
    over = np.abs(out) > _KNEE
    if over.any():
        x = out[over]
        room = 1.0 - _KNEE
        out[over] = np.sign(x) * (_KNEE + room * np.tanh((np.abs(x) - _KNEE) / room))
