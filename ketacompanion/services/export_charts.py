"""The export's charts, painted as vectors onto the PDF under the course section.

Both are the same paintings the Journal's charts use, done through the PDF's painter
(so they stay lines and text, not pixels, and need no widget: the command-line
export has only a QGuiApplication). Black ink on paper, whatever the screen's theme.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from ketacompanion.core.checkins import CheckIn
from ketacompanion.core.series import MoodPoint
from ketacompanion.services.chart_painting import paint_mood, paint_scores

CHART_HEIGHT = 170.0  # each chart, in the document's 96-dpi units
GAP = 14.0
TITLE = 20.0  # the mood chart's one line saying what it shows
MOOD_TITLE = "Mood before (hollow) and after (filled) each session, 0-10"
INK = QColor("#22262c")


def charts_height(points: Sequence[MoodPoint], checkins: Sequence[CheckIn]) -> float:
    """Room the charts take (nothing when there is nothing to draw)."""
    count = int(bool(points)) + int(bool(checkins))
    return count * CHART_HEIGHT + max(0, count - 1) * GAP + (TITLE if points else 0.0)


def charts_svg(points: Sequence[MoodPoint], checkins: Sequence[CheckIn],
               width: float = 720.0) -> bytes:
    """The charts as an SVG file's bytes (for the Markdown export: it opens anywhere)."""
    from PySide6.QtCore import QBuffer, QIODevice, QSize
    from PySide6.QtSvg import QSvgGenerator

    height = charts_height(points, checkins)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(int(width), int(height)))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle("Check-in scores and mood over the course")
    painter = QPainter(generator)
    paint_charts(painter, QRectF(0, 0, width, height), points, checkins)
    painter.end()
    return bytes(buffer.data().data())


def paint_charts(painter: QPainter, area: QRectF, points: Sequence[MoodPoint],
                 checkins: Sequence[CheckIn]) -> None:
    """Scores over time, then mood per session, one under the other inside ``area``."""
    top = area.top()
    # In pixels of the document's units: a point size would be taken at the PDF's 300 dpi
    # and then scaled up again (as export_pdf's page numbers say).
    font = QFont("DejaVu Sans")
    font.setPixelSize(12)
    painter.save()
    painter.setFont(font)
    if checkins:
        paint_scores(painter, QRectF(area.left(), top, area.width(), CHART_HEIGHT), checkins,
                     INK)
        top += CHART_HEIGHT + GAP
    if points:
        painter.setPen(INK)
        painter.drawText(QRectF(area.left() + 34, top, area.width() - 34, TITLE),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         MOOD_TITLE)
        top += TITLE
        paint_mood(painter, QRectF(area.left(), top, area.width(), CHART_HEIGHT), points, INK)
    painter.restore()
