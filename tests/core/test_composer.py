"""The fresh piano score: determinism, no verbatim repeats, and an arc you can measure."""

from __future__ import annotations

import statistics
from dataclasses import replace

import pytest

from ketacompanion.core.arcs import ARCS, Phase, phase_spans
from ketacompanion.core.composer import Score, bar_grid_key, compose


@pytest.fixture(scope="module")
def score45() -> Score:
    return compose(45 * 60, "classic", seed=7)


def _per_phase(score: Score) -> dict[Phase, dict[str, float]]:
    out = {}
    for span in phase_spans(score.arc, score.length_s):
        notes = [n for n in score.notes if span.start_s <= n.start < span.end_s]
        out[span.phase] = {
            "per_min": len(notes) / (span.end_s - span.start_s) * 60,
            "pitch": statistics.mean(n.pitch for n in notes),
            "top": sorted(n.pitch for n in notes)[int(len(notes) * 0.9)],
            "velocity": statistics.mean(n.velocity for n in notes),
            "bar_s": statistics.mean(
                b - a for a, b in zip(score.bar_starts, score.bar_starts[1:], strict=False)
                if span.start_s <= a < span.end_s
            ),
        }
    return out


def test_same_seed_same_notes_other_seed_other_notes(score45: Score) -> None:
    again = compose(45 * 60, "classic", seed=7)
    assert again.notes == score45.notes
    other = compose(45 * 60, "classic", seed=8)
    assert [(n.pitch, round(n.start, 2)) for n in other.notes[:200]] != [
        (n.pitch, round(n.start, 2)) for n in score45.notes[:200]
    ]


def _windows(score: Score) -> list[tuple]:
    keys = [
        bar_grid_key(score.notes, a, b)
        for a, b in zip(score.bar_starts, score.bar_starts[1:], strict=False)
    ]
    return [tuple(keys[i : i + 4]) for i in range(len(keys) - 3)]


def test_a_looped_passage_would_be_caught(score45: Score) -> None:
    """The check itself: eight bars played twice are found."""
    bars = score45.bar_starts[:9]
    span = bars[-1] - bars[0]
    first = [n for n in score45.notes if n.start < bars[-1]]
    looped = first + [replace(n, start=n.start + span, end=n.end + span) for n in first]
    twice = Score(looped, bars[:-1] + [b + span for b in bars], span * 2, 7, "classic")
    windows = _windows(twice)
    assert len(set(windows)) < len(windows)


@pytest.mark.parametrize("seed", [1, 7, 8, 12345])
@pytest.mark.parametrize("arc", sorted(ARCS))
def test_no_four_bars_repeat_verbatim(seed: int, arc: str) -> None:
    score = compose(60 * 60, arc, seed=seed)
    windows = _windows(score)
    assert len(windows) > 400
    assert len(set(windows)) == len(windows)


def test_the_arc_is_audible_in_the_notes(score45: Score) -> None:
    p = _per_phase(score45)
    plateau, ret = p[Phase.PLATEAU], p[Phase.RETURN]
    # The plateau is the sparsest, lowest, softest and slowest stretch of the middle.
    for other in (Phase.SETTLE, Phase.DEEPEN, Phase.RETURN):
        assert plateau["per_min"] < p[other]["per_min"]
        assert plateau["pitch"] < p[other]["pitch"]
        assert plateau["velocity"] < p[other]["velocity"]
        assert plateau["bar_s"] > p[other]["bar_s"]
    assert plateau["top"] <= 72  # low and mid register: nothing above C5 in the bulk
    # The return is the fullest and warmest.
    assert ret["per_min"] > p[Phase.SETTLE]["per_min"]
    assert ret["velocity"] > p[Phase.DEEPEN]["velocity"]
    # The close thins out again.
    assert p[Phase.CLOSE]["per_min"] < ret["per_min"]


@pytest.mark.parametrize("minutes", [40, 45, 55, 60])
def test_notes_fit_the_length_and_stay_calm(minutes: int) -> None:
    score = compose(minutes * 60, "gentle", seed=minutes)
    assert score.notes[0].start < 1.0  # sound from the first second
    assert max(n.end for n in score.notes) <= minutes * 60 - 2.9
    assert min(n.start for n in score.notes) > 0
    assert all(21 <= n.pitch <= 96 for n in score.notes)  # a piano's calm middle
    assert all(1 <= n.velocity <= 90 for n in score.notes)  # never loud
    assert max(n.start for n in score.notes) > minutes * 60 - 25  # music until the close


def test_phase_spans_scale_with_length() -> None:
    for minutes in (40, 60):
        spans = phase_spans("classic", minutes * 60)
        assert [s.phase for s in spans] == list(Phase)
        assert spans[0].start_s == 0 and spans[-1].end_s == minutes * 60
        assert all(a.end_s == b.start_s for a, b in zip(spans, spans[1:], strict=False))
    spans45 = phase_spans("classic", 45 * 60)
    assert 6 * 60 < spans45[0].end_s < 8 * 60  # onset about minute 7
    assert 15 * 60 < spans45[1].end_s < 21 * 60  # build-up over by about minute 20
    with pytest.raises(ValueError, match="classic"):
        phase_spans("wild", 60)
