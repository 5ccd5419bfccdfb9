"""Calm mode's time says it is the time left, and the words stay inside the ring."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from ketacompanion.core.presets import SESSION_MINUTES_MAX
from ketacompanion.ui.calm_painting import format_remaining, ring_radius, sized


@pytest.mark.parametrize(("seconds", "amount"), [
    (36 * 60, "36 min"), (35 * 60 + 1, "36 min"), (60, "1 min"), (42.7, "0:42"), (0, "0:00"),
])
def test_the_time_shown_is_said_to_be_time_left(seconds, amount):
    # "36 min" alone could be time gone as well as time left.
    shown = format_remaining(seconds)
    assert shown.split("\n") == [amount, "left"]


@pytest.mark.parametrize("screen", [(1024, 600), (1280, 800), (1920, 1080)])
def test_the_time_stays_inside_the_ring(qapp, screen):
    width, height = screen
    rect = QRectF(0, 0, width, height)
    controls_top = height - 140  # calm mode's controls, shown
    radius = ring_radius(rect, controls_top) - 4  # inside the ring's stroke
    metrics = QFontMetricsF(sized(QFont(qapp.font()), 40))  # as calm mode paints it
    for seconds in (SESSION_MINUTES_MAX * 60, 45 * 60, 59):
        box = metrics.boundingRect(rect, int(Qt.AlignmentFlag.AlignCenter),
                                   format_remaining(seconds))
        corner = math.hypot(box.width() / 2, box.height() / 2)
        assert corner < radius, (screen, format_remaining(seconds), corner, radius)
