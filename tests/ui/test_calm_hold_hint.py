"""Holding to end: the words and the fill stay clear of the controls on any screen."""

from __future__ import annotations

import pytest
from calm_rig import (  # the rig fixture is in conftest.py
    OFFSCREEN_MARKS,
    Rig,
    move_to,
)
from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ketacompanion.ui.calm_mode import CalmWindow

pytestmark = OFFSCREEN_MARKS

SIZES = [(960, 540), (1024, 600), (1280, 800), (1920, 1080)]


def _holding_at(rig: Rig, width: int, height: int) -> CalmWindow:
    """Calm mode at ``width`` x ``height``, controls shown, End held for a second."""
    calm = rig.calm
    calm.showNormal()  # the offscreen screen is 800x800: full screen would be that size
    calm.resize(width, height)
    calm.layout().activate()
    QApplication.processEvents()
    assert calm.size() == QSize(width, height)
    button = calm.end_button
    move_to(calm.windowHandle(), button.mapTo(calm, button.rect().center()))
    for _ in range(40):
        calm._animate()
    QTest.mousePress(calm.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, button.mapTo(calm, button.rect().center()))
    rig.clock.advance(1.0)
    calm._animate()
    assert calm.holding and calm.controls_opacity() > 0.8
    return calm


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_keep_holding_is_never_behind_the_controls(rig, width, height):
    calm = _holding_at(rig, width, height)
    hint = calm.hold_hint_rect()
    bar = QRectF(calm._controls.geometry())
    assert not hint.intersects(bar), (hint, bar)
    assert QRectF(calm.rect()).contains(hint)
    QTest.mouseRelease(calm.windowHandle(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, QPoint(1, 1))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_hold_fill_and_its_words_stay_above_the_controls(rig, width, height):
    calm = _holding_at(rig, width, height)
    fill, hint = calm.hold_fill_rect(), calm.hold_hint_rect()
    assert not fill.intersects(QRectF(calm._controls.geometry()))
    assert not fill.intersects(hint) and QRectF(calm.rect()).contains(fill)
    QTest.mouseRelease(calm.windowHandle(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, QPoint(1, 1))
