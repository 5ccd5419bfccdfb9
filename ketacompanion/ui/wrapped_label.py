"""A word-wrapped label that remembers its height for each width.

A plain QLabel lays its text out again each time a layout asks its height for a
width; a column of journal cards asked that of every card each time one more card
came in, so scrolling to the next page grew slower with every page shown.

A selectable label keeps a whole text document; here the text becomes selectable
when the mouse first comes over it (before any press), so cards scrolled past
cost a third less memory and the person notices no difference.

Qt wraps a label's text only between words, so one long word (a link, a file's
name, a long compound) made the label, and the page, as wide as the word: the
Journal scrolled sideways. A long word here may break wherever the line ends
(an invisible break point every few letters, taken out again when the text is copied).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QContextMenuEvent, QEnterEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget

BREAK = "\u200b"  # a zero-width space: a line may end there, nothing shows
LONG = 16  # letters: a word longer than this may break inside
_LONG_WORD = re.compile(rf"[^\s{BREAK}]{{{LONG + 1},}}")


def breakable(text: str) -> str:
    """``text`` with a break point every few letters of each long word (none elsewhere)."""
    piece = LONG // 2
    return _LONG_WORD.sub(lambda m: BREAK.join(m[0][i:i + piece]
                                                for i in range(0, len(m[0]), piece)), text)


class WrappedLabel(QLabel):
    """Plain text, word-wrapped; its text is set once and the heights are kept."""

    def __init__(self, text: str, object_name: str, parent: QWidget | None = None,
                 selectable: bool = False) -> None:
        super().__init__(breakable(text), parent)
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
        super().setText(breakable(text))

    def words(self) -> str:
        """The text as given (without the break points)."""
        return self.text().replace(BREAK, "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Copy puts the words on the clipboard as they were written."""
        if event.matches(QKeySequence.StandardKey.Copy) and self.hasSelectedText():
            self._copy()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copy and Select All, the copy as the words were written."""
        if not self.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse:
            super().contextMenuEvent(event)
            return
        menu = QMenu(self)
        copy = menu.addAction("Copy", self._copy)
        copy.setEnabled(self.hasSelectedText())
        menu.addAction("Select All", lambda: self.setSelection(0, len(self.text())))
        menu.exec(event.globalPos())

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.selectedText().replace(BREAK, ""))

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style: new heights."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights = {}
        super().changeEvent(event)
