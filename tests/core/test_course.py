"""Numbering in a course: infusions of the plan, boosters on their own, rehearsals apart."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ketacompanion.core.checkins import CheckIn, Occasion, checkin_due, scores_sentence
from ketacompanion.core.course import (
    CoursePlan,
    InvalidPlan,
    Kind,
    Rhythm,
    SessionStart,
    next_date_text,
    places,
    progress,
)
from ketacompanion.core.measures import Measure

DAY0 = datetime(2026, 3, 2, 9, 0).astimezone()


def _session(sid: int, day: int, rehearsal: bool = False) -> SessionStart:
    return SessionStart(sid, DAY0 + timedelta(days=day), rehearsal)


def test_a_course_of_six_with_rehearsals_reads_infusion_3_of_6():
    sessions = [_session(1, 0, rehearsal=True), _session(2, 1, rehearsal=True),
                _session(3, 2), _session(4, 4), _session(5, 7)]
    plan = CoursePlan(6, DAY0.date())
    found = places(sessions, plan)
    assert [found[i].label for i in range(1, 6)] == [
        "Rehearsal", "Rehearsal", "Infusion 1 of 6", "Infusion 2 of 6", "Infusion 3 of 6"]
    assert progress(found, plan).sentence == "3 of 6 infusions"


def test_sessions_after_the_planned_ones_are_boosters_counted_on_their_own():
    sessions = [_session(i, i * 3) for i in range(1, 10)]
    plan = CoursePlan(6, DAY0.date())
    found = places(sessions, plan)
    assert found[6].label == "Infusion 6 of 6"
    assert [found[i].label for i in (7, 8, 9)] == ["Booster 1", "Booster 2", "Booster 3"]
    assert progress(found, plan).sentence == "6 of 6 infusions, then 3 boosters"
    assert progress(found, plan).finished


def test_sessions_before_the_course_keep_their_plain_number_and_the_plan_can_change():
    sessions = [_session(1, 0), _session(2, 10), _session(3, 12), _session(4, 13, True)]
    plan = CoursePlan(2, (DAY0 + timedelta(days=10)).date())
    found = places(sessions, plan)
    assert [found[i].label for i in (1, 2, 3, 4)] == [
        "Session 1", "Infusion 1 of 2", "Infusion 2 of 2", "Rehearsal"]
    found = places(sessions, CoursePlan(4, plan.started_on))
    assert found[3].label == "Infusion 2 of 4"
    assert places(sessions, None)[3].kind is Kind.BEFORE


@pytest.mark.parametrize("infusions", [0, 31, -1, True, 2.5])
def test_an_impossible_plan_is_refused_in_plain_words(infusions):
    with pytest.raises(InvalidPlan):
        CoursePlan(infusions, DAY0.date())


def test_a_planned_date_that_passed_is_never_called_missed():
    plan = CoursePlan(6, DAY0.date(), next_date=date(2026, 3, 10))
    assert next_date_text(plan, date(2026, 3, 9)) == "Next planned: Tuesday 10 March"
    assert next_date_text(plan, date(2026, 3, 10)) == "Next planned: today"
    assert next_date_text(plan, date(2026, 3, 11)) == ""


def test_the_scores_sentence_is_dates_and_numbers_only():
    march = [CheckIn(Measure.PHQ9, datetime(2026, 3, 24, 12).astimezone(), (1,) * 9),
             CheckIn(Measure.PHQ9, datetime(2026, 3, 3, 12).astimezone(), (2,) * 9),
             CheckIn(Measure.GAD7, datetime(2026, 3, 3, 12).astimezone(), (1,) * 7)]
    assert scores_sentence(march, Measure.PHQ9) == "PHQ-9: 18 on 3 March, 9 on 24 March."
    assert scores_sentence(march, Measure.GAD7) == "GAD-7: 7 on 3 March."
    assert scores_sentence([], Measure.GAD7) == ""


def _at(day: int) -> datetime:
    return DAY0 + timedelta(days=day)


def test_checkins_are_offered_at_the_start_weekly_and_after_the_course():
    plan = CoursePlan(6, DAY0.date(), rhythm=Rhythm.WEEKLY)
    assert checkin_due(None, [], _at(0), 0) is None
    assert checkin_due(plan, [], _at(0), 0) is Occasion.START
    taken = [CheckIn(Measure.PHQ9, _at(0), (0,) * 9, Occasion.START)]
    assert checkin_due(plan, taken, _at(0), 0) is None  # never twice a day
    assert checkin_due(plan, taken, _at(6), 2) is None
    assert checkin_due(plan, taken, _at(7), 3) is Occasion.DURING
    assert checkin_due(plan, taken, _at(8), 6) is Occasion.END
    taken.append(CheckIn(Measure.PHQ9, _at(8), (0,) * 9, Occasion.END))
    assert checkin_due(plan, taken, _at(30), 6) is None


def test_before_each_infusion_offers_in_the_two_days_before_never_on_the_day():
    plan = CoursePlan(6, DAY0.date(), next_date=_at(4).date(), rhythm=Rhythm.BEFORE_EACH)
    taken = [CheckIn(Measure.GAD7, _at(0), (0,) * 7, Occasion.START)]
    assert checkin_due(plan, taken, _at(1), 1) is None
    assert checkin_due(plan, taken, _at(2), 1) is Occasion.DURING
    assert checkin_due(plan, taken, _at(3), 1) is Occasion.DURING
    assert checkin_due(plan, taken, _at(4), 1) is None  # the day itself: right before Start
    assert checkin_due(plan, taken, _at(5), 2) is None
    never = CoursePlan(6, DAY0.date(), rhythm=Rhythm.NONE)
    assert checkin_due(never, taken, _at(30), 1) is None


def test_not_now_counts_as_the_occasion_passing():
    plan = CoursePlan(6, DAY0.date(), rhythm=Rhythm.WEEKLY)
    assert checkin_due(plan, [], _at(0), 0, [(_at(0), Occasion.START)]) is None
    assert checkin_due(plan, [], _at(3), 1, [(_at(0), Occasion.START)]) is None
    assert checkin_due(plan, [], _at(7), 2, [(_at(0), Occasion.START)]) is Occasion.DURING
    assert checkin_due(plan, [], _at(20), 6, [(_at(19), Occasion.END)]) is None
