"""PHQ-9 and GAD-7 scoring against the published tables (Kroenke 2001; Spitzer 2006)."""

from __future__ import annotations

import itertools

import pytest

from ketacompanion.core.measures import (
    ANSWERS,
    GAD7_ITEMS,
    PHQ9_ITEMS,
    IncompleteAnswers,
    Measure,
    asks_for_help_now,
    band,
    total,
)

# Written out from the papers, not from the code: total -> band.
PHQ9_TABLE = {**dict.fromkeys(range(0, 5), "minimal"), **dict.fromkeys(range(5, 10), "mild"),
              **dict.fromkeys(range(10, 15), "moderate"),
              **dict.fromkeys(range(15, 20), "moderately severe"),
              **dict.fromkeys(range(20, 28), "severe")}
GAD7_TABLE = {**dict.fromkeys(range(0, 5), "minimal"), **dict.fromkeys(range(5, 10), "mild"),
              **dict.fromkeys(range(10, 15), "moderate"), **dict.fromkeys(range(15, 22), "severe")}


def _answers_for(score: int, items: int) -> list[int]:
    """A form whose answers add up to ``score``, filled from the first item."""
    answers = []
    for _ in range(items):
        answers.append(min(3, score))
        score -= answers[-1]
    return answers


def test_the_forms_have_their_published_shape():
    assert len(PHQ9_ITEMS) == 9 and len(GAD7_ITEMS) == 7
    assert ANSWERS == ("Not at all", "Several days", "More than half the days",
                       "Nearly every day")
    assert PHQ9_ITEMS[8] == ("Thoughts that you would be better off dead or of hurting "
                             "yourself in some way")
    assert GAD7_ITEMS[0] == "Feeling nervous, anxious or on edge"


@pytest.mark.parametrize("score", range(0, 28))
def test_every_phq9_total_and_its_band(score):
    answers = _answers_for(score, 9)
    assert total(Measure.PHQ9, answers) == score
    assert band(Measure.PHQ9, score) == PHQ9_TABLE[score]


@pytest.mark.parametrize("score", range(0, 22))
def test_every_gad7_total_and_its_band(score):
    answers = _answers_for(score, 7)
    assert total(Measure.GAD7, answers) == score
    assert band(Measure.GAD7, score) == GAD7_TABLE[score]


@pytest.mark.parametrize(("measure", "edges"), [
    (Measure.PHQ9, [(4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
                    (14, "moderate"), (15, "moderately severe"), (19, "moderately severe"),
                    (20, "severe"), (27, "severe")]),
    (Measure.GAD7, [(4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
                    (14, "moderate"), (15, "severe"), (21, "severe")]),
])
def test_band_boundaries(measure, edges):
    for score, label in edges:
        assert band(measure, score) == label, score


def test_the_total_is_the_sum_whatever_the_order():
    for answers in itertools.islice(itertools.product(range(4), repeat=7), 0, 16384, 97):
        assert total(Measure.GAD7, answers) == sum(answers)


@pytest.mark.parametrize("answers", [[0] * 8, [0] * 10, [0] * 8 + [4], [0] * 8 + [-1],
                                     [0] * 8 + [True], [0] * 8 + [1.0]])
def test_a_partial_or_odd_form_gets_no_total(answers):
    with pytest.raises(IncompleteAnswers):
        total(Measure.PHQ9, answers)


@pytest.mark.parametrize(("measure", "score"), [(Measure.PHQ9, 28), (Measure.GAD7, 22),
                                                (Measure.GAD7, -1)])
def test_a_total_out_of_range_has_no_band(measure, score):
    with pytest.raises(ValueError):
        band(measure, score)


def test_item_9_above_not_at_all_asks_for_help_at_once():
    form: list[int | None] = [None] * 9
    assert not asks_for_help_now(Measure.PHQ9, form)
    form[8] = 0
    assert not asks_for_help_now(Measure.PHQ9, form)
    for answer in (1, 2, 3):
        form[8] = answer
        assert asks_for_help_now(Measure.PHQ9, form)
    assert not asks_for_help_now(Measure.GAD7, [3] * 7)
