"""The days-after offer's rule, and the export's course section, as plain functions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ketacompanion.core.checkins import CheckIn, Occasion
from ketacompanion.core.course import CoursePlan, SessionStart, places, progress
from ketacompanion.core.course_export import CHART_CAPTION, course_section
from ketacompanion.core.integration import offer_text, session_to_offer
from ketacompanion.core.measures import Measure

TUESDAY = datetime(2026, 3, 3, 23, 30).astimezone()  # late evening, local time


def test_days_are_counted_in_local_days_one_to_three():
    sessions = [SessionStart(1, TUESDAY, False)]
    assert session_to_offer(sessions, (), TUESDAY + timedelta(hours=1)) == sessions[0]
    assert session_to_offer(sessions, (), TUESDAY + timedelta(minutes=20)) is None
    assert session_to_offer(sessions, (), TUESDAY + timedelta(days=3)) == sessions[0]
    assert session_to_offer(sessions, (), TUESDAY + timedelta(days=3, hours=1)) is None
    assert session_to_offer(sessions, {1}, TUESDAY + timedelta(days=2)) is None
    assert offer_text(sessions[0]) == "Would you like to add to Tuesday's note?"


def test_only_the_latest_infusion_is_offered_and_never_a_rehearsal():
    older = SessionStart(1, TUESDAY - timedelta(days=1), False)
    latest = SessionStart(2, TUESDAY, False)
    rehearsal = SessionStart(3, TUESDAY + timedelta(days=1), True)
    now = TUESDAY + timedelta(days=2)
    assert session_to_offer([older, latest, rehearsal], (), now) == latest
    assert session_to_offer([rehearsal], (), now) is None
    assert session_to_offer([], (), now) is None


def test_no_course_and_no_checkins_make_no_section():
    assert course_section(None, None, [], charts=True) == []


def test_the_section_lists_the_course_and_scores_and_promises_a_chart_only_in_the_pdf():
    plan = CoursePlan(6, date(2026, 3, 3))
    state = progress(places([SessionStart(1, TUESDAY, False)], plan), plan)
    checkins = [CheckIn(Measure.GAD7, TUESDAY, (0,) * 7, Occasion.START),
                CheckIn(Measure.PHQ9, TUESDAY, (0,) * 8 + (1,), Occasion.START)]
    lines = course_section(plan, state, checkins, charts=False)
    assert lines[0] == "## Course and check-ins"
    assert "- Course: 1 of 6 infusions, counted from 3 March 2026" in lines
    scores = [line for line in lines if line.startswith("- 3 March 2026")]
    assert scores == ["- 3 March 2026: PHQ-9 1 (minimal), at the start of the course",
                      "- 3 March 2026: GAD-7 0 (minimal), at the start of the course"]
    assert CHART_CAPTION not in lines
    assert CHART_CAPTION in course_section(plan, state, checkins, charts=True)
