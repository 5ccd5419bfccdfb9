"""Binaural beat synthesis with numpy: phase-continuous tones, noise beds and fades.

Pure numpy (no Qt, no pygame). Everything here is a stateful generator that
produces the next ``frames`` samples on demand, so an hour-long segment is
never held in memory and consecutive chunks join without any discontinuity:

* The tone phase is computed in closed form from the start of the segment,
  ``phase(n) = phase0 + 2*pi/sr * (f0*n + (f1 - f0)*n**2 / (2*N))``, so a
  linear glide of carrier and/or beat has exactly the instantaneous frequency
  ``f0 + (f1 - f0)*n/N`` at sample ``n`` and chunk size never matters.
* Noise colours come from :mod:`ketacompanion.core.noise`: spectrum-shaped
  tables read at random offsets with crossfades (thousands of times real time).
  :class:`OnePole` stays for filters whose state carries from chunk to chunk.
* :class:`Ramp` is a gain that moves smoothly (raised cosine) to a target; the
  player and the file writer use it for every fade.

Levels: a tone alone peaks at ``peak`` (default -12 dBFS). With a noise bed at
level ``L`` the mix is ``(tone + L*noise) / (1 + L)`` with noise bounded to
[-1, 1], so the peak never exceeds ``peak`` either.
"""

from __future__ import annotations

import math

import numpy as np

from ketacompanion.core.arc_beats import beat_breakpoints
from ketacompanion.core.models import BinauralSegment
from ketacompanion.core.noise import NoiseGenerator

DEFAULT_SAMPLE_RATE = 44100
DEFAULT_PEAK_DBFS = -12.0


def db_to_gain(dbfs: float) -> float:
    """Linear amplitude of a level in dBFS (0 dBFS = full scale = 1.0)."""
    return float(10.0 ** (dbfs / 20.0))


def gain_to_db(gain: float) -> float:
    """Level in dBFS of a linear amplitude (-inf for silence)."""
    return 20.0 * math.log10(gain) if gain > 0 else float("-inf")


