"""What calm mode draws: the drifting background, the progress arc, the hold fill and rings.

Plain functions on a QPainter, so calm mode only decides *what* to show and when.
Every colour is dim and every alpha low on purpose: nothing here may flash.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QPixmap,
    QRadialGradient,
)

DRIFT_PERIOD_S = 300.0  # one slow breath of colour every five minutes
RING_SIZE = 0.22  # radius of the progress ring, of the window's shorter side
FILL_OFFSET = 18.0  # the hold fill runs this far outside the ring
FILL_PEN = 10.0
FILL_REACH = FILL_OFFSET + FILL_PEN / 2  # how far outside the ring the fill's stroke reaches
CLEARANCE = 12.0  # between the fill and the controls below it or the words above it
HOLD_HINT = "Keep holding to end the session"
HOLD_HINT_SIZE = 18


def drift_colour(seconds: float, still: bool) -> QColor:
    """The background colour at ``seconds``: deep blue drifting towards violet and teal."""
    phase = 0.0 if still else math.sin(2 * math.pi * seconds / DRIFT_PERIOD_S)
    return QColor.fromHsvF((228 + 28 * phase) / 360.0, 0.55, 0.10)


def format_remaining(seconds: float) -> str:
    """Time left, said to be left: "36 min" over "left" (m:ss in the last minute).

    "36 min" alone read as time gone as easily as time left. Two lines, because
    "36 min left" on one is wider than the ring on a 1024x600 screen.
    """
    if seconds < 60:
        amount = f"0:{int(seconds):02d}"
    else:
        amount = f"{math.ceil(seconds / 60)} min"
    return f"{amount}\nleft"


def ring_radius(rect: QRectF, floor: float | None = None) -> float:
    """Radius of the progress ring, centred in a window of ``rect``.

    Args:
        rect: The window.
        floor: The top of the controls: on a short screen the ring shrinks a little
            so that it and its hold fill end above them.
    """
    radius = min(rect.width(), rect.height()) * RING_SIZE
    if floor is not None:
        room = floor - rect.center().y() - FILL_REACH - CLEARANCE
        radius = max(radius * 0.5, min(radius, room))
    return radius


def fill_rect(centre: QPointF, radius: float) -> QRectF:
    """The square the hold fill's stroke covers around a ring of ``radius``."""
    reach = radius + FILL_REACH
    return QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)


def fill_top(centre: QPointF, radius: float) -> float:
    """The lowest line words above the ring may reach: clear of the hold fill."""
    return centre.y() - radius - FILL_REACH - CLEARANCE


def hint_rect(font: QFont, rect: QRectF, centre: QPointF, radius: float) -> QRectF:
    """Where "Keep holding to end the session" goes: centred just above the hold fill.

    Above, not below: below the ring the controls rise from the bottom edge, and on
    a short screen there is no room between them and the fill.
    """
    bottom = fill_top(centre, radius)
    height = QFontMetricsF(sized(font, HOLD_HINT_SIZE)).height()
    area = QRectF(rect.left(), bottom - height, rect.width(), height)
    return QFontMetricsF(sized(font, HOLD_HINT_SIZE)).boundingRect(
        area, int(Qt.AlignmentFlag.AlignCenter), HOLD_HINT)


def glow_stops(base: QColor) -> tuple[int, int]:
    """The glow's centre and edge colours for ``base``, as the screen's 8-bit RGB values.

    The picture depends on these alone, so while they stay the same a new frame of
    the drift would be the same pixels: calm mode repaints only when they change.
    """
    return base.lighter(150).rgb(), base.darker(160).rgb()


def paint_background(painter: QPainter, rect: QRectF, stops: tuple[int, int]) -> None:
    """A soft glow from the centre to the edge colour of ``stops`` (see :func:`glow_stops`)."""
    centre, edge = stops
    glow = QRadialGradient(rect.center(), max(rect.width(), rect.height()) * 0.6)
    glow.setColorAt(0.0, QColor.fromRgb(centre))
    glow.setColorAt(1.0, QColor.fromRgb(edge))
    painter.fillRect(rect, glow)


class Backdrop:
    """The glow painted once into a picture, until its colours or the window's size change.

    A repaint of the ring's square copies its part of the picture: drawing the
    gradient again for a part of the screen can round a colour step differently
    at its edges, and a square edge must never show on the dark screen.
    """

    def __init__(self) -> None:
        self._picture: QPixmap | None = None
        self._key: tuple[object, ...] = ()

    def paint(self, painter: QPainter, size: QSize, ratio: float,
              stops: tuple[int, int]) -> None:
        """Draw the glow of ``stops`` over a window of ``size`` (the painter's clip applies)."""
        key = (size.width(), size.height(), ratio, stops)
        if self._picture is None or key[:3] != self._key[:3]:  # a new size: a new picture
            self._picture = QPixmap(max(1, round(size.width() * ratio)),
                                    max(1, round(size.height() * ratio)))
            self._picture.setDevicePixelRatio(ratio)
            self._key = ()
        if key != self._key:  # new colours: painted over in the same picture, no new memory
            with_picture = QPainter(self._picture)
            paint_background(with_picture, QRectF(0, 0, size.width(), size.height()), stops)
            with_picture.end()
            self._key = key
        painter.drawPixmap(0, 0, self._picture)


def paint_progress(painter: QPainter, arc_rect: QRectF, fraction: float) -> None:
    """The faint full ring and, over it, the arc of the session so far."""
    painter.setPen(QPen(QColor(200, 210, 255, 16), 3))
    painter.drawEllipse(arc_rect)
    painter.setPen(_round_pen(QColor(190, 200, 250, 64), 4))
    painter.drawArc(arc_rect, 90 * 16, -round(fraction * 360 * 16))


def paint_hold_fill(painter: QPainter, arc_rect: QRectF, fill: float, alpha: int = 150) -> None:
    """The warm arc that fills around the ring while Esc or Hold to end is held."""
    painter.setPen(_round_pen(QColor(240, 200, 160, alpha), FILL_PEN))
    outer = arc_rect.adjusted(-FILL_OFFSET, -FILL_OFFSET, FILL_OFFSET, FILL_OFFSET)
    painter.drawArc(outer, 90 * 16, -round(fill * 5760))


def paint_marker_ring(painter: QPainter, centre: QPointF, radius: float, age: float) -> None:
    """The barely visible ring of a marker, ``age`` 0..1 through its life."""
    if not 0 <= age <= 1:
        return
    alpha = round(36 * math.sin(math.pi * age))  # barely there, in and out
    painter.setPen(QPen(QColor(220, 225, 255, alpha), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius * (1.08 + 0.06 * age), radius * (1.08 + 0.06 * age))


def paint_text(painter: QPainter, font: QFont, rect: QRectF, text: str, size: int, alpha: int,
               align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
    """Soft text of point ``size``; anything but centred text hangs from the top."""
    painter.setFont(sized(font, size))
    painter.setPen(QColor(215, 220, 240, alpha))
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop
                               if align != Qt.AlignmentFlag.AlignCenter else align), text)


def sized(font: QFont, size: int) -> QFont:
    """``font`` at point ``size``."""
    font = QFont(font)
    font.setPointSize(size)
    return font


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen
