"""The fit bar's scale: "0" and the infusion's length never collide, and the length stays true.

A playlist far longer than the infusion squeezes the session's mark towards the
bar's start. The labels are read from what the timeline really draws (every
``drawText`` of a paint, measured as the painter lays the text out), for
playlists from far shorter than the infusion to far longer, at every width the bar
may have.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from ketacompanion.core.fitting import fit
from ketacompanion.core.models import FreshPiano, Playlist, SilenceItem
from ketacompanion.ui import fit_timeline
from ketacompanion.ui.fit_timeline import FitTimeline

SESSION_MIN = 45
# From much shorter than the infusion to four times its length (a 3-hour playlist).
PLAYLIST_MIN = (2, 10, 30, 44, 45, 46, 60, 90, 135, 180)
WIDTHS = (640, 800, 1024, 1280, 1600, 1920)


class _Drawn(QPainter):
    """A painter that notes each text it draws and the rectangle that text takes."""

    texts: list[tuple[str, QRectF]] = []

    def drawText(self, *args) -> None:  # QPainter's overloads
        if isinstance(args[0], QRectF):
            rect, flags, text = args[0], int(args[1]), args[2]
            _Drawn.texts.append((text, self.boundingRect(rect, flags, text)))
        super().drawText(*args)


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[str, QRectF]]:
    _Drawn.texts = []
    monkeypatch.setattr(fit_timeline, "QPainter", _Drawn)
    return _Drawn.texts


def _playlist(minutes: float, piano: bool) -> Playlist:
    """A playlist of ``minutes``; with ``piano``, fresh piano first (its phase band shows)."""
    items: list = []
    if piano:
        items.append(FreshPiano(min(minutes, SESSION_MIN) * 60.0))
    rest = minutes * 60.0 - sum(item.duration_s for item in items)
    while rest > 0:  # an item lasts at most a day
        items.append(SilenceItem(min(rest, 24 * 3600.0)))
        rest -= items[-1].duration_s
    return Playlist("p", items, SESSION_MIN)


def _paint(qtbot, drawn: list, playlist: Playlist, width: int,
           pixels: int) -> tuple[FitTimeline, float]:
    """Paint the timeline of ``playlist`` ``width`` wide; returns it and the session's x."""
    timeline = FitTimeline()
    qtbot.addWidget(timeline)
    font = QFont(timeline.font())
    font.setPixelSize(pixels)
    timeline.setFont(font)
    report = fit(playlist, SESSION_MIN, crossfade_s=0.0)
    timeline.set_plan(playlist.items, report)
    timeline.resize(width, timeline.minimumHeight())
    image = QImage(timeline.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    drawn.clear()
    timeline.render(image)
    bar_width = width - 2  # the bar's one-pixel inset on each side
    marker = 1 + report.session_s * bar_width / max(report.session_s, report.content_s)
    return timeline, marker


def _check(timeline: FitTimeline, marker: float, drawn: list, where: object) -> None:
    inside = QRectF(timeline.rect())
    for text, rect in drawn:
        assert inside.contains(rect), (where, text, rect.getRect(), inside.getRect())
    for i, (text, rect) in enumerate(drawn):
        for other, other_rect in drawn[:i]:
            assert not rect.intersects(other_rect), (where, text, other,
                                                     rect.getRect(), other_rect.getRect())
    lengths = [rect for text, rect in drawn if text == f"{SESSION_MIN} min"]
    # The infusion's length is always named, under its own mark (never drifted off it).
    assert len(lengths) == 1, (where, [text for text, _ in drawn])
    assert lengths[0].left() - 1 <= marker <= lengths[0].right() + 1, (
        where, marker, lengths[0].getRect())


@pytest.mark.parametrize("piano", [False, True], ids=["music", "fresh piano"])
@pytest.mark.parametrize("pixels", [13, 15, 20])
def test_scale_labels_never_collide_and_stay_inside(qtbot, drawn, piano, pixels):
    for minutes in PLAYLIST_MIN:
        for width in WIDTHS:
            timeline, marker = _paint(qtbot, drawn, _playlist(minutes, piano), width, pixels)
            _check(timeline, marker, drawn, (minutes, width))
            timeline.deleteLater()


@pytest.mark.parametrize("minutes", [45 * 4, 45 * 12, 45 * 60, 45 * 400])
@pytest.mark.parametrize("width", [445, 640])  # 445: the bar in the smallest window
def test_a_playlist_far_over_keeps_the_length_at_its_mark(qtbot, drawn, minutes, width):
    # 10,000 tracks can last days: the session's mark sits a few pixels from "0".
    timeline, marker = _paint(qtbot, drawn, _playlist(minutes, False), width, 15)
    _check(timeline, marker, drawn, (minutes, width))
    texts = [text for text, _ in drawn]
    if marker > 40:
        assert texts[0] == "0", texts  # room for both: the scale keeps its start
