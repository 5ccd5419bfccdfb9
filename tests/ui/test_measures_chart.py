"""The check-in chart, judged on the pixels it draws, in Night and Dawn colours."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtGui import QColor, QPalette

from ketacompanion.core.checkins import CheckIn
from ketacompanion.core.measures import Measure
from ketacompanion.services.chart_painting import TOP_SCORE
from ketacompanion.ui.measures_chart import MeasuresChart

DAYS = ("2026-03-03", "2026-03-09", "2026-03-24")
PHQ = ((3, 3, 2, 2, 2, 2, 2, 1, 1), (2, 2, 1, 2, 1, 1, 1, 1, 0), (1,) * 9)  # 18, 11, 9
GAD = ((2, 2, 2, 2, 1, 2, 1), (1, 2, 1, 2, 1, 1, 1), (1, 1, 0, 1, 0, 1, 0))  # 12, 9, 4
THEMES = {"night": ("#1b1f28", "#dfe3ea"), "dawn": ("#fbf8f2", "#2d2a25")}


@pytest.fixture(autouse=True)
def _no_app_style_sheet(qapp):
    """The palette set here is what is drawn: no theme left behind by another test."""
    kept = qapp.styleSheet()
    qapp.setStyleSheet("")
    yield
    qapp.setStyleSheet(kept)


def _checkins() -> list[CheckIn]:
    found = []
    for day, phq, gad in zip(DAYS, PHQ, GAD, strict=True):
        when = datetime.fromisoformat(f"{day}T08:30:00").astimezone()
        found += [CheckIn(Measure.PHQ9, when, phq), CheckIn(Measure.GAD7, when, gad)]
    return found


def _where(chart: MeasuresChart, checkin: CheckIn, first: datetime, last: datetime):
    # The chart's own layout: 34 px left, 24 right, 30 top, 28 bottom; 18 px inset.
    left, top = 34, 30
    width, height = chart.width() - 34 - 24, chart.height() - 30 - 28
    share = (checkin.taken_at - first).total_seconds() / (last - first).total_seconds()
    x = left + 18 + (width - 36) * share
    y = top + height - height * checkin.total / TOP_SCORE
    return round(x), round(y)


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


@pytest.mark.parametrize("theme", list(THEMES))
def test_three_points_per_measure_filled_and_hollow_in_both_themes(qtbot, theme):
    paper, ink = (QColor(c) for c in THEMES[theme])
    chart = MeasuresChart()
    qtbot.addWidget(chart)
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.Window, paper)
    palette.setColor(QPalette.ColorRole.WindowText, ink)
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.resize(640, 200)
    checkins = _checkins()
    chart.set_checkins(checkins)
    image = chart.grab().toImage()
    first, last = checkins[0].taken_at, checkins[-1].taken_at
    for checkin in checkins:
        x, y = _where(chart, checkin, first, last)
        centre = image.pixelColor(x, y)
        if checkin.measure is Measure.PHQ9:  # a filled dot: ink at its centre
            assert _distance(centre, ink) < 60, (checkin.total, centre.name())
        else:  # a hollow square: paper inside, ink on its edge
            assert _distance(centre, paper) < 60, (checkin.total, centre.name())
            edge = image.pixelColor(x - 5, y)
            assert _distance(edge, ink) < 200, (checkin.total, edge.name())
    # Readable: the ink stands well apart from the paper in both themes.
    assert _distance(ink, paper) > 400
    assert chart.accessibleDescription().startswith("PHQ-9 18 on 3 March")


def test_nothing_is_drawn_but_the_grid_without_checkins(qtbot):
    chart = MeasuresChart()
    qtbot.addWidget(chart)
    chart.resize(640, 200)
    chart.set_checkins([])
    image = chart.grab().toImage()
    x, y = _where(chart, _checkins()[0], _checkins()[0].taken_at, _checkins()[-1].taken_at)
    assert _distance(image.pixelColor(x, y), image.pixelColor(x, y - 20)) < 60
