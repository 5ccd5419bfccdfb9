"""Recovery: a dim screen, a quiet message and one large "I'm ready" control.

Shown inside the calm window once the chime has sounded, fading in over about a
second and a half as everything in calm mode does. Recovery time is shown in
soft text; the person may move on before it is over, and nothing moves on by
itself (no surprise). After an early end the app knows only that the session
(its music) has ended, not whether the infusion has: the words say so, and no
countdown tells the person recovery is over or to stand up.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QPushButton, QVBoxLayout, QWidget

from ketacompanion.services.session import SessionService

FADE_IN_MS = 1500
AFTER_NOTE = "When you feel ready, you can say or write what you saw and felt."
PLANNED_END = ("The infusion has ended.",
               "Rest here with your eyes closed as long as you need. There is no hurry.\n"
               + AFTER_NOTE)
EARLY_END = ("The session has ended.",
             "Rest here; your care team will tell you when the infusion is finished.\n"
             + AFTER_NOTE)


class RecoveryView(QWidget):
    """The dim recovery screen.

    Args:
        service: The session (for the recovery time and :meth:`SessionService.ready`).
        rehearsal: Mark the screen as a rehearsal.
    """

    def __init__(self, service: SessionService, rehearsal: bool = False,
                 parent: QWidget | None = None, crisis: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryView")
        self._service = service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 96)
        layout.setSpacing(24)
        layout.addStretch(2)
        self.title = QLabel(PLANNED_END[0], objectName="recoveryTitle")
        self.message = QLabel(PLANNED_END[1], objectName="recoveryMessage")
        self.message.setWordWrap(True)
        self.countdown = QLabel("", objectName="recoveryTime")
        if rehearsal:
            self.countdown.setProperty("rehearsal", True)
        for label in (self.title, self.message, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label)
        layout.addSpacing(24)
        self.ready_button = QPushButton("I'm ready", objectName="readyButton")
        self.ready_button.setMinimumSize(320, 88)
        self.ready_button.setAccessibleName("I'm ready to write my note")
        self.ready_button.clicked.connect(service.ready)
        layout.addWidget(self.ready_button, 0, Qt.AlignmentFlag.AlignHCenter)
        if crisis is not None:  # "If you are struggling", quiet, below the one large control
            layout.addSpacing(16)
            layout.addWidget(crisis, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._rehearsal = rehearsal
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(0.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(FADE_IN_MS)
        self._fade.setEndValue(1.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutSine)
        service.progress.connect(self._refresh)

    def begin(self) -> None:
        """Show recovery, in words that fit how the session ended."""
        title, message = EARLY_END if self._service.ended_early else PLANNED_END
        self.title.setText(title)
        self.message.setText(message)
        self._effect.setOpacity(0.0)
        self.show()
        self._refresh()
        self._fade.start()  # calm mode's ring shows through and gives way slowly

    def paintEvent(self, event: QPaintEvent) -> None:
        """Always dim, whatever the theme."""
        QPainter(self).fillRect(self.rect(), QColor(12, 13, 20))

    def _refresh(self, *_args: float) -> None:
        if not self.isVisible():
            return
        prefix = "Rehearsal · " if self._rehearsal else ""
        if self._service.ended_early:
            # Recovery is counted from the infusion's end, which the app does not know.
            self.countdown.setText(f"{prefix}ended early" if prefix else "")
            return
        left = self._service.recovery_remaining()
        scale = self._service.plan.scale if self._service.plan else 1.0
        if left <= 0:
            self.countdown.setText(f"{prefix}Recovery time is over. Stand up slowly.")
        else:
            minutes = math.ceil(left / 60)
            unit = "minute" if minutes == 1 else "minutes"
            real = f" ({math.ceil(left / scale)} s)" if scale != 1 else ""
            self.countdown.setText(f"{prefix}Recovery: about {minutes} {unit} left{real}")
