""""Ending gently…": calm mode's answer the moment a hold has ended the session.

The music then takes about ten seconds to fade and the chime follows; before
this, nothing on screen changed in all that time, and a dissociated person held
Esc again or took fright. The words are large and clear on the dark screen and
fade in over a fraction of a second (quickly, never a flash). The fade follows
the session's clock, so tests move it without waiting.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

ENDING_TEXT = "Ending gently…"
FADE_IN_S = 0.3  # legible (70%) within 150 ms, whole within 300 ms
# The theme sets both too; these keep the words large and light without one (a
# missing theme file leaves the default palette: black text on the dark screen).
POINT_SIZE = 34
INK = QColor(241, 236, 228)
MARGIN = 32


class EndingNotice(QLabel):
    """The large "Ending gently…" over calm mode, hidden until :meth:`begin`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(ENDING_TEXT, parent)
        self.setObjectName("calmEnding")
        self.setAccessibleName("The session is ending gently")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.font()
        font.setPointSize(POINT_SIZE)
        self.setFont(font)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, INK)
        self.setPalette(palette)
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(0.0)
        self.setGraphicsEffect(self._effect)
        self._since: float | None = None
        self.hide()

    @property
    def begun(self) -> bool:
        """True once the ending has been shown (it stays until calm mode closes)."""
        return self._since is not None

    def opacity(self) -> float:
        """How far the words have faded in, 0..1."""
        return self._effect.opacity() if self._since is not None else 0.0

    def begin(self, now: float) -> None:
        """Start fading in at ``now`` (once: a second call changes nothing)."""
        if self._since is not None:
            return
        self._since = now
        self._effect.setOpacity(0.0)
        self.show()
        self.raise_()

    def step(self, now: float) -> bool:
        """Bring the fade to ``now``; True while it still has a way to go."""
        if self._since is None:
            return False
        t = min(1.0, max(0.0, (now - self._since) / FADE_IN_S))
        self._effect.setOpacity(math.sin(t * math.pi / 2))  # eases out: soon legible, no jump
        return t < 1.0

    def place(self, width: float, bottom: float) -> None:
        """Centre the words across a window ``width`` wide, their foot at ``bottom``."""
        height = self.sizeHint().height()
        self.setGeometry(QRect(MARGIN, round(bottom - height), round(width) - 2 * MARGIN,
                               height))
