"""A word-wrapped label that remembers its height for each width.

A plain QLabel lays its text out again each time a layout asks its height for a
width; a column of journal cards asked that of every card each time one more card
came in, so scrolling to the next page grew slower with every page shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    """Plain text, word-wrapped; its text is set once and the heights are kept."""

    def __init__(self, text: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent, objectName=object_name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """The height this text needs at ``width`` (laid out once per width)."""
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        """New words: new heights."""
        self._heights = {}
        super().setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A new font or style: new heights."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights = {}
        super().changeEvent(event)
