from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ketacompanion.core.session_clock import (
    FALLBACK_THRESHOLD_S,
    REHEARSAL_SCALE,
    ClockAnchor,
    FakeClock,
    SessionClock,
    SystemClock,
    real_since,
)


def ticking(session: SessionClock, clock: FakeClock, seconds: float, step: float = 0.1) -> None:
    """Let ``seconds`` pass awake while the session reads its clock ten times a second."""
    for _ in range(round(seconds / step)):
        clock.advance(step)
        session.elapsed()


def test_elapsed_follows_the_monotonic_clock_in_small_steps():
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    # 60 minutes in 36,000 ticks of 0.1 s: float steps must not drift by 100 ms.
    for _ in range(36_000):
        clock.advance(0.1)
        session.elapsed()
    assert session.elapsed() == pytest.approx(3600.0, abs=0.1)


def test_a_suspend_counts_because_the_infusion_went_on():
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    clock.advance(600)
    assert session.elapsed() == pytest.approx(600)
    clock.suspend(900)  # lid closed for 15 minutes
    clock.advance(0.25)
    assert session.elapsed() == pytest.approx(1500.25)
    assert session.suspended_s == pytest.approx(900, abs=0.3)


@pytest.mark.parametrize("jump_s", [5.0, 180.0, 3600.0])
def test_a_wall_clock_stepped_forward_mid_session_changes_nothing(jump_s):
    # NTP stepping the clock when Wi-Fi connects, a person changing the time: the
    # timer was 5 s early, 180 s early, or the session ended at once (+1 h).
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    ticking(session, clock, 600)
    clock.set_wall(clock.wall() + jump_s)
    ticking(session, clock, 60)
    assert session.elapsed() == pytest.approx(660, abs=0.05)
    assert session.suspended_s == 0 and session.measured


def test_a_real_ten_minute_suspend_is_still_counted_after_a_wall_jump():
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    ticking(session, clock, 300)
    clock.set_wall(clock.wall() + 3600)
    ticking(session, clock, 1)
    clock.suspend(600)
    ticking(session, clock, 1)
    assert session.elapsed() == pytest.approx(902, abs=0.05)
    assert session.suspended_s == pytest.approx(600)


def test_a_wall_clock_set_backwards_then_put_right_is_ignored():
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    ticking(session, clock, 600)
    clock.set_wall(clock.wall() - 3600)  # set back an hour by mistake...
    ticking(session, clock, 60)
    clock.set_wall(clock.wall() + 3600)  # ...and put right (or NTP corrects it)
    ticking(session, clock, 60)
    assert session.elapsed() == pytest.approx(720, abs=0.05)
    assert session.suspended_s == 0


def test_without_a_suspend_clock_the_wall_clock_stands_in_bounded():
    clock = FakeClock(measures_suspend=False)
    session = SessionClock(clock)
    session.start()
    ticking(session, clock, 100)
    clock.set_wall(clock.wall() + 5)  # an NTP step: under the threshold, never a sleep
    clock.set_wall(clock.wall() - 3600)
    ticking(session, clock, 10)
    clock.set_wall(clock.wall() + 3600)  # put right: no gain beyond the earlier lead
    ticking(session, clock, 10)
    assert session.elapsed() == pytest.approx(120, abs=0.05) and session.measured
    clock.suspend(FALLBACK_THRESHOLD_S + 570)  # nothing else to go by: taken for a sleep
    ticking(session, clock, 1)
    assert session.elapsed() == pytest.approx(721, abs=0.05)
    assert not session.measured  # and the clock knows it guessed
    clock.set_wall(clock.wall() + 10 * 24 * 3600)  # a clock set ten days ahead
    ticking(session, clock, 1)
    assert session.elapsed() < 13 * 3600


def test_rehearsal_scale():
    clock = FakeClock()
    rehearsal = SessionClock(clock, scale=REHEARSAL_SCALE)
    rehearsal.start()
    clock.advance(1.0)
    assert rehearsal.elapsed() == pytest.approx(60.0)


def crashed_at(clock: FakeClock, after_s: float) -> tuple[float, ClockAnchor]:
    """Start a session, run ``after_s`` awake, and keep what a record keeps."""
    session = SessionClock(clock)
    session.start()
    ticking(session, clock, after_s, step=1.0)
    return session.started_wall, session.anchor


def test_resume_after_a_crash_and_a_wall_jump_in_the_same_boot_is_measured():
    clock = FakeClock()
    started, anchor = crashed_at(clock, 420)
    clock.advance(180)  # the app is down for three minutes...
    clock.set_wall(clock.wall() + 3600)  # ...while NTP sets the clock an hour ahead
    resumed = SessionClock(clock)
    resumed.resume(started, anchor)
    assert resumed.elapsed() == pytest.approx(600)  # was 4,200
    assert resumed.measured
    clock.suspend(120)
    clock.advance(5)
    assert resumed.elapsed() == pytest.approx(725)


def test_resume_after_a_reboot_trusts_the_wall_clock_but_no_less_than_the_boot():
    clock = FakeClock()
    started, anchor = crashed_at(clock, 420)
    clock.reboot(down_s=120)
    clock.advance(60)
    resumed = SessionClock(clock)
    resumed.resume(started, anchor)
    assert resumed.elapsed() == pytest.approx(600) and not resumed.measured
    # A wall clock set back across the reboot: at least this boot's time has passed.
    clock = FakeClock()
    started, anchor = crashed_at(clock, 420)
    clock.reboot(down_s=120)
    clock.advance(60)
    clock.set_wall(started - 3600)
    assert real_since(anchor, started, clock) == (pytest.approx(80), False)


def test_after_a_resume_in_a_new_boot_a_second_crash_is_measured_from_it():
    clock = FakeClock()
    started, anchor = crashed_at(clock, 420)
    clock.reboot(down_s=120)
    resumed = SessionClock(clock)
    resumed.resume(started, anchor)
    assert resumed.elapsed() == pytest.approx(540)
    anchor = resumed.anchor  # the record keeps this boot's anchor
    clock.advance(60)
    clock.set_wall(clock.wall() + 3600)
    assert real_since(anchor, started, clock) == (pytest.approx(600), True)


def test_without_boot_ids_a_reboot_is_told_by_the_clocks():
    clock = FakeClock(boot_id=None)
    started, anchor = crashed_at(clock, 420)
    clock.advance(180)  # same boot, no clock change: wall and boot clocks agree
    assert real_since(anchor, started, clock) == (pytest.approx(600), True)
    clock.reboot(down_s=100)  # the boot clock starts again below its reading at Start
    assert real_since(anchor, started, clock) == (pytest.approx(700), False)


def test_an_anchor_round_trips_and_an_odd_one_is_none():
    anchor = ClockAnchor("abc", 12.5)
    assert ClockAnchor.from_json(anchor.to_json()) == anchor
    assert ClockAnchor.from_json(None) is None
    assert ClockAnchor.from_json({"boot_id": 3, "boot_s": "x"}) == ClockAnchor(None, None)
    assert real_since(None, 1_750_000_000.0, FakeClock()) == (0.0, False)


def test_system_clock_reads_real_time_and_scale_must_be_positive():
    real = SystemClock()
    assert real.monotonic() <= real.monotonic()
    assert real.wall() > 1_600_000_000
    if sys.platform.startswith("linux"):
        suspended = real.suspended()
        assert suspended is not None and suspended >= 0  # Linux measures suspend
        assert real.boot_id() == Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    with pytest.raises(ValueError):
        SessionClock(real, scale=0)
