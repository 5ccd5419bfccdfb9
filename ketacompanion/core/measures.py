"""The PHQ-9 and GAD-7: their words, their answers and their scoring, as published.

Both questionnaires are free to use. Their own screeners carry the line "Developed
by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an
educational grant from Pfizer Inc. No permission required to reproduce, translate,
display or distribute." The wording below is the one printed on those screeners;
nothing is paraphrased, because a changed word is a different questionnaire.

Sources, cross-checked against each other:

- PHQ-9: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
  severity measure. J Gen Intern Med 2001;16:606-613. Abstract: each item scored
  "0" (not at all) to "3" (nearly every day); "PHQ-9 scores of 5, 10, 15, and 20
  represented mild, moderate, moderately severe, and severe depression". The PHQ-9
  screener (Pfizer, 1999) for the item wording and the four answers.
- GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
  generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092-1097.
  Answers scored 0, 1, 2 and 3, total 0-21; "scores of 5, 10, and 15" are the cut
  points for mild, moderate and severe anxiety. The GAD-7 screener for the wording.

The bands are the instruments' own labels for a total. They are shown as such, never
as a diagnosis: the screeners themselves say a diagnosis is made by a clinician.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# The four answers of both screeners, scored 0-3 (Kroenke 2001; Spitzer 2006).
ANSWERS: tuple[str, ...] = (
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
)

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"

PHQ9_ITEMS: tuple[str, ...] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

GAD7_ITEMS: tuple[str, ...] = (
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

# Index of PHQ-9 item 9 (thoughts of being better off dead or of self-harm).
PHQ9_SELF_HARM_ITEM = 8


class Measure(StrEnum):
    """The two questionnaires, by the names they are known by."""

    PHQ9 = "PHQ-9"
    GAD7 = "GAD-7"


@dataclass(frozen=True)
class Band:
    """A severity band: the lowest total in it and the instrument's own words for it."""

    lowest: int
    label: str


# Kroenke 2001: 5, 10, 15, 20 start mild, moderate, moderately severe, severe; below 5
# is the scoring card's "minimal" (none-minimal).
PHQ9_BANDS: tuple[Band, ...] = (
    Band(0, "minimal"),
    Band(5, "mild"),
    Band(10, "moderate"),
    Band(15, "moderately severe"),
    Band(20, "severe"),
)
# Spitzer 2006: 5, 10, 15 start mild, moderate, severe; below 5 is "minimal".
GAD7_BANDS: tuple[Band, ...] = (
    Band(0, "minimal"),
    Band(5, "mild"),
    Band(10, "moderate"),
    Band(15, "severe"),
)


@dataclass(frozen=True)
class Instrument:
    """One questionnaire: its stem, items, bands and highest total."""

    measure: Measure
    stem: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]

    @property
    def highest(self) -> int:
        """The largest total: 3 for every item."""
        return 3 * len(self.items)


INSTRUMENTS: dict[Measure, Instrument] = {
    Measure.PHQ9: Instrument(Measure.PHQ9, STEM, PHQ9_ITEMS, PHQ9_BANDS),
    Measure.GAD7: Instrument(Measure.GAD7, GAD7_STEM, GAD7_ITEMS, GAD7_BANDS),
}


class IncompleteAnswers(ValueError):
    """Not every item was answered with 0-3; no total is made from part of a form."""


def total(measure: Measure, answers: Sequence[int]) -> int:
    """The sum of the answers (each 0-3), as both instruments score.

    Raises:
        IncompleteAnswers: Wrong number of answers, or one outside 0-3.
    """
    instrument = INSTRUMENTS[Measure(measure)]
    if len(answers) != len(instrument.items):
        raise IncompleteAnswers(
            f"{instrument.measure} has {len(instrument.items)} items, not {len(answers)}")
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 3:
            raise IncompleteAnswers(f"each answer is 0, 1, 2 or 3, not {answer!r}")
    return sum(answers)


def band(measure: Measure, score: int) -> str:
    """The instrument's own label for ``score`` ("mild", "moderately severe"...).

    Raises:
        ValueError: ``score`` is outside 0 and the highest total.
    """
    instrument = INSTRUMENTS[Measure(measure)]
    if not 0 <= score <= instrument.highest:
        raise ValueError(f"a {instrument.measure} total is 0-{instrument.highest}, not {score}")
    label = instrument.bands[0].label
    for candidate in instrument.bands:
        if score >= candidate.lowest:
            label = candidate.label
    return label


def asks_for_help_now(measure: Measure, answers: Sequence[int | None]) -> bool:
    """True when PHQ-9 item 9 is answered above "Not at all": crisis resources show at once.

    Works on a form still being filled (unanswered items are None).
    """
    if Measure(measure) is not Measure.PHQ9 or len(answers) <= PHQ9_SELF_HARM_ITEM:
        return False
    answer = answers[PHQ9_SELF_HARM_ITEM]
    return answer is not None and answer > 0
