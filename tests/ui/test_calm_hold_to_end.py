"""Holding Esc ends the session with X11's auto-repeat too, and a tap never does.

Key events are sent as X11 delivers them for a held key (measured under Xvfb
with xdotool, see test_hold_to_end_x11.py): a first press, then every 40 ms
either an auto-repeat release+press pair or, as often, a *real* release with a
real press a few milliseconds behind it. The fake clock moves in calm mode's
animation frames; nothing waits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from calm_rig import OFFSCREEN_MARKS, Rig  # the rig fixture is in conftest.py
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ketacompanion.core.session_flow import Phase
from ketacompanion.ui.calm_mode import ANIMATION_FRAME_MS, CalmWindow

pytestmark = OFFSCREEN_MARKS

FRAME_S = ANIMATION_FRAME_MS / 1000
REPEAT_S = 0.040  # X11's default: a repeat every 40 ms after a 660 ms delay
REPEAT_DELAY_S = 0.660
PRESS, RELEASE = QEvent.Type.KeyPress, QEvent.Type.KeyRelease


def _key(calm: CalmWindow, kind: QEvent.Type, autorepeat: bool = False) -> None:
    event = QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "", autorepeat)
    QApplication.sendEvent(calm, event)


def _wait(rig: Rig, seconds: float) -> None:
    """Let ``seconds`` pass in animation frames, the session ticking as its timer does."""
    end = rig.clock.monotonic() + seconds
    while rig.clock.monotonic() < end - 1e-9:
        rig.clock.advance(min(FRAME_S, end - rig.clock.monotonic()))
        rig.service.tick()
        rig.calm._animate()


def _hold_esc_x11(rig: Rig, seconds: float) -> Iterator[float]:
    """Hold Esc for ``seconds`` as X11 reports it; yields each moment a repeat came."""
    calm, start = rig.calm, rig.clock.monotonic()
    _key(calm, PRESS)
    _wait(rig, REPEAT_DELAY_S)
    n = 0
    while rig.clock.monotonic() - start < seconds:
        n += 1
        if n % 2:  # Qt saw the press queued behind the release: marked as a repeat
            _key(calm, RELEASE, autorepeat=True)
            _key(calm, PRESS, autorepeat=True)
        else:  # the press was not there yet: a real release, then a real press
            _key(calm, RELEASE)
            _wait(rig, 0.003)
            _key(calm, PRESS)
        yield rig.clock.monotonic() - start
        _wait(rig, REPEAT_S)


def _ended_after(rig: Rig, seconds: float) -> float | None:
    """Hold Esc the X11 way for ``seconds``; how long after the press the session ended."""
    start = rig.clock.monotonic()
    for _ in _hold_esc_x11(rig, seconds):
        if rig.service.phase is not Phase.RUNNING:
            return rig.clock.monotonic() - start
    _key(rig.calm, RELEASE)
    return None


def test_holding_esc_with_x11_auto_repeat_ends_the_session_in_two_seconds(rig):
    took = _ended_after(rig, 3.0)
    assert took is not None, "held Esc for 3 s with auto-repeat: the session ran on"
    assert 2.0 <= took <= 2.1 and rig.service.phase is Phase.ENDING


def test_a_held_esc_with_only_auto_repeat_pairs_or_presses_ends_too(rig):
    calm = rig.calm
    _key(calm, PRESS)
    for _ in range(20):
        _wait(rig, 0.1)
        _key(calm, RELEASE, autorepeat=True)
        _key(calm, PRESS, autorepeat=True)
    _wait(rig, FRAME_S)
    assert rig.service.phase is Phase.ENDING


@pytest.mark.parametrize("down_s", [0.0, 0.08, 0.5, 1.9])
def test_esc_pressed_once_and_let_go_never_ends_the_session(rig, down_s):
    calm = rig.calm
    _key(calm, PRESS)
    _wait(rig, down_s)
    _key(calm, RELEASE)
    _wait(rig, 4.0)
    assert rig.service.phase is Phase.RUNNING and not calm.holding
    assert calm.hold_fraction() == 0.0


def test_let_go_for_longer_than_a_repeat_and_the_hold_starts_over(rig):
    calm = rig.calm
    for _ in _hold_esc_x11(rig, 1.5):
        pass
    _key(calm, RELEASE)
    _wait(rig, 0.25)  # well past 150 ms: a real let-go
    assert not calm.holding
    assert _ended_after(rig, 1.9) is None and rig.service.phase is Phase.RUNNING
