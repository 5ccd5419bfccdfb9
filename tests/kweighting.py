"""A plain K-weighted loudness (ITU-R BS.1770, no gating) for comparing steady sounds in tests.

The two K-weighting filters are applied in the frequency domain from their 48 kHz
coefficients; over a long, steady stretch this is the integrated loudness within
a fraction of a dB, which is all the tests compare.
"""

from __future__ import annotations

import numpy as np

_SHELF = ([1.53512485958697, -2.69169618940638, 1.19839281085285],
          [1.0, -1.69065929318241, 0.73248077421585])
_HIGHPASS = ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621])


def _response(coefficients: tuple[list[float], list[float]], hz: np.ndarray) -> np.ndarray:
    b, a = coefficients
    z = np.exp(-1j * 2 * np.pi * hz / 48000.0)
    return np.polyval(b[::-1], z) / np.polyval(a[::-1], z)


def k_loudness(stereo: np.ndarray, rate: int = 44100) -> float:
    """Loudness in LUFS (ungated) of ``stereo`` (frames, 2)."""
    total = 0.0
    hz = np.fft.rfftfreq(len(stereo), 1 / rate)
    weight = np.abs(_response(_SHELF, hz) * _response(_HIGHPASS, hz)) ** 2
    for ch in range(stereo.shape[1]):
        spectrum = np.abs(np.fft.rfft(stereo[:, ch].astype(np.float64))) ** 2
        spectrum[1:-1] *= 2  # the negative frequencies
        total += float((spectrum * weight).sum()) / len(stereo) ** 2
    return -0.691 + 10 * np.log10(total)
