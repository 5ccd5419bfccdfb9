"""The control bar of calm mode: a few large buttons that fade in and out.

The bar is invisible (opacity 0) until the mouse moves; calm mode then fades it
in and, after a few idle seconds, slowly out again. Only a fully shown bar takes
clicks: while it is hidden or fading, a click goes through it to the dark
background (which marks the moment), so a hand resting on the mouse cannot pause
the music or change the volume unseen. The bar only draws and steps its fade;
what the buttons do is wired by calm mode.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGraphicsOpacityEffect, QHBoxLayout, QPushButton, QWidget

SHOWN_OPACITY = 0.85  # never fully opaque: the controls stay soft
FADE_IN_STEP = 0.06
FADE_OUT_STEP = 0.03  # fading out is slower than fading in


class CalmControls(QFrame):
    """Softer, Louder, Pause music, Show time and Hold to end, in one soft bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calmControls")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(24, 16, 24, 16)
        self._row.setSpacing(16)
        self.softer_button = self._button("Softer", "calmButton")
        self.louder_button = self._button("Louder", "calmButton")
        self.pause_button = self._button("Pause music", "calmButton")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._show_paused)
        self.time_button = self._button("Show time", "calmButton")
        self.end_button = self._button("Hold to end", "calmEndButton")
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(0.0)
        self.setGraphicsEffect(self._effect)
        self.setMouseTracking(True)
        self._target = 0.0
        self._take_clicks()

    def opacity(self) -> float:
        """Current opacity (0: hidden)."""
        return self._effect.opacity()

    def fade_to(self, shown: bool) -> None:
        """Set where the fade heads; :meth:`step` moves it there frame by frame."""
        self._target = SHOWN_OPACITY if shown else 0.0
        self._take_clicks()

    def step(self) -> bool:
        """One frame of the fade; True while it still has a way to go."""
        opacity = self._effect.opacity()
        if abs(opacity - self._target) <= 0.01:
            return False
        step = FADE_IN_STEP if self._target > opacity else -FADE_OUT_STEP
        self._effect.setOpacity(min(SHOWN_OPACITY, max(0.0, opacity + step)))
        self._take_clicks()
        return True

    def show_time_shown(self, shown: bool) -> None:
        """Name the time button after what it would do next."""
        self.time_button.setText("Hide time" if shown else "Show time")

    def _button(self, text: str, name: str) -> QPushButton:
        made = QPushButton(text, objectName=name)
        made.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must mark, never click
        made.setMinimumSize(120, 56)
        made.setAccessibleName(text)
        made.setMouseTracking(True)
        self._row.addWidget(made)
        return made

    def _take_clicks(self) -> None:
        # A transparent bar (and its buttons) lets clicks and moves through to calm
        # mode behind it, which marks the moment and wakes the bar.
        shown = self._target > 0 and abs(self._effect.opacity() - self._target) <= 0.01
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not shown)

    def _show_paused(self, paused: bool) -> None:
        self.pause_button.setText("Resume music" if paused else "Pause music")
