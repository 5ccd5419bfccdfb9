from __future__ import annotations

import pytest

from ketacompanion.core.session_clock import REHEARSAL_SCALE, FakeClock, SessionClock, SystemClock


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


def test_a_wall_clock_set_backwards_or_slightly_forwards_is_ignored():
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    clock.advance(100)
    clock.set_wall(clock.wall() - 3600)  # daylight saving mishap, manual change
    clock.advance(10)
    assert session.elapsed() == pytest.approx(110)
    clock.set_wall(clock.wall() + 1.5)  # an NTP nudge under the threshold
    clock.advance(10)
    assert session.elapsed() == pytest.approx(120)


def test_a_wall_clock_set_back_then_put_right_is_not_taken_for_a_suspend():
    clock = FakeClock()
    session = SessionClock(clock)
    session.start()
    clock.advance(600)
    session.elapsed()  # the session reads its clock ten times a second
    clock.set_wall(clock.wall() - 3600)  # set back an hour by mistake...
    clock.advance(60)
    session.elapsed()
    clock.set_wall(clock.wall() + 3600)  # ...and put right (or NTP corrects it)
    clock.advance(60)
    # Not an hour more: the session would end at once, its music cut short.
    assert session.elapsed() == pytest.approx(720)
    assert session.suspended_s == 0
    clock.suspend(300)  # a real suspend afterwards still counts
    clock.advance(1)
    assert session.elapsed() == pytest.approx(1021)


def test_rehearsal_scale_and_resume_from_a_stored_start():
    clock = FakeClock()
    rehearsal = SessionClock(clock, scale=REHEARSAL_SCALE)
    rehearsal.start()
    clock.advance(1.0)
    assert rehearsal.elapsed() == pytest.approx(60.0)

    resumed = SessionClock(clock)
    resumed.resume_from(clock.wall() - 1234.5)
    assert resumed.elapsed() == pytest.approx(1234.5)
    clock.advance(5)
    assert resumed.elapsed() == pytest.approx(1239.5)


def test_system_clock_reads_real_time_and_scale_must_be_positive():
    real = SystemClock()
    assert real.monotonic() <= real.monotonic()
    assert real.wall() > 1_600_000_000
    with pytest.raises(ValueError):
        SessionClock(real, scale=0)
