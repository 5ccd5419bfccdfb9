"""A small, quiet chart of mood before and after each session of the series.

Each session is a thin stem from a hollow dot (mood before) to a filled dot
(mood after); the "after" dots are joined by a soft line so the direction of
the series shows at a glance. Colours come from the widget's palette (set by
the theme), so nothing in it is bright.

The widget paints from a cached picture (see cached_chart). When there are more
sessions than fit the width, neighbouring sessions share one place on it, drawn
at their average mood: a long series stays readable and costs the same to draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketacompanion.core.series import MoodPoint
from ketacompanion.ui.cached_chart import CachedChart

_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 16, 12, 26
_MAX_SLOT = 64.0  # px between sessions: a short series stays compact, not stretched
_MIN_SLOT = 6.0  # px: closer than this, neighbouring sessions share one place
_FULL_SLOT = 14.0  # px: below this the dots shrink so they do not overlap
_LABEL_GAP = 40.0  # px between two session numbers under the axis
_DESCRIBED = 60  # sessions told one by one to a screen reader; more are summed up


class SeriesChart(CachedChart):
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
        """Draw ``points`` (oldest first) and describe them for screen readers.

        The same points again change nothing: the cached picture stays.
        """
        points = list(points)
        if points == self._points and self.accessibleName():
            return
        self._points = points
        self.setAccessibleName("Mood over the series")
        if len(points) <= _DESCRIBED:
            told = points
            head = ""
        else:
            told = points[-_DESCRIBED // 2:]
            head = f"{len(points)} sessions; the latest {len(told)}: "
        self.setAccessibleDescription(head + "; ".join(
            f"session {p.number}: {_mood(p.before)} before, {_mood(p.after)} after"
            for p in told))
        self.invalidate()

    def sizeHint(self) -> QSize:
        """Wide and short."""
        return QSize(600, 150)

    def render_chart(self, painter: QPainter, bounds: QRectF, text: QColor) -> None:
        """Paint the points with the theme's text colour (into the cached picture)."""
        paint_mood(painter, bounds, self._points, text)


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
    places = _fit(points, max(1, int(area.width() / _MIN_SLOT)))
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


class _Place(NamedTuple):
    """One place on the axis: a session, or neighbouring sessions at their average."""

    label: str
    before: float | None
    after: float | None


def _fit(points: Sequence[MoodPoint], most: int) -> list[_Place]:
    """``points`` as at most ``most`` places, neighbours sharing one when they are too many."""
    if len(points) <= most:
        return [_Place(str(p.number), p.before, p.after) for p in points]
    places = []
    for k in range(most):
        group = points[k * len(points) // most:(k + 1) * len(points) // most]
        # Named by its first session, the last place by its last: the axis runs 1 … latest.
        named = group[-1] if k == most - 1 else group[0]
        places.append(_Place(str(named.number), _mean([p.before for p in group]),
                             _mean([p.after for p in group])))
    return places


def _mean(values: list[int | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if given else None


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
