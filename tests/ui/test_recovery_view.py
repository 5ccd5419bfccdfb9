"""Recovery inside calm mode: the cursor, the words, the keys and the fade."""

from __future__ import annotations

import pytest
from calm_rig import (  # the rig fixture is in conftest.py
    OFFSCREEN_MARKS,
    Rig,
    move_to,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from ketacompanion.core.session_flow import Phase

pytestmark = OFFSCREEN_MARKS

LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
SESSION_S = 45 * 60


def test_the_cursor_stays_through_recovery_after_a_stir_at_the_chime(rig):
    calm, window = rig.calm, rig.calm.windowHandle()
    rig.advance(SESSION_S + 2)
    assert rig.service.phase is Phase.CHIME
    move_to(window, QPoint(600, 300))  # a hand stirs as the chime sounds
    assert calm._idle.isActive()
    rig.advance(8)
    assert rig.service.phase is Phase.RECOVERY and calm.recovery.isVisible()

    assert not calm._idle.isActive()
    calm._idle.timeout.emit()  # even a tick already on its way hides nothing
    assert calm.cursor().shape() is not Qt.CursorShape.BlankCursor
    QTest.mouseClick(window, LEFT, NO_MOD, QPoint(100, 100))  # a click on the dim screen
    assert not calm._idle.isActive()
    button = calm.recovery.ready_button
    move_to(window, button.mapTo(calm, button.rect().center()))
    assert button.cursor().shape() is not Qt.CursorShape.BlankCursor


def _recovery_words(rig: Rig) -> str:
    return " | ".join(label.text() for label in rig.calm.recovery.findChildren(QLabel))


def test_after_an_early_end_recovery_speaks_of_the_session_not_the_infusion(rig):
    rig.advance(10 * 60)
    assert rig.service.end_early()
    rig.advance(30)
    assert rig.service.phase is Phase.RECOVERY
    words = _recovery_words(rig)
    assert "The session has ended." in words and "care team" in words
    assert "infusion has ended" not in words

    rig.advance(20 * 60)  # the IV may still be running at minute 30 of 45
    words = _recovery_words(rig)
    assert "over" not in words and "Stand up" not in words
    assert "infusion has ended" not in words
    rig.calm.recovery.ready_button.click()  # moving on to the note is as before
    assert rig.notes == [rig.service.session_id] and rig.service.phase is Phase.DONE


def test_after_the_planned_end_recovery_still_counts_down_and_says_when_it_is_over(rig):
    rig.advance(SESSION_S + 10)
    assert rig.service.phase is Phase.RECOVERY
    words = _recovery_words(rig)
    assert "The infusion has ended." in words and "Recovery: about 15 minutes left" in words
    rig.advance(15 * 60)
    assert rig.calm.recovery.countdown.text() == "Recovery time is over. Stand up slowly."


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_return_or_enter_in_recovery_is_im_ready(rig, key):
    window = rig.calm.windowHandle()
    QTest.keyClick(window, key)  # during the session: nothing
    assert rig.service.phase is Phase.RUNNING
    rig.advance(SESSION_S + 10)
    assert rig.service.phase is Phase.RECOVERY
    QTest.keyClick(window, Qt.Key.Key_Space)  # a late mark stays a mark: no jump to the note
    assert rig.service.phase is Phase.RECOVERY and rig.notes == []
    QTest.keyClick(window, key)
    assert rig.service.phase is Phase.DONE and rig.notes == [rig.service.session_id]


def test_return_on_im_ready_reached_with_tab_moves_on_too(rig):
    window = rig.calm.windowHandle()
    rig.advance(SESSION_S + 10)
    QTest.keyClick(window, Qt.Key.Key_Tab)
    assert rig.calm.recovery.ready_button.hasFocus()
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert rig.service.phase is Phase.DONE


def test_recovery_fades_in_instead_of_appearing_in_one_frame(rig, qtbot):
    rig.advance(SESSION_S + 10)
    recovery = rig.calm.recovery
    assert rig.service.phase is Phase.RECOVERY and recovery.isVisible()
    effect = recovery.graphicsEffect()
    assert effect is not None and effect.opacity() < 0.1
    qtbot.waitUntil(lambda: 0.1 < effect.opacity() < 0.9, timeout=3000)  # on its way
    qtbot.waitUntil(lambda: effect.opacity() == 1.0, timeout=3000)
