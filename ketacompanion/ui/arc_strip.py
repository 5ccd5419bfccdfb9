"""The arc's phases drawn as a quiet strip, and the Session page's choice of arc shape.

The phases come from :func:`ketacompanion.core.arcs.phase_spans`, the one place
that says where each phase lies, so the strip, Prepare's timeline and the composer
agree to the second. They are drawn only where they are true: the fresh piano and
beats made to follow the arc follow it; the person's own music does not, and an
infusion's real course differs from person to person, so a playlist with nothing
that follows the arc shows no phases at all rather than a course it will not follow.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.arcs import ARCS, DEFAULT_ARC, PhaseSpan, phase_spans
from ketacompanion.core.fresh_piano import follows_arc
from ketacompanion.core.models import Playlist
from ketacompanion.core.timeline import slots

# The still middle reads deepest; the way in and out lighter (a shape, not a graph).
_DEPTH = (0.30, 0.45, 0.62, 0.45, 0.30)
_GAP = 2.0


def piano_span(playlist: Playlist | None, crossfade_s: float) -> tuple[float, float] | None:
    """Where the first sound that follows the arc plays: (start, length) in seconds.

    The composer and the beats lay the arc over the item's own length from its
    start; None when nothing in ``playlist`` follows the arc.
    """
    if playlist is None:
        return None
    for slot in slots(playlist.items, crossfade_s):
        item = playlist.items[slot.index]
        if follows_arc(item):
            return slot.start_s, item.duration_s
    if follows_arc(playlist.bed):
        return 0.0, playlist.target_minutes * 60.0  # the bed lies under the whole session
    return None


def phase_rects(spans: list[PhaseSpan], rect: QRectF, offset_s: float,
                scale: float) -> list[QRectF]:
    """Where each span lies in ``rect``: ``scale`` pixels a second from ``offset_s``."""
    return [QRectF(rect.left() + (offset_s + s.start_s) * scale, rect.top(),
                   (s.end_s - s.start_s) * scale, rect.height()) for s in spans]


def paint_phases(painter: QPainter, spans: list[PhaseSpan], rects: list[QRectF],
                 colour: QColor, text: QColor, dim: float = 1.0) -> None:
    """Soft segments, deepest in the plateau, each named when its name fits."""
    painter.save()
    metrics = painter.fontMetrics()
    for span, rect, depth in zip(spans, rects, _DEPTH, strict=True):
        fill = QColor(colour)
        fill.setAlphaF(depth * dim)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        # A hairline gap lets each phase read as its own stretch.
        inner = rect.adjusted(0, 0, -_GAP if rect.width() > 2 * _GAP else 0, 0)
        radius = min(4.0, inner.height() / 2)
        painter.drawRoundedRect(inner, radius, radius)
        if metrics.horizontalAdvance(span.label) + 6 <= inner.width():
            painter.setPen(text)
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, span.label)
    painter.restore()


class ArcStrip(QWidget):
    """The arc the fresh piano plays, drawn against the session's length (the full width).

    The piano usually fills the session exactly; one that starts later or lasts
    longer is drawn where it plays, and what lies past the session's end is not shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arcStrip")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._arc, self._minutes = DEFAULT_ARC, 45
        self._piano: tuple[float, float] | None = None  # None: the piano fills the session
        self._colour, self._text = QColor("#8fb3d9"), QColor("#e4e7ee")
        self._describe()

    def set_arc(self, arc: str, minutes: int,
                piano: tuple[float, float] | None = None) -> None:
        """Show ``arc`` in a session of ``minutes``; ``piano`` is (start, length) in seconds."""
        self._arc, self._minutes, self._piano = arc, minutes, piano
        self._describe()
        self.update()

    def spans(self) -> list[PhaseSpan]:
        """The phases shown, in the piano's own time, as the composer will play them."""
        length = self._minutes * 60.0 if self._piano is None else self._piano[1]
        return phase_spans(self._arc, length)

    def phase_rects(self) -> list[QRectF]:
        """Where each phase is drawn."""
        bar = QRectF(self.rect()).adjusted(0, 1, 0, -1)
        start = 0.0 if self._piano is None else self._piano[0]
        return phase_rects(self.spans(), bar, start, bar.width() / (self._minutes * 60.0))

    def sizeHint(self) -> QSize:
        """Wide; tall enough for the names in the page's own type."""
        return QSize(480, self.fontMetrics().height() + 14)

    def minimumSizeHint(self) -> QSize:
        """Narrow is fine: names that do not fit are left out."""
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the five phases."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(self.rect())  # past the session's end is not heard
        paint_phases(painter, self.spans(), self.phase_rects(), self._colour, self._text)

    def _describe(self) -> None:
        start = 0.0 if self._piano is None else self._piano[0]
        parts = [f"{s.label} to {round((start + s.end_s) / 60)} min" for s in self.spans()]
        self.setAccessibleName(f"{ARCS[self._arc].label} arc: " + ", ".join(parts))

    def _set_colour(self, colour: QColor) -> None:
        self._colour = QColor(colour)
        self.update()

    def _set_text(self, colour: QColor) -> None:
        self._text = QColor(colour)
        self.update()

    # Theme colours, settable from QSS as qproperty-phaseColor: #...;
    phaseColor = Property(QColor, lambda self: self._colour, _set_colour)
    textColor = Property(QColor, lambda self: self._text, _set_text)


class ArcChoice(QWidget):
    """A few arc shapes as calm buttons, and the chosen one drawn for the session length.

    Signals:
        arc_chosen(str): The person chose another shape (a key of ``ARCS``).
    """

    arc_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arcChoice")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(8)
        self._buttons = QButtonGroup(self)
        for index, arc in enumerate(ARCS.values()):
            button = QPushButton(arc.label, objectName="presetButton", checkable=True)
            button.setAccessibleName(f"{arc.label} arc for the music that follows it")
            self._buttons.addButton(button, index)
            row.addWidget(button)
        row.addStretch(1)
        self._buttons.idClicked.connect(self._clicked)
        column.addLayout(row)
        self.strip = ArcStrip(self)
        column.addWidget(self.strip)
        self._minutes = 45
        self._piano: tuple[float, float] | None = None
        self.show_arc(DEFAULT_ARC)

    @property
    def arc(self) -> str:
        """The shape chosen."""
        return list(ARCS)[self._buttons.checkedId()]

    def show_arc(self, arc: str, minutes: int | None = None,
                 piano: tuple[float, float] | None = None) -> None:
        """Show ``arc`` as chosen, in a session of ``minutes`` (see :meth:`ArcStrip.set_arc`)."""
        self._minutes = self._minutes if minutes is None else minutes
        self._piano = piano
        self._buttons.button(list(ARCS).index(arc)).setChecked(True)
        self.strip.set_arc(arc, self._minutes, piano)

    def _clicked(self, index: int) -> None:
        arc = list(ARCS)[index]
        self.strip.set_arc(arc, self._minutes, self._piano)
        self.arc_chosen.emit(arc)
