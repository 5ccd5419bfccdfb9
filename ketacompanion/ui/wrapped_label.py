"""A word-wrapped label that remembers its height for each width.

A plain QLabel lays its text out again each time a layout asks its height for a
width; a column of journal cards asked that of every card each time one more card
came in, so scrolling to the next page grew slower with every page shown.

A selectable label keeps a whole text document; here the text becomes selectable
when the mouse first comes over it (before any press), so cards scrolled past
cost a third less memory and the person notices no difference.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QEnterEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    """Plain text, word-wrapped; its text is set once and the heights are kept."""

    def __init__(self, text: str, object_name: str, parent: QWidget | None = None,
                 selectable: bool = False) -> None:
        super().__init__(text, parent)
        self.setObjectName(object_name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}
        self.selectable = selectable  # by mouse, from the mouse's first visit on

    def enterEvent(self, event: QEnterEvent) -> None:
        """The mouse comes over the text: from now on it can select it."""
        self._selectable_now()
        super().enterEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press where no Enter came first (some platforms) still starts a selection."""
        self._selectable_now()
        super().mousePressEvent(event)

    def _selectable_now(self) -> None:
        selectable = Qt.TextInteractionFlag.TextSelectableByMouse
        if self.selectable and not self.textInteractionFlags() & selectable:
            self.setTextInteractionFlags(selectable)

    def heightForWidth(self, width: int) -> int:
        """The height this text needs at ``width`` (laid out once per width)."""
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:
        """New words: new heights."""
        self._heights = {}
        super().setText(text)

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style: new heights."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights = {}
        super().changeEvent(event)
