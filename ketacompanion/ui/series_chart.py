"""A small, quiet chart of mood before and after each session of the series.

Each session is a thin stem from a hollow dot (mood before) to a filled dot
(mood after); the "after" dots are joined by a soft line so the direction of
the series shows at a glance. Colours come from the widget's palette (set by
the theme), so nothing in it is bright.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketacompanion.core.series import MoodPoint

_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 16, 12, 26
_MAX_SLOT = 64.0  # px between sessions: a short series stays compact, not stretched


class SeriesChart(QWidget):
    """Mood (0-10) per session number; hidden by its owner when there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seriesChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(150)
        self._points: list[MoodPoint] = []

    @property
    def points(self) -> list[MoodPoint]:
        """What is drawn, oldest session first."""
        return list(self._points)

    def set_points(self, points: Sequence[MoodPoint]) -> None:
        """Draw ``points`` (oldest first) and describe them for screen readers."""
        self._points = list(points)
        self.setAccessibleName("Mood over the series")
        self.setAccessibleDescription("; ".join(
            f"session {p.number}: {_mood(p.before)} before, {_mood(p.after)} after"
            for p in self._points))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide and short."""
        return QSize(600, 150)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Paint with the theme's text colour."""
        if not self._points:
            return
        painter = QPainter(self)
        paint_mood(painter, QRectF(self.rect()), self._points,
                   self.palette().color(QPalette.ColorRole.WindowText))
        painter.end()


def paint_mood(painter: QPainter, bounds: QRectF, points: Sequence[MoodPoint],
               text: QColor) -> None:
    """Grid lines at 0, 5, 10; a stem and two dots per session; a line through 'after'.

    The widget and the export's PDF page both paint with this (no widget needed).
    """
    if not points:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    area = QRectF(bounds.left() + _LEFT, bounds.top() + _TOP,
                  bounds.width() - _LEFT - _RIGHT, bounds.height() - _TOP - _BOTTOM)
    slot = min(_MAX_SLOT, area.width() / max(1, len(points)))
    _grid(painter, bounds.left(), area, _faded(text, 60), _faded(text, 140))

    def x_of(index: int) -> float:
        return area.left() + slot * (index + 0.5)

    def y_of(mood: int) -> float:
        return area.bottom() - area.height() * mood / 10.0

    line = QPainterPath()
    for index, point in enumerate(points):
        if point.after is not None:
            target = QPointF(x_of(index), y_of(point.after))
            if line.elementCount():
                line.lineTo(target)
            else:
                line.moveTo(target)
    painter.setPen(QPen(_faded(text, 110), 1.5))
    painter.drawPath(line)
    for index, point in enumerate(points):
        x = x_of(index)
        if point.before is not None and point.after is not None:
            painter.setPen(QPen(_faded(text, 90), 2))
            painter.drawLine(QPointF(x, y_of(point.before)), QPointF(x, y_of(point.after)))
        if point.before is not None:
            painter.setPen(QPen(_faded(text, 170), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y_of(point.before)), 4.5, 4.5)
        if point.after is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text)
            painter.drawEllipse(QPointF(x, y_of(point.after)), 5.5, 5.5)
        painter.setPen(_faded(text, 150))
        painter.drawText(QRectF(x - slot / 2, area.bottom() + 6, slot, 18),
                         Qt.AlignmentFlag.AlignCenter, str(point.number))
    painter.restore()


def _grid(painter: QPainter, left: float, area: QRectF, line: QColor, label: QColor) -> None:
    for mood in (0, 5, 10):
        y = area.bottom() - area.height() * mood / 10.0
        painter.setPen(QPen(line, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(label)
        painter.drawText(QRectF(left, y - 9, _LEFT - 8, 18),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         str(mood))


def _faded(colour: QColor, alpha: int) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded


def _mood(value: int | None) -> str:
    return "not given" if value is None else str(value)