class BinauralGenerator:
    """Streams one binaural segment as float32 stereo chunks, phase-continuous.

    The frequencies move along straight pieces (one for a plain segment or a
    glide; one per phase for a segment that follows the arc). Each piece's phase
    is in closed form from its own start, and each piece starts with the phase the
    one before ended on, so the tone never jumps where pieces meet.

    Args:
        segment: The validated segment to play.
        sample_rate: Output rate in Hz.
        peak: Linear peak amplitude of the output (default -12 dBFS).
        phases: Starting phases (left, right) in radians, e.g. the ``phases`` of
            the previous generator to join two segments without a click.
        seed: Seed for the noise bed, for reproducible output.
    """

    def __init__(
        self,
        segment: BinauralSegment,
        sample_rate: int = DEFAULT_SAMPLE_RATE,
        *,
        peak: float = db_to_gain(DEFAULT_PEAK_DBFS),
        phases: tuple[float, float] = (0.0, 0.0),
        seed: int | None = None,
    ) -> None:
        self.segment = segment
        self.sample_rate = int(sample_rate)
        self.total_frames = max(1, round(segment.duration_s * self.sample_rate))
        self.position = 0
        self._peak = float(peak)
        self._local: tuple[np.ndarray, np.ndarray] | None = None
        self._pieces = self._lay_pieces(np.array(phases, dtype=np.float64) / (2.0 * np.pi))
        self._noise = (
            NoiseGenerator(segment.noise, seed)
            if segment.noise is not None and segment.noise_level > 0
            else None
        )

    def _lay_pieces(self, cycles: np.ndarray) -> list[_Piece]:
        """The straight pieces of the frequency path, with the phase each starts on."""
        seg, rate, total = self.segment, self.sample_rate, self.total_frames
        if seg.arc is None:
            half0, half1 = seg.beat_hz / 2.0, seg.end_beat_hz / 2.0
            f0 = np.array([seg.carrier_hz - half0, seg.carrier_hz + half0])
            f1 = np.array([seg.end_carrier_hz - half1, seg.end_carrier_hz + half1])
            return [_Piece(0, total, f0, f1, cycles, rate)]
        pieces: list[_Piece] = []
        points = [(min(total, round(t * rate)), beat) for t, beat in beat_breakpoints(seg)]
        points[-1] = (total, points[-1][1])
        for (n0, b0), (n1, b1) in zip(points, points[1:], strict=False):
            if n1 <= n0:
                continue
            f0 = np.array([seg.carrier_hz - b0 / 2.0, seg.carrier_hz + b0 / 2.0])
            f1 = np.array([seg.carrier_hz - b1 / 2.0, seg.carrier_hz + b1 / 2.0])
            piece = _Piece(n0, n1, f0, f1, cycles, rate)
            pieces.append(piece)
            cycles = piece.cycles_at(n1 - n0) % 1.0
        return pieces

    @property
    def remaining(self) -> int:
        """Frames still to be produced."""
        return self.total_frames - self.position

    @property
    def phases(self) -> tuple[float, float]:
        """Phases (left, right) of the next sample, wrapped to [0, 2*pi)."""
        piece = self._piece_at(self.position)
        cycles = piece.cycles_at(self.position - piece.start) % 1.0
        left, right = 2.0 * np.pi * cycles
        return float(left), float(right)

    def frequencies_at(self, frame: int) -> tuple[float, float]:
        """Instantaneous left and right frequencies in Hz at a frame of the segment."""
        piece = self._piece_at(frame)
        fraction = (frame - piece.start) / piece.length
        left, right = piece.f0 + (piece.f1 - piece.f0) * fraction
        return float(left), float(right)

    def read(self, frames: int) -> np.ndarray:
        """Return the next ``frames`` samples (fewer at the end) as float32, shape (n, 2)."""
        count = max(0, min(int(frames), self.remaining))
        tone = np.empty((count, 2), dtype=np.float32)
        done = 0
        while done < count:
            at = self.position + done
            piece = self._piece_at(at)
            n = min(count - done, piece.end - at)
            self._render(piece, at - piece.start, tone[done : done + n])
            done += n
        self.position += count
        if self._noise is not None:
            level = self.segment.noise_level
            noise = self._noise.read32(count)
            noise *= np.float32(level)
            tone += noise[:, None]
            tone *= np.float32(self._peak / (1.0 + level))
        else:
            tone *= np.float32(self._peak)
        return tone

    def _render(self, piece: _Piece, start: int, out: np.ndarray) -> None:
        """Sines of ``piece`` from its local frame ``start`` into ``out`` (n, 2)."""
        local, local_sq = self._local_index(len(out))
        for ch in (0, 1):
            # cycles(start + m) = cycles(start) + m * rate_at_start + slope * m**2,
            # with cycles(start) reduced to [0, 1) so the chunk stays exact for hours.
            base = piece.cycles_at(start)[ch] % 1.0
            slope = piece.slope[ch]
            cycles = local * (piece.rate[ch] + 2.0 * slope * start)
            if slope:
                cycles += local_sq * slope
            cycles += base
            cycles -= np.floor(cycles)
            channel = cycles.astype(np.float32)
            channel *= np.float32(2.0 * np.pi)
            np.sin(channel, out=out[:, ch])

    def _piece_at(self, frame: int) -> _Piece:
        for piece in self._pieces:
            if frame < piece.end:
                return piece
        return self._pieces[-1]

    def _local_index(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """0..count-1 and its squares as float64 (cached: chunks are usually one size)."""
        if self._local is None or len(self._local[0]) < count:
            index = np.arange(count, dtype=np.float64)
            self._local = (index, index * index)
        return self._local[0][:count], self._local[1][:count]


class _Piece:
    """One straight stretch of the frequency path: frames ``start..end``, f0 to f1."""

    def __init__(self, start: int, end: int, f0: np.ndarray, f1: np.ndarray,
                 cycles0: np.ndarray, sample_rate: int) -> None:
        self.start, self.end = start, end
        self.length = end - start
        self.f0, self.f1 = f0, f1
        self.cycles0 = cycles0
        self.rate = f0 / sample_rate
        self.slope = (f1 - f0) / (2.0 * self.length * sample_rate)

    def cycles_at(self, m: int) -> np.ndarray:
        """Phase in cycles of both channels ``m`` frames into the piece (float64).

        Exact enough for hours (1e-9 cycle after an hour at 1 kHz).
        """
        frames = float(m)
        return self.cycles0 + frames * self.rate + frames * frames * self.slope


class OnePole:
    """The filter ``y[n] = pole*y[n-1] + gain*x[n]``, continuous across calls.

    Vectorised: the input is cut into rows; each row is filtered from a zero
    state with a scaled cumulative sum (the row length keeps ``pole**-k`` far
    from overflow), then the state carried from row to row is added back.
    """

    def __init__(self, pole: float, gain: float = 1.0, state: float = 0.0) -> None:
        self.pole = float(pole)
        self.state = float(state)
        self._block = max(16, min(2048, int(600.0 / -math.log(self.pole))))
        k = np.arange(1, self._block + 1, dtype=np.float64)
        self._powers = self.pole**k
        self._scaled_inverse = gain / self._powers

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Filter ``x`` (1-D) and return float64 output of the same length."""
        count = len(x)
        if count == 0:
            return np.zeros(0)
        block = self._block
        rows = -(-count // block)
        if count == rows * block:
            buf = x.reshape(rows, block) * self._scaled_inverse
        else:
            buf = np.zeros((rows, block))
            buf.reshape(-1)[:count] = x
            buf *= self._scaled_inverse
        # Each row's end without the carried state is pole**block * its sum; from
        # those the carried states follow, and go in before the cumulative sum.
        decay, state = float(self._powers[-1]), self.state
        for row, end in enumerate((buf.sum(axis=1) * decay).tolist()):
            buf[row, 0] += state
            state = end + decay * state
        np.cumsum(buf, axis=1, out=buf)
        buf *= self._powers
        out = buf.reshape(-1)[:count]
        self.state = float(out[-1])
        return out


class Ramp:
    """A gain that moves smoothly from its value to a target (raised-cosine shape).

    ``take(n)`` returns the gain for each of the next ``n`` frames, so fades are
    sample-accurate and never step (no zipper noise).
    """

    def __init__(self, value: float = 0.0) -> None:
        self._start = float(value)
        self._target = float(value)
        self._length = 0
        self._done = 0

    @property
    def value(self) -> float:
        """Gain of the next frame."""
        return self._gain_at(self._done)

    @property
    def target(self) -> float:
        """Gain the ramp is heading to."""
        return self._target

    @property
    def settled(self) -> bool:
        """True once the target is reached."""
        return self._done >= self._length

    @property
    def frames_left(self) -> int:
        """Frames until the target is reached."""
        return max(0, self._length - self._done)

    def to(self, target: float, frames: int) -> None:
        """Start moving from the current gain to ``target`` over ``frames`` frames."""
        self._start = self.value
        self._target = float(target)
        self._length = max(0, int(frames))
        self._done = 0

    def take(self, frames: int) -> np.ndarray:
        """Gains for the next ``frames`` frames, float64."""
        if self._done >= self._length:
            self._done += int(frames)
            return np.full(int(frames), self._target)
        idx = np.arange(self._done, self._done + int(frames), dtype=np.float64)
        if self._length <= 0:
            gains = np.full(len(idx), self._target)
        else:
            x = np.clip(idx / self._length, 0.0, 1.0)
            gains = self._start + (self._target - self._start) * (1.0 - np.cos(np.pi * x)) / 2.0
        self._done += int(frames)
        return gains

    def apply(self, block: np.ndarray) -> None:
        """Multiply ``block`` (frames on axis 0) in place by the next gains; cheap when settled."""
        frames = len(block)
        if self._done >= self._length:
            self._done += frames
            if self._target == 0.0:
                block[...] = 0
            elif self._target != 1.0:
                block *= np.asarray(self._target, dtype=block.dtype)
            return
        gains = self.take(frames).astype(block.dtype)
        block *= gains.reshape((frames,) + (1,) * (block.ndim - 1))

    def _gain_at(self, frame: int) -> float:
        if self._length <= 0 or frame >= self._length:
            return self._target
        x = frame / self._length
        return self._start + (self._target - self._start) * (1.0 - math.cos(math.pi * x)) / 2.0


def envelope(position: int, frames: int, total: int, fade_in: int, fade_out: int) -> np.ndarray:
    """Fade-in/fade-out gains for frames ``position..position+frames`` of a ``total``-frame clip.

    Raised-cosine fade-in over the first ``fade_in`` frames and fade-out over
    the last ``fade_out`` frames; 1.0 in between.
    """
    idx = np.arange(position, position + frames, dtype=np.float64)
    gains = np.ones(frames)
    if fade_in > 0:
        x = np.clip(idx / fade_in, 0.0, 1.0)
        gains *= (1.0 - np.cos(np.pi * x)) / 2.0
    if fade_out > 0:
        x = np.clip((total - 1 - idx) / fade_out, 0.0, 1.0)
        gains *= (1.0 - np.cos(np.pi * x)) / 2.0
    return gains
