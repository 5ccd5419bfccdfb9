from __future__ import annotations

import pytest

from ketacompanion.core.session_flow import (
    EARLY_END_FADE_S,
    Phase,
    SessionFlow,
    SessionPlan,
)


def test_phases_follow_the_plan_in_order():
    plan = SessionPlan(minutes=45, recovery_minutes=15, fade_out_s=30)
    flow = SessionFlow(plan)
    assert flow.update(10) == []  # nothing happens before Start
    flow.start()
    assert flow.phase is Phase.RUNNING
    assert flow.update(45 * 60 - 31) == []
    assert flow.update(45 * 60 - 30) == [Phase.ENDING]
    assert flow.remaining(45 * 60 - 30) == pytest.approx(30)
    assert flow.update(45 * 60) == [Phase.CHIME]
    assert flow.update(45 * 60 + plan.chime_s) == [Phase.RECOVERY]
    assert flow.recovery_remaining(45 * 60 + 60) == pytest.approx(14 * 60)
    assert flow.finish()
    assert flow.phase is Phase.DONE
    assert flow.update(99_999) == []


def test_a_long_jump_reports_every_phase_passed():
    flow = SessionFlow(SessionPlan(minutes=40))
    flow.start()
    assert flow.update(41 * 60) == [Phase.ENDING, Phase.CHIME, Phase.RECOVERY]


def test_ending_early_fades_quickly_and_only_while_running():
    flow = SessionFlow(SessionPlan(minutes=60))
    assert not flow.finish()
    flow.start()
    assert not flow.finish()  # the note comes only after the end
    assert flow.end_early(600)
    assert flow.ended_early
    assert flow.update(600) == [Phase.ENDING]
    assert flow.remaining(600) == pytest.approx(EARLY_END_FADE_S)
    assert not flow.end_early(601)
    assert flow.update(600 + EARLY_END_FADE_S) == [Phase.CHIME]


def test_rehearsal_plan_runs_sixty_times_faster_but_keeps_an_audible_fade():
    plan = SessionPlan.rehearsal(minutes=45, recovery_minutes=15)
    assert plan.is_rehearsal and plan.scale == 60
    flow = SessionFlow(plan)
    flow.start()
    real_fade_starts = flow.fade_starts_at() / plan.scale
    assert 45 - real_fade_starts == pytest.approx(plan.fade_out_s)
    assert plan.fade_out_s >= 5


@pytest.mark.parametrize(
    "kwargs", [{"minutes": 39}, {"minutes": 61}, {"recovery_minutes": 21}, {"fade_out_s": 0}]
)
def test_plans_outside_the_treatment_are_refused(kwargs):
    with pytest.raises(ValueError):
        SessionPlan(**kwargs)


def test_plan_round_trips_through_json():
    plan = SessionPlan(55, 20, 45.0, recovery_music=True)
    assert SessionPlan.from_json({**plan.to_json(), "future_field": 1}) == plan
