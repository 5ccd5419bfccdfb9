"""The playlist drawn against the session length, and the sentence that says what will happen."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence

from PySide6.QtCore import Property, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketacompanion.core.arcs import DEFAULT_ARC, PhaseSpan, phase_spans
from ketacompanion.core.fitting import FitReport
from ketacompanion.core.fresh_piano import follows_arc
from ketacompanion.core.models import EndBehaviour, PlaylistItem
from ketacompanion.core.timeline import Slot, lay_out
from ketacompanion.ui.arc_strip import paint_phases, phase_rects

_BAR_HEIGHT = 14
_LABEL_SPACE = 17
_BAND_GAP = 4
_LABEL_GAP = 12  # the least room between "0" and the length, so each reads alone


def _getter(key: str) -> Callable[[FitTimeline], QColor]:
    """The getter of the theme colour ``key`` (a Qt property)."""
    return lambda self: self._colours[key]


def _setter(key: str) -> Callable[[FitTimeline, QColor], None]:
    """The setter of the theme colour ``key``: kept, and the timeline repainted."""
    def set_colour(self: FitTimeline, colour: QColor) -> None:
        self._colours[key] = QColor(colour)
        self.update()

    return set_colour


class FitTimeline(QWidget):
    """A soft bar: items in order (kind by colour), the session end as a line, the fill after.

    Whatever lies beyond the session end is drawn faint: it will not be heard. Under
    fresh piano and beats that follow the arc, a quiet band names its phases
    (``arc_source`` says which arc: the person's choice); other sounds get none.
    Colours come from the theme (``qproperty-musicColor`` and friends in the QSS).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitTimeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(_BAR_HEIGHT + _LABEL_SPACE + 4)
        self.setAccessibleName("Timeline of the playlist against the session length")
        self._items: list[PlaylistItem] = []
        self._report: FitReport | None = None
        self.arc_source: Callable[[], str] = lambda: DEFAULT_ARC
        self._slots: Sequence[Slot] | None = None  # the timeline of the plan shown
        self._band_shown = False  # any item follows the arc: asked once per plan, not per paint
        self._drawn: tuple[float, list[tuple[float, float, str, bool]]] | None = None
        self._colours = {
            "music": QColor("#5b7fa3"), "binaural": QColor("#6f8f7a"),
            "silence": QColor("#3a4050"), "track": QColor("#232835"),
            "marker": QColor("#c9cfdb"), "text": QColor("#8d95a5"),
            "phase": QColor("#8fb3d9"),
        }

    def set_plan(self, items: list[PlaylistItem], report: FitReport) -> None:
        """Show ``items`` against the session ``report`` describes."""
        self._items = list(items)
        self._report = report
        self._slots = None
        self._drawn = None
        self._band_shown = any(follows_arc(item) for item in self._items)
        self.setAccessibleDescription(f"{len(items)} items")
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Wide and short."""
        return QSize(480, self._height())

    def phases(self) -> list[tuple[list[PhaseSpan], list[QRectF]]]:
        """Each fresh piano item's phases and where they are drawn (none: no band)."""
        report = self._report
        if report is None or report.session_s <= 0 or not self._band_shown:
            return []  # nothing follows the arc: no need to walk 10,000 slots at each paint
        band = self._band()
        scale = band.width() / max(report.session_s, report.content_s)
        arc = self.arc_source()
        drawn = []
        for slot in self._timeline(report):
            item = self._items[slot.index]
            if follows_arc(item):
                # The composer and the beats lay the arc over the item's own length.
                spans = phase_spans(arc, item.duration_s)
                drawn.append((spans, phase_rects(spans, band, slot.start_s, scale)))
        return drawn

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bar, the fill and the session end."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(1, 1, self.width() - 2, _BAR_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colours["track"])
        painter.drawRoundedRect(bar, 6, 6)
        report = self._report
        if report is None or report.session_s <= 0:
            return
        span = max(report.session_s, report.content_s)
        scale = bar.width() / span
        painter.save()
        painter.setClipRect(bar)
        # The one timeline the fit and the player use: blends overlap neighbours.
        if self._drawn is None or self._drawn[0] != bar.width():
            # Merged once per plan and width: a repaint (a hover, a scroll) redraws a few
            # hundred rectangles without walking 10,000 slots again.
            self._drawn = (bar.width(), list(_merged(self._segments(self._timeline(report),
                                                                    report, scale))))
        for x, width, kind, faint in self._drawn[1]:
            self._segment(painter, bar, x, width, kind, faint)
        if report.fill is not None and report.gap_s > 0:
            kind = {EndBehaviour.REPEAT: "music", EndBehaviour.BED: "binaural"}.get(
                report.fill, "silence"
            )
            start = report.content_s * scale
            self._segment(painter, bar, start, report.gap_s * scale, kind, True)
        painter.restore()
        painter.save()
        painter.setClipRect(self._band())
        for spans, rects in self.phases():
            paint_phases(painter, spans, rects, self._colours["phase"], self._colours["text"],
                         dim=0.6)
        painter.restore()
        marker_x = self._marker_x(report)
        painter.setPen(self._colours["marker"])
        painter.drawLine(int(marker_x), 0, int(marker_x), _BAR_HEIGHT + 4)
        painter.setPen(self._colours["text"])
        for rect, text in self.scale_labels():
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def scale_labels(self) -> list[tuple[QRectF, str]]:
        """Where the scale's words are drawn: "0" at the start, the infusion's length at its mark.

        The length sits centred under the session's end, or as near it as the widget
        allows, always over its mark. A playlist far longer than the infusion pushes
        that mark towards the start: "0" then gives way (the bar's start says it).
        """
        report = self._report
        if report is None or report.session_s <= 0:
            return []
        metrics = QFontMetricsF(self.font())  # fractions: the text's exact room
        width = float(self.width())
        top = _BAR_HEIGHT + 3 + self._band_space()
        height = metrics.height()
        text = f"{round(report.session_s / 60)} min"
        size = metrics.horizontalAdvance(text)
        left = max(0.0, min(self._marker_x(report) - size / 2, width - size))
        length = QRectF(left, top, size, height)
        start = QRectF(0, top, metrics.horizontalAdvance("0"), height)
        if start.right() + _LABEL_GAP <= length.left():
            return [(start, "0"), (length, text)]
        return [(length, text)]

    def changeEvent(self, event: QEvent) -> None:
        """A new font (the theme's, once polished) needs its own height for the scale."""
        if event.type() == QEvent.Type.FontChange:
            self.setMinimumHeight(self._height())
            self.updateGeometry()
        super().changeEvent(event)

    def _marker_x(self, report: FitReport) -> float:
        """Where the session ends on the bar (inset a pixel each side), in pixels."""
        bar = self.width() - 2.0
        return 1 + report.session_s * bar / max(report.session_s, report.content_s)

    def _timeline(self, report: FitReport) -> Sequence[Slot]:
        """The one timeline the fit was laid out with (the same layout, not another)."""
        if self._slots is None:
            self._slots = lay_out(self._items, report.crossfade_s).slots
        return self._slots

    def _band_space(self) -> float:
        """The band's height and the gap above it (0 without fresh piano)."""
        return self.fontMetrics().height() + 4 + _BAND_GAP if self._band_shown else 0.0

    def _band(self) -> QRectF:
        return QRectF(1, _BAR_HEIGHT + 1 + _BAND_GAP, self.width() - 2,
                      max(0.0, self._band_space() - _BAND_GAP))

    def _height(self) -> int:
        # The scale's words take their font's height (never clipped under the widget).
        label = max(_LABEL_SPACE, math.ceil(QFontMetricsF(self.font()).height()))
        return int(_BAR_HEIGHT + 3 + label + self._band_space() + 1)

    def _segments(self, timeline: Sequence[Slot], report: FitReport,
                  scale: float) -> Iterator[tuple[float, float, str, bool]]:
        """(x, width, kind, faint) of each item, in pixels; the part past the end is faint."""
        for slot in timeline:
            kind = self._items[slot.index].kind
            start, end = slot.start_s, slot.end_s
            yield start * scale, (end - start) * scale, kind, start >= report.session_s
            if start < report.session_s < end:
                cut = report.session_s * scale
                yield cut, end * scale - cut, kind, True

    def _segment(self, painter: QPainter, bar: QRectF, x: float, width: float, kind: str,
                 faint: bool) -> None:
        if width <= 0:
            return
        # Fresh piano is music; nature is generated sound like the beats.
        kind = kind if kind in self._colours else "music" if kind == "fresh piano" else "binaural"
        colour = QColor(self._colours[kind])
        colour.setAlphaF(0.35 if faint else 1.0)
        painter.setBrush(colour)
        # A hairline gap between items lets each one read as a piece.
        gap = 1.0 if width > 3 else 0.0
        painter.drawRect(QRectF(bar.left() + x, bar.top(), width - gap, bar.height()))

    # Theme colours, settable from QSS as qproperty-musicColor: #...; etc.
    musicColor = Property(QColor, _getter("music"), _setter("music"))
    beatsColor = Property(QColor, _getter("binaural"), _setter("binaural"))
    silenceColor = Property(QColor, _getter("silence"), _setter("silence"))
    trackColor = Property(QColor, _getter("track"), _setter("track"))
    markerColor = Property(QColor, _getter("marker"), _setter("marker"))
    labelColor = Property(QColor, _getter("text"), _setter("text"))
    phaseColor = Property(QColor, _getter("phase"), _setter("phase"))


def _merged(segments: Iterable[tuple[float, float, str, bool]]
            ) -> Iterator[tuple[float, float, str, bool]]:
    """Neighbours too narrow for their hairline gap, of one kind and shade, drawn as one.

    Each is drawn without a gap anyway, so the bar looks the same; a playlist of
    10,000 short pieces is then a few hundred rectangles, not 10,000 per repaint.
    """
    run: list[float] | None = None  # x, end, for the pending narrow run
    run_kind: tuple[str, bool] | None = None
    for x, width, kind, faint in segments:
        if width <= 3 and run is not None and run_kind == (kind, faint) and x <= run[1] + 1:
            run[1] = max(run[1], x + width)
            continue
        if run is not None and run_kind is not None:
            yield run[0], run[1] - run[0], *run_kind
            run = None
        if width <= 3:
            run, run_kind = [x, x + width], (kind, faint)
        else:
            yield x, width, kind, faint
    if run is not None and run_kind is not None:
        yield run[0], run[1] - run[0], *run_kind
