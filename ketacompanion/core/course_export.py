"""The export's opening section: the course, the check-in scores with dates, the chart.

Plain Markdown, for the person's therapist. Scores are listed as they were given,
with the questionnaires' own band words and a line saying they are not a diagnosis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ketacompanion.core.checkins import CheckIn, Occasion, scores_sentence
from ketacompanion.core.course import CoursePlan, Progress
from ketacompanion.core.measures import Measure

HEADING = "Course and check-ins"
# The PDF draws the charts right under this line (services/export_pdf.py looks for it).
CHART_CAPTION = ("Chart: PHQ-9 and GAD-7 totals over time; mood before (hollow) and after "
                 "(filled) each session, 0-10.")


def course_section(plan: CoursePlan | None, state: Progress | None,
                   checkins: Sequence[CheckIn], charts: bool,
                   chart_file: str | None = None) -> list[str]:
    """The section's Markdown lines; empty when there is neither a plan nor a check-in.

    Args:
        plan: The course plan, if set.
        state: Where the course stands (for ``plan``).
        checkins: Every check-in, any order.
        charts: The document will carry the charts, so the caption is written.
        chart_file: The charts' picture beside the document (the Markdown's SVG), if any.
    """
    if plan is None and not checkins:
        return []
    lines = [f"## {HEADING}", ""]
    if plan is not None and state is not None:
        start = plan.started_on
        lines.append(f"- Course: {state.sentence}, counted from {start.day} "
                     f"{start.strftime('%B %Y')}")
        lines.append("")
    if checkins:
        lines.append("**Check-ins** (PHQ-9 0-27, GAD-7 0-21; the bands are the "
                     "questionnaires' own words, not a diagnosis)")
        lines.append("")
        for checkin in sorted(checkins, key=lambda c: (c.taken_at, c.measure is Measure.GAD7)):
            lines.append(f"- {_when(checkin.taken_at)}: {checkin.measure} {checkin.total} "
                         f"({checkin.band}), {_OCCASION[checkin.occasion]}")
        lines.append("")
        for measure in (Measure.PHQ9, Measure.GAD7):
            sentence = scores_sentence(checkins, measure)
            if sentence:
                lines.extend([sentence, ""])
    if charts:
        lines.extend([CHART_CAPTION, ""])
        if chart_file:
            lines.extend([f"![Charts]({chart_file})", ""])
    return lines


_OCCASION = {Occasion.START: "at the start of the course",
             Occasion.DURING: "during the course", Occasion.END: "after the course"}


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%B %Y')}"
