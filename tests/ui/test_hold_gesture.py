"""The hold-to-end rule on its own: times are parameters, nothing waits."""

from __future__ import annotations

import pytest

from ketacompanion.ui.hold_gesture import HOLD_TO_END_S, REPRESS_WITHIN_S, HoldGesture

FRAME = 1 / 30


def _frames(hold: HoldGesture, start: float, end: float) -> float | None:
    """Run frames from ``start`` to ``end``; the time the hold completed, if it did."""
    t = start
    while t <= end:
        if hold.update(t):
            return t
        t += FRAME
    return None


def test_a_key_held_with_x11_release_press_pairs_completes_in_two_seconds():
    hold = HoldGesture()
    hold.press(0.0)
    t, done = 0.0, None
    while done is None and t < 4.0:
        t += 0.040  # X11's default repeat rate: 25 a second
        hold.release(t)  # reported as real, with the press 3 ms behind it
        hold.press(t + 0.003)
        done = _frames(hold, t + 0.003, t + 0.039)
    assert done is not None and HOLD_TO_END_S <= done < HOLD_TO_END_S + 0.05


def test_a_tap_never_ends_and_leaves_no_hold_behind():
    hold = HoldGesture()
    hold.press(0.0)
    hold.release(0.08)
    assert _frames(hold, 0.0, 5.0) is None
    assert not hold.active and hold.fraction(5.0) == 0.0


def test_letting_go_just_before_two_seconds_never_ends_a_moment_later():
    hold = HoldGesture()
    hold.press(0.0)
    assert _frames(hold, 0.0, 1.9) is None
    hold.release(1.95)
    assert hold.fraction(2.05) == pytest.approx(1.95 / HOLD_TO_END_S)  # stands still
    assert _frames(hold, 1.95, 4.0) is None and not hold.active


def test_a_press_after_the_repress_window_starts_a_new_hold():
    hold = HoldGesture()
    hold.press(0.0)
    hold.release(1.5)
    hold.press(1.5 + REPRESS_WITHIN_S + 0.05)  # a second, separate press
    assert _frames(hold, 1.7, 3.6) is None  # 1.9 s into the new hold
    assert _frames(hold, 3.6, 3.8) is not None


def test_quick_separate_taps_never_add_up_to_a_hold():
    hold = HoldGesture()
    t = 0.0
    for _ in range(30):
        hold.press(t)
        hold.release(t + 0.1)
        assert _frames(hold, t, t + 0.35) is None
        t += 0.35  # a quarter of a second between taps: each one is let go
    assert not hold.active


def test_a_second_press_while_held_changes_nothing_and_cancel_forgets():
    hold = HoldGesture()
    hold.press(0.0)
    hold.press(1.0)  # the End control pressed while Esc is down
    assert hold.fraction(1.0) == pytest.approx(0.5)
    hold.cancel()
    assert not hold.active and _frames(hold, 1.0, 3.0) is None
