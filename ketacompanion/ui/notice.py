"""A quiet, non-modal notice line that fades in, stays a while and fades out."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, QTimer, Slot
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget


class NoticeBar(QLabel):
    """Shows one short message at a time; never takes focus, never blocks.

    Args:
        parent: The widget it sits in.
        visible_ms: How long a message stays before fading out.
    """

    def __init__(self, parent: QWidget | None = None, visible_ms: int = 8000) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setAccessibleName("Notice")
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(0.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._fade.finished.connect(self._after_fade)
        self._hold = QTimer(self, singleShot=True, interval=visible_ms)
        self._hold.timeout.connect(self._fade_out)
        self.hide()

    @Slot(str)
    def show_message(self, text: str) -> None:
        """Fade ``text`` in; it fades out by itself."""
        self.setText(text)
        self.show()
        self._animate(1.0, 600)
        self._hold.start()

    def _fade_out(self) -> None:
        self._animate(0.0, 1200)

    def _animate(self, target: float, duration_ms: int) -> None:
        self._fade.stop()
        self._fade.setDuration(duration_ms)
        self._fade.setStartValue(self._effect.opacity())
        self._fade.setEndValue(target)
        self._fade.start()

    def _after_fade(self) -> None:
        if self._effect.opacity() <= 0.0:
            self.hide()
