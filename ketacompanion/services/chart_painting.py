"""The journal's two charts as paintings: mood over the series, and check-in scores.

Painted with any QPainter and no widget, so the Journal's charts (ui/series_chart.py,
ui/measures_chart.py) and the export's vector PDF and SVG pages draw the very same
picture; colours are shades of one ink (the theme's text colour on screen, black on
paper), so nothing in them is bright.

Mood: each session is a thin stem from a hollow dot (mood before) to a filled dot
(mood after); the "after" dots are joined by a soft line. When there are more
sessions than fit the width, neighbouring sessions share one place on it, drawn at
their average mood (core.series.mood_places; a Journal's long series makes no object
per session for it). Scores: PHQ-9 and GAD-7 totals, dates left to right in proportion
to the time between check-ins, 0 to 27 bottom to top; the two differ by shape and
line, not only by colour (filled dots and a solid line for the PHQ-9, hollow squares
and a dashed line for the GAD-7).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ketacompanion.core.series import MoodPoint, mood_places

if TYPE_CHECKING:  # the check-ins load with the first scores painted, not with the mood chart
    from ketacompanion.core.checkins import CheckIn
    from ketacompanion.core.measures import Measure

TOP_SCORE = 27  # the PHQ-9's highest total: the top of the scores chart
_MOOD_LEFT, _MOOD_RIGHT, _MOOD_TOP, _MOOD_BOTTOM = 34, 16, 12, 26
_MAX_SLOT = 64.0  # px between sessions: a short series stays compact, not stretched
_MIN_SLOT = 6.0  # px: closer than this, neighbouring sessions share one place
_FULL_SLOT = 14.0  # px: below this the dots shrink so they do not overlap
_LABEL_GAP = 40.0  # px between two session numbers under the axis
_SCORES_LEFT, _SCORES_RIGHT, _SCORES_TOP, _SCORES_BOTTOM = 34, 24, 30, 28


def paint_mood(painter: QPainter, bounds: QRectF, points: Sequence[MoodPoint],
               text: QColor) -> None:
    """Grid lines at 0, 5, 10; a stem and two dots per session; a line through 'after'.

    The widget and the export's PDF page both paint with this (no widget needed).
    """
    if not points:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    area = QRectF(bounds.left() + _MOOD_LEFT, bounds.top() + _MOOD_TOP,
                  bounds.width() - _MOOD_LEFT - _MOOD_RIGHT,
                  bounds.height() - _MOOD_TOP - _MOOD_BOTTOM)
    places = mood_places(points, max(1, int(area.width() / _MIN_SLOT)))
    slot = min(_MAX_SLOT, area.width() / max(1, len(places)))
    size = min(1.0, slot / _FULL_SLOT)  # small dots where places are close
    _grid(painter, bounds.left(), area, _faded(text, 60), _faded(text, 140))

    def x_of(index: int) -> float:
        return area.left() + slot * (index + 0.5)

    def y_of(mood: float) -> float:
        return area.bottom() - area.height() * mood / 10.0

    line = QPainterPath()
    for index, place in enumerate(places):
        if place.after is not None:
            target = QPointF(x_of(index), y_of(place.after))
            if line.elementCount():
                line.lineTo(target)
            else:
                line.moveTo(target)
    painter.setPen(QPen(_faded(text, 110), 1.5))
    painter.drawPath(line)
    labelled = -_LABEL_GAP
    for index, place in enumerate(places):
        x = x_of(index)
        if place.before is not None and place.after is not None:
            painter.setPen(QPen(_faded(text, 90), 2 * size))
            painter.drawLine(QPointF(x, y_of(place.before)), QPointF(x, y_of(place.after)))
        if place.before is not None:
            painter.setPen(QPen(_faded(text, 170), 1.5 * max(size, 0.5)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y_of(place.before)), 4.5 * size, 4.5 * size)
        if place.after is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text)
            painter.drawEllipse(QPointF(x, y_of(place.after)), 5.5 * size, 5.5 * size)
        # Numbers are spaced so they never overlap; the latest is always named.
        if x - labelled >= _LABEL_GAP and (x_of(len(places) - 1) - x >= _LABEL_GAP
                                           or index == len(places) - 1):
            labelled = x
            painter.setPen(_faded(text, 150))
            width = max(slot, _LABEL_GAP)
            painter.drawText(QRectF(x - width / 2, area.bottom() + 6, width, 18),
                             Qt.AlignmentFlag.AlignCenter, place.label)
    painter.restore()


def _grid(painter: QPainter, left: float, area: QRectF, line: QColor, label: QColor) -> None:
    for mood in (0, 5, 10):
        y = area.bottom() - area.height() * mood / 10.0
        painter.setPen(QPen(line, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(label)
        painter.drawText(QRectF(left, y - 9, _MOOD_LEFT - 8, 18),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         str(mood))


def paint_scores(painter: QPainter, area: QRectF, checkins: Sequence[CheckIn],
                 ink: QColor) -> None:
    """Draw the grid, both lines and their legend inside ``area`` in shades of ``ink``."""
    from ketacompanion.core.checkins import day_text
    from ketacompanion.core.measures import Measure

    plot = QRectF(area.left() + _SCORES_LEFT, area.top() + _SCORES_TOP,
                  area.width() - _SCORES_LEFT - _SCORES_RIGHT,
                  area.height() - _SCORES_TOP - _SCORES_BOTTOM)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for score in (0, 9, 18, 27):
        y = plot.bottom() - plot.height() * score / TOP_SCORE
        painter.setPen(QPen(_faded(ink, 60), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(_faded(ink, 150))
        painter.drawText(QRectF(area.left(), y - 9, _SCORES_LEFT - 8, 18),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(score))
    ordered = sorted(checkins, key=lambda c: c.taken_at)
    if ordered:
        first, last = ordered[0].taken_at, ordered[-1].taken_at
        span = max(1.0, (last - first).total_seconds())
        inset = 18.0 if len({c.taken_at.date() for c in ordered}) > 1 else plot.width() / 2

        def x_of(checkin: CheckIn) -> float:
            share = (checkin.taken_at - first).total_seconds() / span
            return plot.left() + inset + (plot.width() - 2 * inset) * share

        def y_of(checkin: CheckIn) -> float:
            return plot.bottom() - plot.height() * checkin.total / TOP_SCORE

        for measure in (Measure.GAD7, Measure.PHQ9):
            mine = [c for c in ordered if c.measure is measure]
            if not mine:
                continue
            style = Qt.PenStyle.SolidLine if measure is Measure.PHQ9 else Qt.PenStyle.DashLine
            line = QPainterPath()
            points = [QPointF(x_of(c), y_of(c)) for c in mine]
            for start, end in zip(points, points[1:], strict=False):
                _segment(line, start, end)
            painter.setPen(QPen(_faded(ink, 150), 2, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(line)
            for checkin in mine:
                _mark(painter, measure, QPointF(x_of(checkin), y_of(checkin)), ink)
        painter.setPen(_faded(ink, 150))
        days: list[float] = []
        for checkin in ordered:  # each day once, and only where there is room for it
            x = x_of(checkin)
            if days and x - days[-1] < 70:
                continue
            days.append(x)
            painter.drawText(QRectF(x - 40, plot.bottom() + 6, 80, 18),
                             Qt.AlignmentFlag.AlignCenter, day_text(checkin.taken_at))
    legend_y = area.top() + 10
    right = plot.right()
    for measure, label in ((Measure.GAD7, "GAD-7"), (Measure.PHQ9, "PHQ-9")):
        width = painter.fontMetrics().horizontalAdvance(label) + 8
        right -= width
        painter.setPen(_faded(ink, 200))
        painter.drawText(QRectF(right, legend_y - 9, width, 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        _mark(painter, measure, QPointF(right - 10, legend_y), ink)
        right -= 34
    painter.restore()


def _segment(path: QPainterPath, start: QPointF, end: QPointF, gap: float = 8.0) -> None:
    """A line from ``start`` to ``end`` that stops short of both marks (hollow stays hollow)."""
    dx, dy = end.x() - start.x(), end.y() - start.y()
    length = (dx * dx + dy * dy) ** 0.5
    if length <= 2 * gap:
        return
    ux, uy = dx / length, dy / length
    path.moveTo(QPointF(start.x() + ux * gap, start.y() + uy * gap))
    path.lineTo(QPointF(end.x() - ux * gap, end.y() - uy * gap))


def _mark(painter: QPainter, measure: Measure, at: QPointF, ink: QColor) -> None:
    from ketacompanion.core.measures import Measure

    if measure is Measure.PHQ9:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawEllipse(at, 5.5, 5.5)
    else:
        painter.setPen(QPen(ink, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(at.x() - 5, at.y() - 5, 10, 10))


def _faded(colour: QColor, alpha: int) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded
