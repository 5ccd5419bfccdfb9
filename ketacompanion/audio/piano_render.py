"""The fresh piano as a source: a composed score rendered block by block, ahead of the mix.

:class:`PianoRender` turns a :class:`~ketacompanion.core.composer.Score` into float32
stereo frames in blocks of a few seconds: each note that begins in the block is
rendered whole (:mod:`ketacompanion.audio.piano_voice`) into a ring buffer that holds
the block and the longest tail, and the block then passes through one FFT
convolution (overlap-add) that is both a gentle low-pass (soft hammers are dark)
and a large, soft room. Memory stays at a minute of audio whatever the length, and
the output is exactly ``round(length_s * rate)`` frames, the same for the same score.

:class:`PianoSource` is the mixer's :class:`~ketacompanion.audio.sources.Source`:
a worker thread renders blocks ahead into a short queue, so no synthesis runs when
the player asks for a chunk and the first sound needs only the first block.
"""

from __future__ import annotations

import bisect
import queue
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from ketacompanion.audio.piano_voice import PianoVoices
from ketacompanion.audio.soundfont import SoundFont
from ketacompanion.audio.sources import SourceError
from ketacompanion.core.composer import Score
from ketacompanion.paths import assets_dir

ROOM_S = 2.4  # reverb tail
FIRST_BLOCK_S = 1.0
NFFT = 3 << 17  # one FFT convolution per block; a block is NFFT minus the room (~6 s)
MAX_TAIL_S = 45.0  # no note outlasts this (the envelope floor cuts them before)
GAIN = 5.0  # puts the fresh piano at -20 LUFS, as loud as the bundled pieces (-20.6 to -21)
CEILING = 10 ** (-3 / 20)  # peaks at or under -3 dBFS, like the bundled pieces
LIMIT_WINDOW = 1024  # frames per step of the limiter's gain (23 ms)
RECOVER_PER_WINDOW = 10 ** (1.5 / 20 * LIMIT_WINDOW / 44100)  # gain returns at 1.5 dB/s


def soundfont_path() -> Path:
    """The bundled piano-only SoundFont (see tools/make_piano_soundfont.py)."""
    return assets_dir() / "audio" / "piano.sf2"


@lru_cache(maxsize=2)
def load_voices(rate: int) -> PianoVoices:
    """The bundled piano's voices (read once per rate)."""
    return PianoVoices(SoundFont.load(str(soundfont_path())), rate)


