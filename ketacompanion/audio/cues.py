"""Short generated cues: the headphone check (left, then right) and a gentle chime.

Pure numpy, float32 stereo clips at the mixer's rate, quiet by construction:
both rise from silence and peak well under the -12 dBFS ceiling.
"""

from __future__ import annotations

import numpy as np

from ketacompanion.core.binaural import db_to_gain

HEADPHONE_TONE_HZ = 440.0
HEADPHONE_LEVEL_DBFS = -24.0
CHIME_LEVEL_DBFS = -20.0


def headphone_check_clip(
    sample_rate: int, tone_s: float = 1.5, gap_s: float = 0.5, fade_s: float = 0.3
) -> np.ndarray:
    """A soft tone in the left ear, a pause, then the same tone in the right ear."""
    tone = _faded_tone(HEADPHONE_TONE_HZ, tone_s, fade_s, sample_rate) * db_to_gain(
        HEADPHONE_LEVEL_DBFS
    )
    gap = int(gap_s * sample_rate)
    n = len(tone)
    clip = np.zeros((2 * n + gap, 2), dtype=np.float32)
    clip[:n, 0] = tone
    clip[n + gap :, 1] = tone
    return clip


def chime_clip(sample_rate: int, seconds: float = 6.0, attack_s: float = 1.2) -> np.ndarray:
    """A bell-like chime that rises from silence over ``attack_s`` and decays slowly."""
    n = int(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    partials = ((523.25, 1.0, 1.6), (784.0, 0.45, 1.2), (1046.5, 0.25, 0.9), (1568.0, 0.1, 0.6))
    wave = sum(
        a * np.exp(-t / (d * seconds / 4)) * np.sin(2 * np.pi * f * t) for f, a, d in partials
    )
    attack = np.clip(t / attack_s, 0.0, 1.0)
    envelope = (1 - np.cos(np.pi * attack)) / 2
    release = np.clip((seconds - t) / 0.5, 0.0, 1.0)  # end exactly at zero
    mono = wave * envelope * release
    mono *= db_to_gain(CHIME_LEVEL_DBFS) / np.max(np.abs(mono))
    return np.repeat(mono.astype(np.float32)[:, None], 2, axis=1)


def _faded_tone(freq: float, seconds: float, fade_s: float, sample_rate: int) -> np.ndarray:
    n = int(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    edge = np.clip(np.minimum(t, seconds - t) / fade_s, 0.0, 1.0)
    return (np.sin(2 * np.pi * freq * t) * (1 - np.cos(np.pi * edge)) / 2).astype(np.float32)
