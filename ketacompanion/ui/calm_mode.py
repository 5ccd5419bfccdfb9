"""Calm mode: the full-screen, dark, quiet view of a running session.

A very slow colour drift (or none, "still"), a soft progress arc, time remaining
only on request. The cursor hides after a few seconds; moving the mouse fades in
a few large controls, which fade out again. No single key or click ends the
session: Esc or the End control must be held for two seconds, with a visible
fill. Space (or a click, if allowed) drops a marker with a barely visible ring.
Keys are not grabbed, so Alt-Tab works; closing the window is refused while the
session runs. Repaints are rare on purpose: the drift is slower than one 8-bit
colour step per frame at 5 fps, so more frames would only cost CPU.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.session_clock import Clock
from ketacompanion.core.session_flow import Phase
from ketacompanion.services.session import SessionService
from ketacompanion.ui.recovery_view import RecoveryView

HOLD_TO_END_S = 2.0
DRIFT_PERIOD_S = 300.0  # one slow breath of colour every five minutes
DRIFT_FRAME_MS = 200
ANIMATION_FRAME_MS = 33  # <= 30 fps, only while something moves (fill, ring, fade)
IDLE_HIDE_MS = 3000
MARKER_RING_S = 1.5
VOLUME_STEP = 0.05


def drift_colour(seconds: float, still: bool) -> QColor:
    """The background colour at ``seconds``: deep blue drifting towards violet and teal."""
    phase = 0.0 if still else math.sin(2 * math.pi * seconds / DRIFT_PERIOD_S)
    return QColor.fromHsvF((228 + 28 * phase) / 360.0, 0.55, 0.10)


def format_remaining(seconds: float) -> str:
    """Time left in plain words, rounded up to the minute (mm:ss in the last minute)."""
    if seconds < 60:
        return f"0:{int(seconds):02d}"
    return f"{math.ceil(seconds / 60)} min"


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class CalmWindow(QWidget):
    """The full-screen session view, then recovery, until the person is ready.

    Args:
        service: The running session.
        clock: For the hold-to-end timing and the drift.
        still: No colour drift at all.
        marker_on_click: A click on the background drops a marker too.
    """

    def __init__(self, service: SessionService, clock: Clock, still: bool = False,
                 marker_on_click: bool = True) -> None:
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
        self._hold_since: float | None = None
        self._ring_since: float | None = None
        self._controls_target = 0.0
        self.rehearsal = bool(service.plan and service.plan.is_rehearsal)

        self._controls = self._build_controls()
        self.recovery = RecoveryView(service, self.rehearsal, self)
        self.recovery.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 48)
        layout.addStretch(1)
        layout.addWidget(self._controls, 0, Qt.AlignmentFlag.AlignHCenter)

        self._drift = QTimer(self, interval=DRIFT_FRAME_MS)
        self._drift.timeout.connect(self.update)
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

    # ------------------------------------------------------------------ public
    @property
    def holding(self) -> bool:
        """True while Esc or the End control is held down."""
        return self._hold_since is not None

    def hold_fraction(self) -> float:
        """How far the hold-to-end has filled, 0..1."""
        if self._hold_since is None:
            return 0.0
        return min(1.0, (self._clock.monotonic() - self._hold_since) / HOLD_TO_END_S)

    def controls_opacity(self) -> float:
        """Current opacity of the controls (0: hidden)."""
        return self._opacity.opacity()

    def toggle_time(self) -> None:
        """Show or hide the time remaining."""
        self.time_shown = not self.time_shown
        self._time_button.setText("Hide time" if self.time_shown else "Show time")
        self.update()

    # ------------------------------------------------------------------ input
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt
        """Esc starts a hold, Space marks, volume keys change the volume; nothing else."""
        key = event.key()
        if event.isAutoRepeat():
            return  # a held key repeats; only the first press counts
        if key == Qt.Key.Key_Escape:
            self._start_hold()
        elif key == Qt.Key.Key_Space:
            self._service.add_marker()
        elif key in (Qt.Key.Key_VolumeUp, Qt.Key.Key_Up):
            self._service.set_volume(self._service.volume + VOLUME_STEP)
        elif key in (Qt.Key.Key_VolumeDown, Qt.Key.Key_Down):
            self._service.set_volume(self._service.volume - VOLUME_STEP)
        elif key == Qt.Key.Key_VolumeMute:
            self._service.set_volume(0.0)
        elif key == Qt.Key.Key_T:
            self.toggle_time()
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt
        """Letting go of Esc before two seconds cancels the hold."""
        if event.key() == Qt.Key.Key_Escape and not event.isAutoRepeat():
            self._cancel_hold()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        """Show the cursor and fade the controls in."""
        self._wake()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        """A click on the background marks the moment (if allowed)."""
        self._wake()
        if self._marker_on_click and event.button() == Qt.MouseButton.LeftButton:
            self._service.add_marker()

    def focusOutEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt
        """Alt-Tab mid-hold must not leave a hold running without its key."""
        self._cancel_hold()
        super().focusOutEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt
        """Refuse to close while the session runs (Alt-F4 is not a way out)."""
        if self._service.is_active:
            event.ignore()
        else:
            super().closeEvent(event)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt
        """Background drift, glow, progress arc, fill, ring and the optional time."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        base = drift_colour(self._clock.monotonic(), self._still)
        centre = rect.center()
        radius = min(rect.width(), rect.height()) * 0.22
        glow = QRadialGradient(centre, max(rect.width(), rect.height()) * 0.6)
        glow.setColorAt(0.0, base.lighter(150))
        glow.setColorAt(1.0, base.darker(160))
        painter.fillRect(rect, glow)
        arc_rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.setPen(QPen(QColor(200, 210, 255, 16), 3))
        painter.drawEllipse(arc_rect)
        painter.setPen(_round_pen(QColor(190, 200, 250, 64), 4))
        painter.drawArc(arc_rect, 90 * 16, -round(self._fraction * 360 * 16))
        fill = self.hold_fraction()
        if fill > 0:
            painter.setPen(_round_pen(QColor(240, 200, 160, 150), 10))
            painter.drawArc(arc_rect.adjusted(-18, -18, 18, 18), 90 * 16, -round(fill * 5760))
            self._draw_text(painter, rect.adjusted(0, radius * 2.6, 0, 0),
                            "Keep holding to end the session", 18, 150)
        self._draw_ring(painter, centre, radius)
        if self.time_shown:
            self._draw_text(painter, rect, format_remaining(self._remaining), 40, 130)
        if self.rehearsal:
            self._draw_text(painter, QRectF(32, 24, rect.width() - 64, 40),
                            "Rehearsal · one minute lasts one second", 15, 110,
                            Qt.AlignmentFlag.AlignLeft)

    # ------------------------------------------------------------------ internals
    def _build_controls(self) -> QFrame:
        bar = QFrame(objectName="calmControls")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 16, 24, 16)
        row.setSpacing(16)

        def button(text: str, name: str) -> QPushButton:
            made = QPushButton(text, objectName=name)
            made.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must mark, never click
            made.setMinimumSize(120, 56)
            made.setAccessibleName(text)
            made.setMouseTracking(True)
            row.addWidget(made)
            return made

        button("Softer", "calmButton").clicked.connect(
            lambda: self._service.set_volume(self._service.volume - VOLUME_STEP))
        button("Louder", "calmButton").clicked.connect(
            lambda: self._service.set_volume(self._service.volume + VOLUME_STEP))
        self._pause_button = button("Pause music", "calmButton")
        self._pause_button.setCheckable(True)
        self._pause_button.toggled.connect(self._toggle_music)
        self._time_button = button("Show time", "calmButton")
        self._time_button.clicked.connect(self.toggle_time)
        self.end_button = button("Hold to end", "calmEndButton")
        self.end_button.pressed.connect(self._start_hold)
        self.end_button.released.connect(self._cancel_hold)
        self._opacity = QGraphicsOpacityEffect(bar)
        self._opacity.setOpacity(0.0)
        bar.setGraphicsEffect(self._opacity)
        bar.setMouseTracking(True)
        return bar

    def _toggle_music(self, paused: bool) -> None:
        self._pause_button.setText("Resume music" if paused else "Pause music")
        (self._service.pause_music if paused else self._service.resume_music)()

    def _wake(self) -> None:
        self.unsetCursor()
        self._controls_target = 0.85
        self._idle.start()
        self._anim.start()

    def _go_idle(self) -> None:
        if self._hold_since is not None:
            self._idle.start()  # never hide the control being held
            return
        self.setCursor(Qt.CursorShape.BlankCursor)
        self._controls_target = 0.0
        self._anim.start()

    def _start_hold(self) -> None:
        if self._service.phase is Phase.RUNNING and self._hold_since is None:
            self._hold_since = self._clock.monotonic()
            self._anim.start()

    def _cancel_hold(self) -> None:
        if self._hold_since is not None:
            self._hold_since = None
            self.update()

    def _animate(self) -> None:
        moving = False
        if self._hold_since is not None:
            moving = True
            if self.hold_fraction() >= 1.0:
                self._hold_since = None
                self._service.end_early()
        opacity = self._opacity.opacity()
        if abs(opacity - self._controls_target) > 0.01:
            step = 0.06 if self._controls_target > opacity else -0.03  # slow fade out
            self._opacity.setOpacity(min(0.85, max(0.0, opacity + step)))
            moving = True
        if self._ring_since is not None:
            if self._clock.monotonic() - self._ring_since > MARKER_RING_S:
                self._ring_since = None
            moving = True
        if not moving:
            self._anim.stop()
        self.update()

    def _draw_ring(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        if self._ring_since is None:
            return
        age = (self._clock.monotonic() - self._ring_since) / MARKER_RING_S
        if not 0 <= age <= 1:
            return
        alpha = round(36 * math.sin(math.pi * age))  # barely there, in and out
        painter.setPen(QPen(QColor(220, 225, 255, alpha), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius * (1.08 + 0.06 * age), radius * (1.08 + 0.06 * age))

    def _draw_text(self, painter: QPainter, rect: QRectF, text: str, size: int, alpha: int,
                   align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
        font = QFont(self.font())
        font.setPointSize(size)
        painter.setFont(font)
        painter.setPen(QColor(215, 220, 240, alpha))
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop
                                   if align != Qt.AlignmentFlag.AlignCenter else align), text)

    def _on_progress(self, _elapsed: float, remaining: float, fraction: float) -> None:
        changed = abs(fraction - self._fraction) * 360 > 0.25 or self.time_shown
        self._fraction, self._remaining = fraction, remaining
        if changed and self._still:
            self.update()  # with drift, the drift timer repaints anyway

    def _on_marker(self, _offset: float) -> None:
        self._ring_since = self._clock.monotonic()
        self._anim.start()

    def _on_phase(self, phase: Phase) -> None:
        if phase is Phase.ENDING:
            self._cancel_hold()
        elif phase is Phase.RECOVERY:
            self._drift.stop()
            self._controls.hide()
            self.unsetCursor()
            self.recovery.setGeometry(self.rect())
            self.recovery.show()
            self.recovery.raise_()
        elif phase is Phase.DONE:
            self.hide()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt
        """Keep the recovery view covering the window."""
        self.recovery.setGeometry(self.rect())
        super().resizeEvent(event)
