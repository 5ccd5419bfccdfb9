"""Pink and brown noise from shaped tables: the right slope, no period, no seams, fast."""

from __future__ import annotations

import time

import numpy as np
import pytest

from ketacompanion.core.models import NoiseColour
from ketacompanion.core.noise import CROSSFADE_FRAMES, TABLE_FRAMES, NoiseGenerator

SR = 44100


def welch(x: np.ndarray, size: int = 8192) -> tuple[np.ndarray, np.ndarray]:
    """Averaged Hann-windowed periodograms (half-overlapping)."""
    window = np.hanning(size)
    starts = range(0, len(x) - size, size // 2)
    power = np.mean([np.abs(np.fft.rfft(x[s : s + size] * window)) ** 2 for s in starts], axis=0)
    return np.fft.rfftfreq(size, 1 / SR), power


def slope_db_per_octave(x: np.ndarray) -> float:
    freqs, power = welch(x)
    edges = 50.0 * 2.0 ** np.arange(0, 7 + 0.01, 0.5)  # 50 Hz .. 5 kHz in half octaves
    centres, levels = [], []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        band = (freqs >= lo) & (freqs < hi)
        centres.append(np.log2(np.sqrt(lo * hi)))
        levels.append(10 * np.log10(power[band].mean()))
    return float(np.polyfit(centres, levels, 1)[0])


@pytest.mark.parametrize(("colour", "slope"), [(NoiseColour.PINK, -3.0), (NoiseColour.BROWN, -6.0)])
def test_the_spectrum_falls_by_the_colour_s_slope(colour: NoiseColour, slope: float) -> None:
    x = NoiseGenerator(colour, seed=11).read(SR * 30)
    assert slope - 1.0 <= slope_db_per_octave(x) <= slope + 1.0


def test_white_is_flat() -> None:
    x = NoiseGenerator(NoiseColour.WHITE, seed=2).read(SR * 10)
    assert -0.5 <= slope_db_per_octave(x) <= 0.5


@pytest.mark.parametrize("colour", list(NoiseColour))
def test_nothing_repeats_at_the_table_length_or_anywhere(colour: NoiseColour) -> None:
    n = SR * 40
    x = NoiseGenerator(colour, seed=5).read(n)
    x = x - x.mean()
    spectrum = np.fft.rfft(x, 2 * n)
    auto = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    auto /= auto[0]
    # Beyond a second (where pink and brown have forgotten themselves) nothing stands
    # out: no peak at the table's length, its multiples, or any grain length.
    for k in (1, 2, 3):
        assert abs(auto[k * TABLE_FRAMES]) < 0.05
    assert np.abs(auto[SR:]).max() < 0.1
    # A table played in a loop would show exactly that peak: the test can fail.
    looped = np.tile(x[:TABLE_FRAMES], 4)
    spectrum = np.fft.rfft(looped, 2 * len(looped))
    loop_auto = np.fft.irfft(spectrum * np.conj(spectrum))[: len(looped)]
    assert loop_auto[TABLE_FRAMES] / loop_auto[0] > 0.5


@pytest.mark.parametrize("colour", list(NoiseColour))
def test_chunk_sizes_do_not_matter_and_the_level_holds_through_joins(colour: NoiseColour) -> None:
    whole = NoiseGenerator(colour, seed=9).read(SR * 20)
    gen = NoiseGenerator(colour, seed=9)
    sizes = [1, 7, 4096, 333, 44100, 100_000]
    parts, done = [], 0
    while done < len(whole):
        size = min(sizes[len(parts) % len(sizes)], len(whole) - done)
        parts.append(gen.read(size))
        done += size
    assert np.array_equal(np.concatenate(parts), whole)
    assert np.abs(whole).max() <= 1.0
    # The level in crossfade-long windows never dips or swells as at a seam.
    usable = len(whole) // CROSSFADE_FRAMES * CROSSFADE_FRAMES
    windows = whole[:usable].reshape(-1, CROSSFADE_FRAMES)
    rms = np.sqrt((windows**2).mean(axis=1))
    assert 0.18 < np.median(rms) < 0.32
    if colour is NoiseColour.WHITE:  # white has no slow swells of its own
        assert rms.min() > 0.8 * np.median(rms) and rms.max() < 1.2 * np.median(rms)
    # No click: the biggest sample step is that of the noise itself.
    steps = np.abs(np.diff(whole))
    assert steps.max() < 12 * steps.std() + np.abs(np.diff(whole)).mean()


def test_seeds_differ_and_repeat() -> None:
    a = NoiseGenerator(NoiseColour.PINK, seed=1).read(SR)
    assert np.array_equal(a, NoiseGenerator(NoiseColour.PINK, seed=1).read(SR))
    assert abs(np.corrcoef(a, NoiseGenerator(NoiseColour.PINK, seed=2).read(SR))[0, 1]) < 0.2


@pytest.mark.parametrize("colour", [NoiseColour.PINK, NoiseColour.BROWN])
def test_pink_and_brown_run_at_2000x_real_time(colour: NoiseColour) -> None:
    gen = NoiseGenerator(colour, seed=3)
    gen.read32(SR)  # the table is built once per colour
    best = 0.0
    for _ in range(3):  # best of three: the machine is shared
        started = time.perf_counter()
        for _ in range(60):
            gen.read32(SR)
        best = max(best, 60.0 / (time.perf_counter() - started))
    assert best >= 2000.0
