"""Measurements of rendered or played audio: frequency, level, envelope, clicks.

Pure numpy. The tests use these to check what the mixer really played (read
back from SDL's disk driver) and what the CLI wrote; they are exact enough to
tell 197.00 Hz from 197.05 Hz in a second of signal.
"""

from __future__ import annotations

import numpy as np

from ketacompanion.core.binaural import gain_to_db

FULL_SCALE = 32768.0


def pcm16_to_float(raw: bytes | np.ndarray, channels: int = 2) -> np.ndarray:
    """Interleaved signed 16-bit samples to float64 frames of shape (n, channels)."""
    data = np.frombuffer(raw, dtype="<i2") if isinstance(raw, bytes) else np.asarray(raw)
    usable = len(data) - len(data) % channels
    return data[:usable].reshape(-1, channels).astype(np.float64) / FULL_SCALE


def frequency(signal: np.ndarray, sample_rate: int) -> float:
    """Mean frequency of a mono tone in Hz from interpolated upward zero crossings.

    The mean DC offset is removed first. Over a window of a linear glide this is
    the frequency at the middle of the window.
    """
    x = np.asarray(signal, dtype=np.float64)
    x = x - x.mean()
    idx = np.nonzero((x[:-1] < 0) & (x[1:] >= 0))[0]
    if len(idx) < 3:
        raise ValueError("too few cycles to measure a frequency")
    # Sub-sample crossing time by linear interpolation between the two samples.
    times = idx + x[idx] / (x[idx] - x[idx + 1])
    return float((len(times) - 1) * sample_rate / (times[-1] - times[0]))


def peak_dbfs(frames: np.ndarray) -> float:
    """Largest absolute sample in dBFS (float frames, full scale 1.0)."""
    return gain_to_db(float(np.max(np.abs(frames)))) if len(frames) else float("-inf")


def rms_envelope(mono: np.ndarray, window: int) -> np.ndarray:
    """RMS over consecutive windows of ``window`` samples (the tail is dropped)."""
    count = len(mono) // window
    blocks = np.asarray(mono[: count * window], dtype=np.float64).reshape(count, window)
    return np.sqrt(np.mean(blocks * blocks, axis=1))


def tone_amplitude(mono: np.ndarray, freq: float, sample_rate: int,
                   window: int = 2205) -> np.ndarray:
    """Amplitude of one frequency over consecutive Hann-windowed blocks of ``window`` samples.

    A crossfade between two tones shows as one falling and one rising curve.
    """
    count = len(mono) // window
    hann = np.hanning(window)
    ref = hann * np.exp(-2j * np.pi * freq * np.arange(window) / sample_rate)
    blocks = np.asarray(mono[: count * window], dtype=np.float64).reshape(count, window)
    return 2 * np.abs(blocks @ ref) / hann.sum()


def max_step(mono: np.ndarray) -> float:
    """Largest sample-to-sample difference (the height of the worst click)."""
    if len(mono) < 2:
        return 0.0
    return float(np.max(np.abs(np.diff(np.asarray(mono, dtype=np.float64)))))


def sounding_span(mono: np.ndarray, threshold: float = 1e-4) -> tuple[int, int]:
    """First and one-past-last index where the absolute signal exceeds ``threshold``."""
    loud = np.nonzero(np.abs(mono) > threshold)[0]
    if len(loud) == 0:
        return 0, 0
    return int(loud[0]), int(loud[-1]) + 1
