"""Calm mode's input, sent through the real window: clicks, keys and the fading controls."""

from __future__ import annotations

import pytest
from calm_rig import (  # the rig fixture is in conftest.py
    OFFSCREEN_MARKS,
    move_to,
)
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from ketacompanion.core.session_flow import Phase
from ketacompanion.ui.calm_mode import CalmWindow

pytestmark = OFFSCREEN_MARKS

LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def _run_fade(calm: CalmWindow) -> None:
    """Play the controls' fade to its end, frame by frame (no real waiting)."""
    for _ in range(200):
        calm._animate()


def _centre(calm: CalmWindow, button: QPushButton) -> QPoint:
    return button.mapTo(calm, button.rect().center())


@pytest.mark.parametrize("name", ["softer_button", "louder_button", "pause_button",
                                  "time_button", "end_button"])
def test_a_click_where_a_faded_control_was_marks_the_moment_and_presses_nothing(rig, name):
    calm, window = rig.calm, rig.calm.windowHandle()
    button = getattr(calm._controls, name)
    spot = _centre(calm, button)
    move_to(window, spot)  # the hand rests on the mouse, over the button
    _run_fade(calm)
    assert calm.controls_opacity() > 0.8
    calm._go_idle()  # three still seconds later
    _run_fade(calm)
    assert calm.controls_opacity() == 0.0
    volume = rig.service.volume

    QTest.mouseClick(window, LEFT, NO_MOD, spot)
    rig.advance(0.5)
    QTest.mousePress(window, LEFT, NO_MOD, spot)  # held, as if to end the session
    rig.advance(3)
    calm._animate()
    QTest.mouseRelease(window, LEFT, NO_MOD, spot)

    assert rig.markers() == 2
    assert "pause" not in rig.player.names() and rig.service.volume == volume
    assert not calm.time_shown and rig.service.phase.value == "running"


def test_a_click_while_the_controls_fade_out_marks_too(rig):
    calm, window = rig.calm, rig.calm.windowHandle()
    spot = _centre(calm, calm._pause_button)
    move_to(window, spot)
    _run_fade(calm)
    calm._go_idle()
    calm._animate()  # one frame into the fade: still faintly there
    assert 0.0 < calm.controls_opacity() < 0.85
    QTest.mouseClick(window, LEFT, NO_MOD, spot)
    assert rig.markers() == 1 and "pause" not in rig.player.names()


def test_once_the_mouse_moves_the_shown_controls_take_clicks_again(rig):
    calm, window = rig.calm, rig.calm.windowHandle()
    spot = _centre(calm, calm._pause_button)
    QTest.mouseClick(window, LEFT, NO_MOD, spot)  # hidden: a mark, and the bar wakes
    assert rig.markers() == 1
    move_to(window, spot)
    _run_fade(calm)
    QTest.mouseClick(window, LEFT, NO_MOD, spot)
    assert rig.player.names()[-1] == "pause" and calm._pause_button.text() == "Resume music"
    assert rig.markers() == 1


def test_p_pauses_and_resumes_the_music_and_a_held_p_counts_once(rig):
    calm, window = rig.calm, rig.calm.windowHandle()
    QTest.keyClick(window, Qt.Key.Key_P)
    assert rig.player.names()[-1] == "pause" and calm._pause_button.text() == "Resume music"
    QApplication.sendEvent(calm, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_P, NO_MOD, "p",
                                           True))  # the key, held, repeats
    assert rig.player.names().count("resume") == 0
    QTest.keyClick(window, Qt.Key.Key_P)
    assert rig.player.names()[-1] == "resume" and calm._pause_button.text() == "Pause music"
    assert rig.service.phase is Phase.RUNNING and rig.markers() == 0
