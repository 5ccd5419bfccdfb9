"""A small, quiet chart of mood before and after each session of the series.

Each session is a thin stem from a hollow dot (mood before) to a filled dot
(mood after); the "after" dots are joined by a soft line so the direction of
the series shows at a glance. Colours come from the widget's palette (set by
the theme), so nothing in it is bright.

The widget paints from a cached picture (see cached_chart) with the painting the
export uses too (services/chart_painting.py). When there are more sessions than fit
the width, neighbouring sessions share one place on it, drawn at their average mood:
a long series stays readable and costs the same to draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketacompanion.core.series import MoodPoint, MoodSeries
from ketacompanion.services.chart_painting import paint_mood
from ketacompanion.ui.cached_chart import CachedChart

_DESCRIBED = 60  # sessions told one by one to a screen reader; more are summed up


class SeriesChart(CachedChart):
    """Mood (0-10) per session number; hidden by its owner when there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seriesChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(150)
        self._points: Sequence[MoodPoint] = []

    @property
    def points(self) -> list[MoodPoint]:
        """What is drawn, oldest session first."""
        return list(self._points)

    def set_points(self, points: Sequence[MoodPoint]) -> None:
        """Draw ``points`` (oldest first) and describe them for screen readers.

        The same points again change nothing: the cached picture stays.
        """
        points = points if isinstance(points, MoodSeries) else list(points)  # kept compact
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


def _mood(value: int | None) -> str:
    return "not given" if value is None else str(value)
