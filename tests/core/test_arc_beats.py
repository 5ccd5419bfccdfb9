"""Beats that follow the arc: the beat glides with the phases, phase-continuous, never a jump."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from ketacompanion.core.arc_beats import beat_at, beat_breakpoints
from ketacompanion.core.arcs import ARCS, Phase, phase_spans
from ketacompanion.core.binaural import BinauralGenerator
from ketacompanion.core.models import BinauralSegment, InvalidItemError
from ketacompanion.core.presets import preset
from ketacompanion.core.special_items import special_from_json, special_to_json

SR = 44100


def zero_crossings(x: np.ndarray) -> np.ndarray:
    """Times (in frames) of upward zero crossings, linearly interpolated."""
    i = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
    return i + x[i] / (x[i] - x[i + 1])


def instantaneous(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Frequency by phase tracking: one cycle per crossing; (times s, Hz)."""
    t = zero_crossings(x.astype(np.float64))
    return (t[:-1] + t[1:]) / 2 / SR, SR / np.diff(t)


def beat_track(stereo: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The beat (right minus left frequency) over time, from the sound alone."""
    tl, fl = instantaneous(stereo[:, 0])
    tr, fr = instantaneous(stereo[:, 1])
    return tl, np.interp(tl, tr, fr) - fl


def arc_tone(seconds: float, arc: str = "classic") -> BinauralSegment:
    return replace(preset("arc").segment(seconds / 60), noise=None, noise_level=0.0, arc=arc)


def render(gen: BinauralGenerator, sizes: list[int]) -> np.ndarray:
    parts, i = [], 0
    while gen.remaining:
        parts.append(gen.read(sizes[i % len(sizes)]))
        i += 1
    return np.concatenate(parts)


@pytest.mark.parametrize("arc", list(ARCS))
def test_the_beat_heard_follows_the_phases(arc: str) -> None:
    seg = arc_tone(120.0, arc)
    out = render(BinauralGenerator(seg, SR), [44100])
    t, beat = beat_track(out)
    expected = np.array([beat_at(seg, s) for s in t])
    assert np.abs(beat - expected).max() < 0.03
    spans = {s.phase: s for s in phase_spans(arc, 120.0)}
    def mean_beat(phase: Phase) -> float:
        span = spans[phase]
        return float(beat[(t > span.start_s + 1) & (t < span.end_s - 1)].mean())
    # Alpha 10 Hz at the start, theta 6 Hz once settled, 4 Hz through the plateau, back to 10.
    assert beat[t < 0.5].mean() == pytest.approx(10.0, abs=0.1)
    settled = np.interp(spans[Phase.SETTLE].end_s, t, beat)
    assert settled == pytest.approx(6.0, abs=0.05)
    assert mean_beat(Phase.PLATEAU) == pytest.approx(4.0, abs=0.02)
    assert mean_beat(Phase.CLOSE) == pytest.approx(10.0, abs=0.02)
    assert mean_beat(Phase.SETTLE) > mean_beat(Phase.DEEPEN) > mean_beat(Phase.PLATEAU)
    assert mean_beat(Phase.PLATEAU) < mean_beat(Phase.RETURN) < mean_beat(Phase.CLOSE)


def test_no_jump_where_the_phases_meet() -> None:
    seg = arc_tone(120.0)
    # Odd chunk sizes, so chunk edges fall anywhere; they change no sample.
    out = render(BinauralGenerator(seg, SR), [4410, 999, 44100, 1])
    np.testing.assert_allclose(out, render(BinauralGenerator(seg, SR), [SR * 200]), atol=2e-6)
    t_track, f_left = instantaneous(out[:, 0])
    steady_f = np.abs(np.diff(f_left[(t_track > 50) & (t_track < 60)])).max()
    for span in phase_spans("classic", 120.0)[:-1]:
        join = round(span.end_s * SR)
        around = out[join - 200 : join + 200]
        steady = out[join - int(1.5 * SR) : join - int(0.5 * SR)]  # same frequency within 0.3 Hz
        for ch in (0, 1):
            # No sample step larger than the steady signal's (0.5% for 0.3 Hz of glide)...
            assert (np.abs(np.diff(around[:, ch])).max()
                    <= np.abs(np.diff(steady[:, ch])).max() * 1.005)
        # ...and the frequency itself moves no faster there than anywhere in the plateau.
        near = np.abs(t_track[1:] - span.end_s) < 0.05
        assert np.abs(np.diff(f_left))[near].max() <= steady_f + 1e-3


def test_a_jump_would_be_caught() -> None:
    """The join test above can fail: two glides started cold click and jump at the join."""
    a = render(BinauralGenerator(BinauralSegment(180, 10, 1.0, to_beat_hz=6), SR), [SR])
    b = render(BinauralGenerator(BinauralSegment(180, 6, 1.0, to_beat_hz=4), SR), [SR])
    joined = np.concatenate([a[: int(0.71 * SR)], b])  # cut mid-cycle
    steady = joined[int(0.2 * SR) : int(0.6 * SR)]
    join = int(0.71 * SR)
    assert (np.abs(np.diff(joined[join - 5 : join + 5, 0])).max()
            > np.abs(np.diff(steady[:, 0])).max() * 1.005)


def test_a_seek_lands_on_the_beat_of_that_moment() -> None:
    seg = arc_tone(120.0)
    whole = render(BinauralGenerator(seg, SR), [SR * 200])
    gen = BinauralGenerator(seg, SR)
    gen.position = int(61.3 * SR)
    part = gen.read(SR)
    np.testing.assert_allclose(part, whole[int(61.3 * SR) : int(62.3 * SR)], atol=2e-6)
    left, right = gen.frequencies_at(int(61.3 * SR))
    assert right - left == pytest.approx(beat_at(seg, 61.3), abs=1e-9)


def test_breakpoints_are_the_arc_scaled_to_the_length() -> None:
    seg = preset("arc").segment(45)
    points = beat_breakpoints(seg)
    spans = phase_spans("classic", 45 * 60.0)
    assert [t for t, _ in points] == pytest.approx(
        [0.0] + [s.end_s for s in spans[:4]] + [45 * 60.0])
    assert [b for _, b in points] == pytest.approx([10, 6, 4, 4, 10, 10])
    plain = BinauralSegment(200, 10, 60, to_beat_hz=4)
    assert beat_breakpoints(plain) == [(0.0, 10), (60, 4)]


def test_the_arc_travels_in_json_and_old_entries_read_as_before() -> None:
    seg = preset("arc").segment(45)
    assert special_from_json(special_to_json(seg)) == seg
    plain = preset("theta").segment(45)
    assert "arc" not in json.loads(special_to_json(plain))
    with pytest.raises(ValueError, match="arc"):
        special_from_json(special_to_json(seg).replace('"classic"', '"nonsense"'))
    with pytest.raises(ValueError, match="arc"):
        special_from_json(special_to_json(seg).replace('"classic"', "3"))


def test_nonsense_arcs_are_refused() -> None:
    with pytest.raises(InvalidItemError, match="arc must be one of"):
        BinauralSegment(180, 10, 60, to_beat_hz=4, arc="spiral")
    with pytest.raises(InvalidItemError, match="one carrier"):
        BinauralSegment(180, 10, 60, to_beat_hz=4, to_carrier_hz=200, arc="classic")
