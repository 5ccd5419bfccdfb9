"""PHQ-9 and GAD-7 totals over time: two quiet lines on one calm chart.

Dates run left to right in proportion to the time between check-ins; totals run
from 0 at the bottom to 27 (the PHQ-9's highest) at the top. The two questionnaires
differ by shape and line, not only by colour (filled dots and a solid line for the
PHQ-9, hollow squares and a dashed line for the GAD-7), so the chart reads in both
themes, printed in black, and with half-open eyes. The same painting draws the widget
and the export's vector PDF page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketacompanion.core.checkins import CheckIn, day_text
from ketacompanion.core.measures import Measure
from ketacompanion.ui.cached_chart import CachedChart

TOP_SCORE = 27
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 24, 30, 28


def paint_scores(painter: QPainter, area: QRectF, checkins: Sequence[CheckIn],
                 ink: QColor) -> None:
    """Draw the grid, both lines and their legend inside ``area`` in shades of ``ink``."""
    plot = QRectF(area.left() + _LEFT, area.top() + _TOP,
                  area.width() - _LEFT - _RIGHT, area.height() - _TOP - _BOTTOM)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for score in (0, 9, 18, 27):
        y = plot.bottom() - plot.height() * score / TOP_SCORE
        painter.setPen(QPen(_faded(ink, 60), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(_faded(ink, 150))
        painter.drawText(QRectF(area.left(), y - 9, _LEFT - 8, 18),
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


class MeasuresChart(CachedChart):
    """The check-ins' totals over time; hidden by its owner when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("measuresChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(170)
        self._checkins: list[CheckIn] = []

    @property
    def checkins(self) -> list[CheckIn]:
        """What is drawn."""
        return list(self._checkins)

    def set_checkins(self, checkins: Sequence[CheckIn]) -> None:
        """Draw ``checkins`` and describe them for screen readers."""
        self._checkins = sorted(checkins, key=lambda c: c.taken_at)
        self.setAccessibleName("Check-in scores over time")
        self.setAccessibleDescription("; ".join(
            f"{c.measure} {c.total} on {day_text(c.taken_at)}" for c in self._checkins))
        self.invalidate()

    def sizeHint(self) -> QSize:
        """Wide and short."""
        return QSize(600, 170)

    def render_chart(self, painter: QPainter, bounds: QRectF, text: QColor) -> None:
        """Paint the scores with the theme's text colour (into the cached picture)."""
        paint_scores(painter, bounds, self._checkins, text)
