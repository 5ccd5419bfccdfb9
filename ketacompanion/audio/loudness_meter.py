"""Measuring a file's loudness (ITU-R BS.1770 / EBU R128) with libebur128, chunk by chunk.

pyebur128 wraps libebur128, the reference implementation of BS.1770 that
FFmpeg's and most ReplayGain tools' meters are built on. It is fed a few
hundred milliseconds at a time, so an hour-long file is measured in constant
memory (pyloudnorm would need the whole file as one array), and it gives the
true peak (4x oversampled) that :func:`ketacompanion.core.loudness.gain_for`
keeps under the output's ceiling. It is imported only when something is
measured: the window opens without it.

The file is decoded the way the player decodes it (the same sources, as
stereo), so what is measured is what will be heard. Nothing is ever written to
the file. Run it in a worker thread; ``should_stop`` is asked between chunks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ketacompanion.audio.sources import (
    SourceError,
    decoded_by_av,
    finite_samples,
    open_sound_file,
    to_stereo,
)
from ketacompanion.core.loudness import Loudness

CHUNK_S = 0.25  # the meter holds the interpreter for about 2 ms per chunk: playback flows


class LoudnessMeter:
    """A BS.1770 meter fed stereo float chunks; :meth:`result` says what it heard."""

    def __init__(self, sample_rate: int) -> None:
        import pyebur128  # imported late: only measuring needs it

        self._lib = pyebur128
        mode = pyebur128.MeasurementMode
        self._state = pyebur128.R128State(2, int(sample_rate), mode.MODE_I | mode.MODE_TRUE_PEAK)
        self.frames = 0

    def add(self, frames: np.ndarray) -> None:
        """Measure the next stereo frames (n, 2)."""
        if len(frames):
            interleaved = np.ascontiguousarray(frames, dtype=np.float32).ravel()
            self._state.add_frames(interleaved, len(frames))
            self.frames += len(frames)

    def result(self) -> Loudness | None:
        """Integrated loudness and true peak; None for silence (nothing to bring to a level)."""
        lufs = self._lib.get_loudness_global(self._state)
        if not np.isfinite(lufs):
            return None
        peak = max(self._lib.get_true_peak(self._state, ch) for ch in (0, 1))
        return Loudness(float(lufs), float(peak))


def measure_frames(frames: np.ndarray, sample_rate: int) -> Loudness | None:
    """The loudness of stereo float frames held in memory (generated sound, tests)."""
    meter = LoudnessMeter(sample_rate)
    step = int(CHUNK_S * sample_rate)
    for start in range(0, len(frames), step):
        meter.add(frames[start : start + step])
    return meter.result()


def measure_file(path: str, should_stop: Callable[[], bool] = lambda: False,
                 pause_s: float = 0.0) -> Loudness | None:
    """Decode ``path`` to its end and measure it; None when stopped or silent.

    Raises:
        SourceError: The file cannot be read (the message says why in plain words).
    """
    reader = _Reader(path)
    try:
        meter = LoudnessMeter(reader.rate)
        while True:
            if should_stop():
                return None
            block = reader.read()
            meter.add(block)
            if len(block) < reader.block:
                return meter.result()
            if pause_s:
                time.sleep(pause_s)  # let the player's thread in between chunks
    finally:
        reader.close()


class _Reader:
    """Stereo float chunks of a file at its own rate, decoded as the player decodes it."""

    def __init__(self, path: str) -> None:
        self._sound: Any = None
        self._av: Any = None
        if decoded_by_av(path):
            from ketacompanion.audio.av_source import AvFileSource

            self._av = AvFileSource(path, None)
            self.rate = self._av.rate_in
        else:
            self._sound = open_sound_file(path)
            self.rate = int(self._sound.samplerate)
        self.block = max(1, int(CHUNK_S * self.rate))
        self._name = path

    def read(self) -> np.ndarray:
        if self._av is not None:
            return self._av.read(self.block)
        try:
            raw = self._sound.read(self.block, dtype="float32", always_2d=True)
        except (RuntimeError, ValueError, OSError) as exc:
            raise SourceError(f"{self._name} cannot be measured ({exc})") from exc
        return to_stereo(finite_samples(raw), self._sound.channels)

    def close(self) -> None:
        (self._av or self._sound).close()
