"""A chart widget that paints from a cached picture.

Drawing thousands of dots on every repaint (a scroll, a tooltip, the window
moving) made the Journal stutter; the picture is drawn once into a pixmap and
drawn again only when its data, size, pixel ratio or theme colour change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget


class CachedChart(QWidget):
    """Subclasses paint in :meth:`render_chart` and call :meth:`invalidate` on new data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture: QPixmap | None = None
        self._key: tuple[object, ...] = ()
        self.renders = 0  # how many times the picture was drawn (tests count them)

    def invalidate(self) -> None:
        """The data changed: draw the picture again at the next paint."""
        self._picture = None
        self.update()

    def render_chart(self, painter: QPainter, bounds: QRectF, text: QColor) -> None:
        """Draw the chart into ``bounds`` with the theme's text colour."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        """A new theme or style: the colours change, so does the picture."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._picture = None
        super().changeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Copy the cached picture; draw it first if anything it shows has changed."""
        text = self.palette().color(QPalette.ColorRole.WindowText)
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, text.rgba())
        if self._picture is None or key != self._key:
            picture = QPixmap(max(1, round(self.width() * ratio)),
                              max(1, round(self.height() * ratio)))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            self.render_chart(painter, QRectF(0, 0, self.width(), self.height()), text)
            painter.end()
            self._picture, self._key = picture, key
            self.renders += 1
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()
