"""Synthesis: exact frequencies, phase continuity across chunks, glides, noise, ramps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacompanion.audio.analysis import frequency, max_step
from ketacompanion.core.binaural import (
    BinauralGenerator,
    NoiseGenerator,
    OnePole,
    Ramp,
    db_to_gain,
    envelope,
)
from ketacompanion.core.models import BinauralSegment, InvalidItemError, NoiseColour

SR = 44100


def render(gen: BinauralGenerator, chunk: int) -> np.ndarray:
    parts = []
    while gen.remaining:
        parts.append(gen.read(chunk))
    return np.concatenate(parts)


def test_left_and_right_frequencies_are_carrier_minus_and_plus_half_beat() -> None:
    out = render(BinauralGenerator(BinauralSegment(200, 6, 3.0), SR), 4096)
    assert out.shape == (3 * SR, 2) and out.dtype == np.float32
    assert frequency(out[:, 0], SR) == pytest.approx(197.0, abs=0.01)
    assert frequency(out[:, 1], SR) == pytest.approx(203.0, abs=0.01)


def test_peak_is_minus_12_dbfs_by_default() -> None:
    out = render(BinauralGenerator(BinauralSegment(200, 6, 2.0), SR), 4096)
    peak = np.abs(out).max()
    assert peak <= db_to_gain(-12.0) + 1e-6
    assert peak > db_to_gain(-12.1)


@settings(max_examples=25, deadline=None)
@given(
    chunks=st.lists(st.integers(1, 5000), min_size=1, max_size=12),
    carrier=st.floats(50, 1000),
    beat=st.floats(0.5, 40),
    to_beat=st.one_of(st.none(), st.floats(0.5, 40)),
)
def test_chunking_never_changes_the_signal(
    chunks: list[int], carrier: float, beat: float, to_beat: float | None
) -> None:
    seg = BinauralSegment(carrier, min(beat, carrier - 1), 0.5, to_beat_hz=to_beat)
    whole = BinauralGenerator(seg, SR).read(SR)
    gen = BinauralGenerator(seg, SR)
    parts = [gen.read(n) for n in chunks]
    parts.append(gen.read(SR))
    pieced = np.concatenate(parts)
    np.testing.assert_allclose(pieced, whole, atol=2e-6)


def test_no_step_larger_than_the_tone_itself_at_chunk_boundaries() -> None:
    gen = BinauralGenerator(BinauralSegment(400, 10, 2.0, to_beat_hz=3), SR)
    out = render(gen, 777)
    theoretical = 2 * np.pi * 405 / SR * db_to_gain(-12)
    assert max_step(out[:, 0]) <= theoretical * 1.001
    assert max_step(out[:, 1]) <= theoretical * 1.001


def test_glide_moves_linearly_from_start_to_end_beat() -> None:
    seg = BinauralSegment(200, 10, 20.0, to_beat_hz=4)
    out = render(BinauralGenerator(seg, SR), 8192)
    for centre_s in (0.5, 5.5, 10.5, 19.5):
        lo, hi = int((centre_s - 0.5) * SR), int((centre_s + 0.5) * SR)
        beat_expected = 10 + (4 - 10) * centre_s / 20.0
        beat = frequency(out[lo:hi, 1], SR) - frequency(out[lo:hi, 0], SR)
        assert beat == pytest.approx(beat_expected, abs=0.05)


def test_carrier_glide_moves_both_ears() -> None:
    seg = BinauralSegment(200, 4, 10.0, to_carrier_hz=300)
    out = render(BinauralGenerator(seg, SR), 8192)
    end = out[-SR:]
    assert frequency(end[:, 0], SR) == pytest.approx(293, abs=0.05)
    assert frequency(end[:, 1], SR) == pytest.approx(297, abs=0.05)


def test_phases_let_a_next_segment_continue_without_a_click() -> None:
    first = BinauralGenerator(BinauralSegment(200, 6, 0.3137), SR)
    a = render(first, 1000)
    second = BinauralGenerator(BinauralSegment(200, 6, 0.5), SR, phases=first.phases)
    b = render(second, 1000)
    joined = np.concatenate([a, b])
    steady = max_step(a[:, 0])
    assert max_step(joined[len(a) - 5 : len(a) + 5, 0]) <= steady * 1.001
    # Without the phases the join would jump.
    cold = render(BinauralGenerator(BinauralSegment(200, 6, 0.5), SR), 1000)
    assert max_step(np.concatenate([a[-2:], cold[:2]])[:, 0]) > steady * 2


@pytest.mark.parametrize("colour", list(NoiseColour))
def test_noise_is_bounded_continuous_and_coloured(colour: NoiseColour) -> None:
    gen = NoiseGenerator(colour, seed=3)
    x = np.concatenate([gen.read(n) for n in (1000, 5000, 20000, 110000)])
    assert np.abs(x).max() <= 1.0
    assert 0.15 < x.std() < 0.35
    spectrum = np.abs(np.fft.rfft(x[: 2**17])) ** 2
    freqs = np.fft.rfftfreq(2**17, 1 / SR)
    low = spectrum[(freqs > 50) & (freqs < 200)].mean()
    high = spectrum[(freqs > 5000) & (freqs < 20000)].mean()
    ratio_db = 10 * np.log10(low / high)
    expected = {NoiseColour.WHITE: (-2, 2), NoiseColour.PINK: (10, 25), NoiseColour.BROWN: (25, 60)}
    lo, hi = expected[colour]
    assert lo < ratio_db < hi


def test_noise_bed_keeps_the_peak_under_the_ceiling() -> None:
    seg = BinauralSegment(200, 6, 3.0, noise=NoiseColour.WHITE, noise_level=1.0)
    out = render(BinauralGenerator(seg, SR, seed=1), 4096)
    assert np.abs(out).max() <= db_to_gain(-12.0) + 1e-6


def test_one_pole_matches_the_recurrence_across_calls() -> None:
    x = np.random.default_rng(0).standard_normal(3000)
    for pole in (0.57, 0.963, 0.99765):
        expected, y = np.empty(3000), 0.25
        for i, v in enumerate(x):
            y = pole * y + 2.0 * v
            expected[i] = y
        f = OnePole(pole, 2.0, 0.25)
        got = np.concatenate([f(x[:1111]), f(x[1111:])])
        np.testing.assert_allclose(got, expected, atol=1e-9)


def test_ramp_is_smooth_monotonic_and_lands_on_target() -> None:
    ramp = Ramp(0.0)
    ramp.to(1.0, 1000)
    gains = np.concatenate([ramp.take(300), ramp.take(300), ramp.take(600)])
    assert gains[0] == 0.0 and gains[1000:].min() == 1.0
    assert np.all(np.diff(gains) >= 0)
    assert np.abs(np.diff(gains)).max() < 2.0 / 1000
    assert ramp.settled and ramp.value == 1.0
    ramp.to(0.5, 10)
    assert ramp.take(20)[-1] == 0.5


def test_envelope_fades_in_and_out() -> None:
    total = 10000
    g = np.concatenate([envelope(p, 1000, total, 2000, 3000) for p in range(0, total, 1000)])
    assert g[0] == 0.0 and g[-1] == 0.0
    assert np.all(g[2000:7000] == 1.0)
    assert np.all(np.diff(g[:2000]) >= 0) and np.all(np.diff(g[7000:]) <= 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"carrier_hz": 10, "beat_hz": 4}, "carrier"),
        ({"carrier_hz": 200, "beat_hz": 60}, "beat"),
        ({"carrier_hz": 200, "beat_hz": 6, "duration_s": -1}, "duration"),
    ],
)
def test_invalid_segments_are_refused_with_a_clear_message(kwargs: dict, message: str) -> None:
    kwargs.setdefault("duration_s", 10)
    with pytest.raises(InvalidItemError, match=message):
        BinauralSegment(**kwargs)
