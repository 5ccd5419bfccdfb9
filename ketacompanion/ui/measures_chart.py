"""PHQ-9 and GAD-7 totals over time: two quiet lines on one calm chart.

Dates run left to right in proportion to the time between check-ins; totals run
from 0 at the bottom to 27 (the PHQ-9's highest) at the top. The two questionnaires
differ by shape and line, not only by colour (filled dots and a solid line for the
PHQ-9, hollow squares and a dashed line for the GAD-7), so the chart reads in both
themes, printed in black, and with half-open eyes. The same painting
(services/chart_painting.py) draws the widget and the export's vector PDF page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketacompanion.core.checkins import CheckIn, day_text
from ketacompanion.services.chart_painting import paint_scores
from ketacompanion.ui.cached_chart import CachedChart


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