class PianoRender:
    """Renders a score into consecutive blocks; ``read`` gives any number of frames."""

    def __init__(self, score: Score, rate: int, voices: PianoVoices | None = None,
                 start_frame: int = 0) -> None:
        self.score = score
        self.rate = rate
        self.voices = voices or load_voices(rate)
        self.total_frames = round(score.length_s * rate)
        taps = round(ROOM_S * rate)
        self.block = NFFT - taps + 1
        # The first block is short, so the first sound after Start waits for one
        # second of piano, not six.
        self._next_size = min(self.block, round(FIRST_BLOCK_S * rate))
        self._ring = np.zeros((_pow2(self.block + round(MAX_TAIL_S * rate)), 2), np.float32)
        self._kernel = _room_response(rate, taps)
        self._overlap = np.zeros((taps - 1, 2), np.float32)
        # Frames of the score rendered so far: a render may begin part-way (a resume);
        # notes begun before then are left out, so start where they have all died away.
        self._made = max(0, min(int(start_frame), self.total_frames))
        self._next_note = bisect.bisect_left([round(n.start * rate) for n in score.notes],
                                             self._made)
        self._pending = np.zeros((0, 2), np.float32)
        self._gain = 1.0  # the limiter's gain where the last block ended
        self.done = 0

    def next_block(self) -> np.ndarray:
        """The next block of finished audio (shorter at the end, empty after it)."""
        start = self._made
        count = min(self._next_size, self.total_frames - start)
        self._next_size = self.block
        if count <= 0:
            return np.zeros((0, 2), np.float32)
        notes = self.score.notes
        size = len(self._ring)
        end_frame = start + count
        while self._next_note < len(notes):
            note = notes[self._next_note]
            at = round(note.start * self.rate)
            if at >= end_frame:
                break
            self._next_note += 1
            sound = self.voices.note(note.pitch, note.velocity, note.end - note.start)
            sound = sound[: max(0, self.total_frames - at)]
            first = at % size
            cut = min(len(sound), size - first)
            self._ring[first : first + cut] += sound[:cut]
            self._ring[: len(sound) - cut] += sound[cut:]
        first = start % size
        cut = min(count, size - first)
        dry = np.concatenate([self._ring[first : first + cut], self._ring[: count - cut]])
        self._ring[first : first + cut] = 0.0
        self._ring[: count - cut] = 0.0
        self._made = end_frame
        return self._room(dry, last=end_frame >= self.total_frames)

    def read(self, frames: int) -> np.ndarray:
        """The next ``frames`` frames (fewer at the end)."""
        while len(self._pending) < frames:
            block = self.next_block()
            if not len(block):
                break
            self._pending = np.concatenate([self._pending, block])
        out, self._pending = self._pending[:frames], self._pending[frames:]
        self.done += len(out)
        return out

    def _room(self, dry: np.ndarray, last: bool) -> np.ndarray:
        spectrum, taps = self._kernel
        full = np.fft.irfft(np.fft.rfft(dry, NFFT, axis=0) * spectrum, NFFT, axis=0)
        wet = full[: len(dry) + len(taps) - 1].astype(np.float32)
        wet[: len(self._overlap)] += self._overlap
        out = wet[: len(dry)]
        self._overlap = wet[len(dry) :].copy()
        if len(self._overlap) < len(taps) - 1:  # a short last block
            self._overlap = np.pad(self._overlap, ((0, len(taps) - 1 - len(self._overlap)), (0, 0)))
        return self._limit(out * np.float32(GAIN))

    def _limit(self, block: np.ndarray) -> np.ndarray:
        """Keep peaks under the ceiling with a smooth gain that looks one window ahead.

        The gain moves linearly within each window (no steps, so no clicks), is already
        down when a loud window begins, and recovers slowly (1.5 dB/s): rare peaks of a
        dense chord are tamed without pumping.
        """
        windows = -(-len(block) // LIMIT_WINDOW)
        padded = np.zeros((windows * LIMIT_WINDOW, 2), np.float32)
        padded[: len(block)] = block
        peaks = np.abs(padded).reshape(windows, -1).max(axis=1)
        need = np.minimum(1.0, CEILING / np.maximum(peaks, 1e-9))
        ahead = np.minimum(need, np.append(need[1:], need[-1]))
        targets = np.empty(windows)
        gain = self._gain
        for i in range(windows):
            gain = min(ahead[i], gain * RECOVER_PER_WINDOW, 1.0)
            targets[i] = gain
        starts = np.concatenate([[self._gain], targets[:-1]])
        ramp = np.linspace(0.0, 1.0, LIMIT_WINDOW, endpoint=False, dtype=np.float32)
        curve = (starts[:, None] + (targets - starts)[:, None] * ramp[None, :]).ravel()
        # A window's own gain must hold it under the ceiling from its first frame.
        curve = np.minimum(curve, np.repeat(need, LIMIT_WINDOW))
        self._gain = float(targets[min(windows - 1, (len(block) - 1) // LIMIT_WINDOW)])
        return block * curve[: len(block), None].astype(np.float32)


class PianoSource:
    """A :class:`PianoRender` run ahead by a worker thread (a mixer Source)."""

    AHEAD_BLOCKS = 4

    def __init__(self, score: Score, rate: int, start_s: float = 0.0) -> None:
        start = round(max(0.0, start_s) * rate)
        # A resume starts rendering a little before its point, where every note that
        # still sounds there has begun, and drops that lead-in: a second's work at most.
        warm = max(0, start - round((MAX_TAIL_S + ROOM_S) * rate))
        self._render = PianoRender(score, rate, start_frame=warm)
        self._queue: queue.Queue[np.ndarray | BaseException] = queue.Queue(self.AHEAD_BLOCKS)
        self._pending = np.zeros((0, 2), np.float32)
        self._skip = start - warm
        self._left = max(0, self._render.total_frames - start)
        self._stop = threading.Event()
        self._ended = False
        self._thread = threading.Thread(target=self._work, name="piano-render", daemon=True)
        self._thread.start()

    def read(self, frames: int) -> np.ndarray:
        """Up to ``frames`` rendered frames; waits only if the worker fell behind."""
        frames = int(frames)
        while len(self._pending) < frames and not self._ended:
            item = self._queue.get()
            if isinstance(item, BaseException):  # the mix skips it, quietly, and goes on
                raise SourceError(f"the fresh piano stopped ({item})") from item
            if not len(item):
                self._ended = True
            self._pending = np.concatenate([self._pending, item])
        out, self._pending = self._pending[:frames], self._pending[frames:]
        self._left -= len(out)
        return out.copy()

    def remaining(self) -> int | None:
        """Frames left."""
        return max(0, self._left)

    def close(self) -> None:
        """Stop the worker."""
        self._stop.set()
        while not self._queue.empty():
            self._queue.get_nowait()

    def _work(self) -> None:
        try:
            while not self._stop.is_set():
                block = self._render.next_block()
                finished = not len(block)
                if self._skip and not finished:  # the lead-in of a resume is not heard
                    drop = min(self._skip, len(block))
                    block, self._skip = block[drop:], self._skip - drop
                    if not len(block):
                        continue
                self._put(block)
                if finished:
                    return
        except Exception as exc:  # handed to the reader, never lost
            self._put(exc)

    def _put(self, item: np.ndarray | BaseException) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue


@lru_cache(maxsize=2)
def _room_response(rate: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """One stereo impulse response: a soft low-pass (direct sound) and a dark, soft hall."""
    rng = np.random.default_rng(20261206)  # a fixed room: the same score sounds the same
    t = np.arange(length) / rate
    taps = np.zeros((length, 2))
    # Direct sound: a short windowed-sinc low-pass near 6 kHz takes the edge off.
    n = np.arange(-32, 33)
    cutoff = 6000.0 / rate
    lowpass = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hanning(len(n))
    taps[: len(n)] += (lowpass / lowpass.sum())[:, None]
    # The hall: decorrelated noise per ear, darkening as it decays (RT60 about 2.2 s).
    predelay = round(0.025 * rate)
    noise = rng.standard_normal((length - predelay, 2))
    smooth = np.ones(6) / 6
    noise = np.stack([np.convolve(noise[:, c], smooth, mode="same") for c in range(2)], axis=1)
    decay = np.exp(-6.9 * t[: length - predelay] / 2.2)[:, None]
    hall = noise * decay
    hall *= 0.22 / np.sqrt((hall**2).sum(axis=0))
    taps[predelay:] += hall
    spectrum = np.fft.rfft(taps, NFFT, axis=0)
    return spectrum, taps


def _pow2(n: int) -> int:
    return 1 << (n - 1).bit_length()
