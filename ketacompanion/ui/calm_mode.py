"""Calm mode: the full-screen, dark, quiet view of a running session.

A very slow colour drift (or none, "still"), a soft progress arc, time remaining
only on request. The cursor hides after a few seconds; moving the mouse fades in
a few large controls (``calm_controls``), which fade out again. No single key or
click ends the session: Esc or Hold to end must be held for two seconds, with a
visible fill (``hold_gesture`` tells a held key from X11's auto-repeat), and
"Ending gently…" then fades in at once while the ring stands still. Space (or a
click, if allowed) drops a marker with a barely visible ring; Up/Down, P and T
do what Softer/Louder, Pause music and Show time do. Recovery then fades in over
the window, where Return is "I'm ready" and the cursor never hides. Keys are not
grabbed, so Alt-Tab works; closing the window is refused while the session runs.
Repaints are rare on purpose: the drift is slower than one 8-bit colour step per
frame, so it is looked at 5 times a second and the window is repainted only when
the glow's colours really change (about every five seconds); between those, only
the ring's square is repainted, when the arc grows a step or the time's words
change (once a minute). What is drawn lives in ``calm_painting``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ketacompanion.core.session_clock import Clock
from ketacompanion.core.session_flow import Phase
from ketacompanion.services.session import SessionService
from ketacompanion.ui.calm_controls import CalmControls
from ketacompanion.ui.calm_ending import EndingNotice
from ketacompanion.ui.calm_painting import (
    FILL_REACH,
    HOLD_HINT,
    HOLD_HINT_SIZE,
    Backdrop,
    drift_colour,
    fill_rect,
    fill_top,
    format_remaining,
    glow_stops,
    hint_rect,
    paint_hold_fill,
    paint_marker_ring,
    paint_progress,
    paint_text,
    ring_radius,
    sized,
)
from ketacompanion.ui.hold_gesture import HoldGesture
from ketacompanion.ui.recovery_view import RecoveryView

DRIFT_FRAME_MS = 200
ANIMATION_FRAME_MS = 33  # <= 30 fps, only while something moves (fill, ring, fade)
IDLE_HIDE_MS = 3000
MARKER_RING_S = 1.5
VOLUME_STEP = 0.05
TIME_SIZE = 40  # point size of the time left, drawn in the ring


class CalmWindow(QWidget):
    """The full-screen session view, then recovery, until the person is ready.

    Args:
        service: The running session.
        clock: For the hold-to-end timing and the drift.
        still: No colour drift at all.
        marker_on_click: A click on the background drops a marker too.
    """

    def __init__(self, service: SessionService, clock: Clock, still: bool = False,
                 marker_on_click: bool = True, crisis: QWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("calmWindow")
        self.setWindowTitle("ketacompanion session")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._service = service
        self._clock = clock
        self._still = still
        self._marker_on_click = marker_on_click
        self._fraction = 0.0
        self._remaining = 0.0
        self.time_shown = False
        self._hold = HoldGesture()
        self._progress_seen = False
        self._ended_by_hold = False
        self._ring_since: float | None = None
        self._recovering = False
        self._glow = glow_stops(drift_colour(clock.monotonic(), still))  # what the screen shows
        self._time_text = ""  # the time's words last asked to be drawn
        self._backdrop = Backdrop()
        self.rehearsal = bool(service.plan and service.plan.is_rehearsal)

        self._controls = self._build_controls()
        self.ending = EndingNotice(self)
        self.recovery = RecoveryView(service, self.rehearsal, self, crisis)
        self.recovery.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 48)
        layout.addStretch(1)
        layout.addWidget(self._controls, 0, Qt.AlignmentFlag.AlignHCenter)

        self._drift = QTimer(self, interval=DRIFT_FRAME_MS)
        self._drift.timeout.connect(self._drift_step)
        self._anim = QTimer(self, interval=ANIMATION_FRAME_MS)
        self._anim.timeout.connect(self._animate)
        self._idle = QTimer(self, interval=IDLE_HIDE_MS, singleShot=True)
        self._idle.timeout.connect(self._go_idle)
        if not still:
            self._drift.start()
        service.progress.connect(self._on_progress)
        service.marker_added.connect(self._on_marker)
        service.phase_changed.connect(self._on_phase)
        self._go_idle()
        if service.phase is Phase.ENDING and service.ended_early:
            self._show_ending()  # resumed after a crash in the middle of an early end

    # ------------------------------------------------------------------ public
    @property
    def holding(self) -> bool:
        """True while Esc or the End control is held down."""
        return self._hold.active

    def hold_fraction(self) -> float:
        """How far the hold-to-end has filled, 0..1."""
        return self._hold.fraction(self._clock.monotonic())

    def ending_opacity(self) -> float:
        """How far "Ending gently…" has faded in, 0..1 (0: not shown)."""
        return self.ending.opacity() if self.ending.isVisible() else 0.0

    def ring_fraction(self) -> float:
        """The part of the ring drawn as the session so far (it stops once ending)."""
        return self._fraction

    def controls_opacity(self) -> float:
        """Current opacity of the controls (0: hidden)."""
        return self._controls.opacity()

    def hold_hint_rect(self) -> QRectF:
        """Where "Keep holding to end the session" is drawn, in window coordinates."""
        rect, centre, radius = self._ring()
        return hint_rect(self.font(), rect, centre, radius)

    def hold_fill_rect(self) -> QRectF:
        """The square the hold-to-end fill is drawn in, in window coordinates."""
        _rect, centre, radius = self._ring()
        return fill_rect(centre, radius)

    def toggle_time(self) -> None:
        """Show or hide the time remaining."""
        self.time_shown = not self.time_shown
        before, self._time_text = self._time_text, format_remaining(self._remaining)
        self._controls.show_time_shown(self.time_shown)
        self._update_ring(before)

    # ------------------------------------------------------------------ input
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc holds, Space marks, arrows: volume, T: time, P: pause; Return in recovery: ready."""
        key = event.key()
        if event.isAutoRepeat():
            return  # a held key repeats; only the first press counts
        if self._recovering and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Handled here, not by focusing the button: Space must stay the marker
            # key, and a focused button would take a late Space as "I'm ready".
            self.recovery.ready_button.click()
        elif key == Qt.Key.Key_Escape:
            self._press_hold()
        elif key == Qt.Key.Key_Space:
            self._service.add_marker()
        elif key in (Qt.Key.Key_VolumeUp, Qt.Key.Key_Up):
            self._change_volume(VOLUME_STEP)
        elif key in (Qt.Key.Key_VolumeDown, Qt.Key.Key_Down):
            self._change_volume(-VOLUME_STEP)
        elif key == Qt.Key.Key_VolumeMute:
            self._service.set_volume(0.0)
        elif key == Qt.Key.Key_T:
            self.toggle_time()
        elif key == Qt.Key.Key_P and not self._recovering:
            self._pause_button.toggle()  # the button's words follow: "Resume music"
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Letting go of Esc before two seconds cancels the hold (unless it is straight back)."""
        if event.key() == Qt.Key.Key_Escape and not event.isAutoRepeat():
            self._hold.release(self._clock.monotonic())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Show the cursor and fade the controls in."""
        self._wake()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on the background marks the moment (if allowed)."""
        self._wake()
        if self._marker_on_click and event.button() == Qt.MouseButton.LeftButton:
            self._service.add_marker()

    def focusOutEvent(self, event) -> None:
        """Alt-Tab mid-hold must not leave a hold running without its key."""
        self._cancel_hold()
        super().focusOutEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while the session runs (Alt-F4 is not a way out)."""
        if self._service.is_active:
            event.ignore()
        else:
            super().closeEvent(event)

    def resizeEvent(self, event) -> None:
        """Keep the recovery view covering the window, and the ending's words above the ring."""
        self.recovery.setGeometry(self.rect())
        self._place_ending()
        super().resizeEvent(event)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        """Background drift, glow, progress arc, fill, ring and the optional time."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect, centre, radius = self._ring()
        # The glow of the last drift step, not of now: a repaint of the ring's square
        # alone must match the screen around it to the last bit.
        self._backdrop.paint(painter, self.size(), self.devicePixelRatioF(), self._glow)
        arc_rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        paint_progress(painter, arc_rect, self._fraction)
        fill = self.hold_fraction()
        if self._ended_by_hold:
            # The full circle stays, softening as the words come in: nothing vanishes at once.
            paint_hold_fill(painter, arc_rect, 1.0, round(150 - 90 * self.ending.opacity()))
        elif fill > 0 and not self.ending.begun:
            paint_hold_fill(painter, arc_rect, fill)
            paint_text(painter, self.font(), self.hold_hint_rect(), HOLD_HINT, HOLD_HINT_SIZE,
                       150)
        if self._ring_since is not None:
            age = (self._clock.monotonic() - self._ring_since) / MARKER_RING_S
            paint_marker_ring(painter, centre, radius, age)
        if self.time_shown and not self.ending.begun:  # no countdown under "Ending gently…"
            paint_text(painter, self.font(), rect, format_remaining(self._remaining),
                       TIME_SIZE, 130)
        if self.rehearsal:
            paint_text(painter, self.font(), QRectF(32, 24, rect.width() - 64, 40),
                       "Rehearsal · one minute lasts one second", 15, 110,
                       Qt.AlignmentFlag.AlignLeft)

    # ------------------------------------------------------------------ internals
    def _drift_step(self) -> None:
        """Repaint the window when the drift has moved the glow to new colours."""
        glow = glow_stops(drift_colour(self._clock.monotonic(), self._still))
        if glow != self._glow:
            self._glow = glow
            self.update()

    def _update_ring(self, *texts: str) -> None:
        """Repaint the ring's square: the arc, hold fill, marker ring, time and hold hint.

        What changes from moment to moment is all there, so the rest of a large
        screen is not painted (and sent to the display) again. ``texts``: words of
        the time drawn before, whose place must be painted over too.
        """
        rect, centre, radius = self._ring()
        reach = max(radius * (1.14 + 0.03), radius + FILL_REACH) + 4  # ring's and fill's pens
        area = QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)
        area = area.united(hint_rect(self.font(), rect, centre, radius))
        metrics = QFontMetricsF(sized(self.font(), TIME_SIZE))
        for text in (*texts, self._time_text):
            if text:
                area = area.united(metrics.boundingRect(rect, int(Qt.AlignmentFlag.AlignCenter),
                                                        text))
        self.update(area.adjusted(-4, -4, 4, 4).toAlignedRect())

    def _ring(self) -> tuple[QRectF, QPointF, float]:
        """The window, the ring's centre and its radius (clear of the controls)."""
        rect = QRectF(self.rect())
        floor = None if self._controls.isHidden() else self._controls.geometry().top()
        return rect, rect.center(), ring_radius(rect, floor)

    def _build_controls(self) -> CalmControls:
        bar = CalmControls()
        bar.softer_button.clicked.connect(lambda: self._change_volume(-VOLUME_STEP))
        bar.louder_button.clicked.connect(lambda: self._change_volume(VOLUME_STEP))
        bar.pause_button.toggled.connect(self._toggle_music)
        bar.time_button.clicked.connect(self.toggle_time)
        bar.end_button.pressed.connect(self._press_hold)
        bar.end_button.released.connect(self._cancel_hold)
        # The names tests and tools know the buttons by.
        self._pause_button, self._time_button = bar.pause_button, bar.time_button
        self.end_button = bar.end_button
        return bar

    def _change_volume(self, step: float) -> None:
        self._service.set_volume(self._service.volume + step)

    def _toggle_music(self, paused: bool) -> None:
        (self._service.pause_music if paused else self._service.resume_music)()

    def _wake(self) -> None:
        self.unsetCursor()
        if self._recovering:
            return  # nothing to fade in, and nothing may hide the cursor again
        self._idle.start()
        if not self.ending.begun:  # while it ends there is nothing left to manage
            self._controls.fade_to(True)
            self._anim.start()

    def _go_idle(self) -> None:
        if self._recovering:
            return  # the recovery view has no mouse tracking: a hidden cursor would stay hidden
        if self._hold.active:
            self._idle.start()  # never hide the control being held
            return
        self.setCursor(Qt.CursorShape.BlankCursor)
        self._controls.fade_to(False)
        self._anim.start()

    def _press_hold(self) -> None:
        phase = self._service.phase
        if phase is Phase.RUNNING:
            self._hold.press(self._clock.monotonic())
            self._anim.start()
        elif phase is Phase.ENDING:
            self._show_ending()  # a hand asking for the end while it comes is told so

    def _cancel_hold(self) -> None:
        if self._hold.active:
            self._hold.cancel()
            self.update()

    def _show_ending(self) -> None:
        """Answer at once: the words fade in, the ring stops, the controls go."""
        self._cancel_hold()
        if self.ending.begun:
            return
        self._place_ending()
        self.ending.begin(self._clock.monotonic())
        self._controls.fade_to(False)
        self._anim.start()
        self.update()

    def _place_ending(self) -> None:
        rect, centre, radius = self._ring()
        self.ending.place(rect.width(), fill_top(centre, radius))

    def _animate(self) -> None:
        now = self._clock.monotonic()
        moving = False
        if self._hold.active:
            moving = True
            if self._hold.update(now) and self._service.end_early():
                self._ended_by_hold = True
                self._show_ending()  # the phase change shows it too; this is the promise
        if self.ending.step(now):
            moving = True
        if self._controls.step():
            moving = True
        if self._ring_since is not None:
            if self._clock.monotonic() - self._ring_since > MARKER_RING_S:
                self._ring_since = None
            moving = True
        if not moving:
            self._anim.stop()
        self._update_ring()

    def _on_progress(self, _elapsed: float, remaining: float, fraction: float) -> None:
        if self.ending.begun and self._progress_seen:
            return  # the ring stands still while the session ends
        self._progress_seen = True
        changed = abs(fraction - self._fraction) * 360 > 0.25
        self._fraction, self._remaining = fraction, remaining
        before = self._time_text
        if self.time_shown:
            self._time_text = format_remaining(remaining)
        if changed or self._time_text != before:
            self._update_ring(before)

    def _on_marker(self, _offset: float) -> None:
        self._ring_since = self._clock.monotonic()
        self._anim.start()

    def _on_phase(self, phase: Phase) -> None:
        if phase is Phase.ENDING:
            self._cancel_hold()
            if self._service.ended_early:
                self._show_ending()
        elif phase is Phase.RECOVERY:
            self._recovering = True
            self._idle.stop()
            self._drift.stop()
            self._controls.hide()
            self.unsetCursor()
            self.recovery.setGeometry(self.rect())
            self.recovery.begin()
            self.recovery.raise_()
        elif phase is Phase.DONE:
            self.hide()
