"""Calm mode paints only what changes: a large screen is not painted and sent for nothing.

The drift used to repaint the whole screen five times a second although its colours
move by one 8-bit step every few seconds; the arc and the time repainted it all too.
"""

from __future__ import annotations

from calm_rig import OFFSCREEN_MARKS, Rig  # the rig fixture is in conftest.py
from PySide6.QtCore import QEvent, QObject, QRect, QSize, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ketacompanion.ui.calm_mode import DRIFT_FRAME_MS, CalmWindow
from ketacompanion.ui.calm_painting import drift_colour, glow_stops

pytestmark = OFFSCREEN_MARKS


class PaintLog(QObject):
    """The regions a widget is asked to paint."""

    def __init__(self, widget: CalmWindow) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False


def _calm_at(rig: Rig, width: int = 1920, height: int = 1080) -> CalmWindow:
    calm = rig.calm
    calm.showNormal()  # the offscreen screen is 800x800: full screen would be that size
    calm.resize(width, height)
    calm.layout().activate()
    for _ in range(40):
        calm._animate()  # the controls' first fade settles
    QApplication.processEvents()
    assert calm.size() == QSize(width, height)
    return calm


def _drift_timer(calm: CalmWindow) -> QTimer:
    """The drift's timer, stopped: the test steps it with the fake clock."""
    timer = next(t for t in calm.findChildren(QTimer) if t.interval() == DRIFT_FRAME_MS)
    timer.stop()
    return timer


def _screen(calm: CalmWindow) -> QImage:
    """What the window shows now: its backing store, as the display gets it."""
    QApplication.processEvents()
    return calm.screen().grabWindow(calm.winId()).toImage()


def test_the_drift_repaints_only_when_its_colours_change(rig):
    calm = _calm_at(rig)
    _drift_timer(calm).timeout.emit()  # the glow of now, whatever it was at the start
    QApplication.processEvents()
    log = PaintLog(calm)
    glow, changes = glow_stops(drift_colour(rig.clock.monotonic(), False)), 0
    for _ in range(150):  # 30 seconds of drift frames
        rig.clock.advance(DRIFT_FRAME_MS / 1000)
        _drift_timer(calm).timeout.emit()
        QApplication.processEvents()
        now = glow_stops(drift_colour(rig.clock.monotonic(), False))
        changes, glow = changes + (now != glow), now
    whole = [r for r in log.rects if r == calm.rect()]
    assert 1 <= changes < 30  # the drift does move, a step every few seconds
    # One frame per change (one more may be asked by the window itself), not 150
    # frames of the same pixels.
    assert changes <= len(whole) <= changes + 1


def test_the_arc_and_the_time_repaint_only_the_ring(rig):
    calm = _calm_at(rig)
    _drift_timer(calm)  # stopped: the drift's own frames are the test above
    calm.toggle_time()
    QApplication.processEvents()  # the button's new words are painted before we look
    log = PaintLog(calm)
    rig.advance(180, step=0.25)  # the arc grows; the minutes change three times
    # (The controls may fade out meanwhile, on the real clock: they repaint their own
    # strip at the bottom, which holds no centre.)
    ring = [r for r in log.rects if r.contains(calm.rect().center())]
    assert ring, "the arc and the time were not repainted"
    assert calm.rect() not in log.rects  # the whole screen, never
    for rect in ring:
        assert rect.width() * rect.height() < calm.width() * calm.height() / 5, rect


def test_a_repainted_ring_matches_the_screen_around_it(rig):
    # The ring's square is painted with the glow the rest of the screen shows,
    # so no edge can appear around it; and the time's old words are gone.
    calm = _calm_at(rig, 1280, 800)
    calm.toggle_time()
    for _ in range(40):  # a few drift steps and minutes, the arc and the time moving
        rig.advance(3, step=0.25)
        rig.clock.advance(0.0)
        _drift_timer(calm).timeout.emit()
    shown = _screen(calm)
    calm.repaint()  # everything painted afresh
    assert _screen(calm) == shown
    calm.toggle_time()  # hidden again: nothing of the words may stay
    shown = _screen(calm)
    calm.repaint()
    assert _screen(calm) == shown
