"""Recovery: a dim screen, a quiet message and one large "I'm ready" control.

Shown inside the calm window once the chime has sounded. Recovery time is shown
in soft text; the person may move on before it is over, and nothing moves on by
itself (no surprise).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ketacompanion.services.session import SessionService


class RecoveryView(QWidget):
    """The dim recovery screen.

    Args:
        service: The session (for the recovery time and :meth:`SessionService.ready`).
        rehearsal: Mark the screen as a rehearsal.
    """

    def __init__(self, service: SessionService, rehearsal: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryView")
        self._service = service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 96)
        layout.setSpacing(24)
        layout.addStretch(2)
        title = QLabel("The infusion has ended.", objectName="recoveryTitle")
        message = QLabel(
            "Rest here with your eyes closed as long as you need. There is no hurry.\n"
            "When you feel ready, you can say or write what you saw and felt.",
            objectName="recoveryMessage",
        )
        message.setWordWrap(True)
        self.countdown = QLabel("", objectName="recoveryTime")
        if rehearsal:
            self.countdown.setProperty("rehearsal", True)
        for label in (title, message, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label)
        layout.addSpacing(24)
        self.ready_button = QPushButton("I'm ready", objectName="readyButton")
        self.ready_button.setMinimumSize(320, 88)
        self.ready_button.setAccessibleName("I'm ready to write my note")
        self.ready_button.clicked.connect(service.ready)
        layout.addWidget(self.ready_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._rehearsal = rehearsal
        service.progress.connect(self._refresh)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt
        """Always dim, whatever the theme."""
        QPainter(self).fillRect(self.rect(), QColor(12, 13, 20))

    def _refresh(self, *_args: float) -> None:
        if not self.isVisible():
            return
        left = self._service.recovery_remaining()
        scale = self._service.plan.scale if self._service.plan else 1.0
        prefix = "Rehearsal · " if self._rehearsal else ""
        if left <= 0:
            self.countdown.setText(f"{prefix}Recovery time is over. Stand up slowly.")
        else:
            minutes = math.ceil(left / 60)
            unit = "minute" if minutes == 1 else "minutes"
            real = f" ({math.ceil(left / scale)} s)" if scale != 1 else ""
            self.countdown.setText(f"{prefix}Recovery: about {minutes} {unit} left{real}")
