"""A calm number field: a large value between two round "−" and "+" buttons.

Used for the minutes on the Session page and Prepare's length instead of a spin
box, whose tiny arrows and editable text read as a developer's form. The arrow
keys (and Page Up/Down, Home/End) step it as they would a spin box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget


class Stepper(QWidget):
    """A whole number from ``minimum`` to ``maximum``, shown with its ``suffix``.

    Args:
        minimum: The smallest value.
        maximum: The largest value.
        value: The value to start with.
        suffix: Shown after the number (" min").
        name: What the value is, for screen readers ("Recovery time").
        compact: Smaller buttons and type, for a row of small buttons (Prepare's length).
    """

    value_changed = Signal(int)
    """The value changed (by the person or by :meth:`set_value`)."""
    stepped = Signal(int)
    """The person changed the value (buttons or keys)."""

    def __init__(self, minimum: int, maximum: int, value: int, suffix: str = "",
                 name: str = "", parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("stepper")
        self._button_size = 32 if compact else 44
        self._minimum, self._maximum, self._suffix = minimum, maximum, suffix
        self._value = min(max(value, minimum), maximum)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(name)
        self.down = self._button("−", f"Less: {name}", -1)
        self.up = self._button("+", f"More: {name}", +1)
        self.label = QLabel(objectName="stepperValue")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.label, self.down, self.up):
            widget.setProperty("compact", compact)  # the themes size them by it
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(
            f"{maximum}{suffix}") + (12 if compact else 24))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.down)
        row.addWidget(self.label)
        row.addWidget(self.up)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._show()

    def value(self) -> int:
        """The value now."""
        return self._value

    def set_value(self, value: int) -> None:
        """Show ``value`` (kept within the range); emits :attr:`value_changed` if it changed."""
        value = min(max(int(value), self._minimum), self._maximum)
        if value != self._value:
            self._value = value
            self._show()
            self.value_changed.emit(value)

    def text(self) -> str:
        """The value as shown ("45 min")."""
        return self.label.text()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows step by one, Page keys by five, Home and End go to the ends."""
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Plus: 1,
                 Qt.Key.Key_Down: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Minus: -1,
                 Qt.Key.Key_PageUp: 5, Qt.Key.Key_PageDown: -5}
        key = Qt.Key(event.key())
        if key in steps:
            self._step(steps[key])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._step((self._minimum if key == Qt.Key.Key_Home else self._maximum)
                       - self._value)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Underline the value: the keys now step it."""
        self._mark_focus(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Drop the underline."""
        self._mark_focus(False)
        super().focusOutEvent(event)

    def _mark_focus(self, on: bool) -> None:
        self.label.setProperty("focused", on)
        style = self.label.style()
        style.unpolish(self.label)
        style.polish(self.label)

    def _button(self, text: str, name: str, step: int) -> QPushButton:
        button = QPushButton(text, objectName="stepperButton")
        button.setAccessibleName(name)
        button.setFixedSize(self._button_size, self._button_size)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field itself takes the keys
        button.setAutoRepeat(True)  # held down, it keeps stepping, as a spin box's arrow
        button.clicked.connect(lambda: self._step(step))
        return button

    def _step(self, step: int) -> None:
        before = self._value
        self.set_value(self._value + step)
        if self._value != before:
            self.stepped.emit(self._value)

    def _show(self) -> None:
        self.label.setText(f"{self._value}{self._suffix}")
        self.down.setEnabled(self._value > self._minimum)
        self.up.setEnabled(self._value < self._maximum)
        self.setAccessibleDescription(self.label.text())
