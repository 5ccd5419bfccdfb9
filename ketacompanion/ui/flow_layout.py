"""A row of widgets that goes on to the next line when it does not fit (Qt's Flow Layout).

A title beside its button, or a row of buttons, set in a QHBoxLayout made the page
at least as wide as the whole row: on a narrow window the Journal scrolled sideways.
This is the Flow Layout of Qt's examples: as many items on a line as fit, the rest
below, each line's height what its tallest item needs at its width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line when the next one does not fit.

    Args:
        spacing: Between two items on a line and between lines.
        last_right: The last item goes to the right of its line (a row that
            reads "title .......... button" while it fits on one line).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 12,
                 last_right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._last_right = last_right
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        """Take ``item`` as the last of the row."""
        self._items.append(item)

    def count(self) -> int:
        """How many items the row holds."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """The item at ``index`` (None past the end)."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Remove and return the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        """It takes the width it is given; its height follows from it."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Its height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height the items need on lines ``width`` wide."""
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        """Place the items in ``rect``."""
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """All the items on one line."""
        width = sum(item.sizeHint().width() for item in self._items)
        width += self._gap * max(0, len(self._items) - 1)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width, height) + _extent(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest item alone on its line."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size + _extent(self.contentsMargins())

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); returns the height they take."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        x = 0
        for item in self._items:
            if item.isEmpty():
                continue
            width = min(item.sizeHint().width(), area.width())
            if lines[-1] and x + width > area.width():
                lines.append([])
                x = 0
            lines[-1].append((item, width))
            x += width + self._gap
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(_height(item, width) for item, width in line)
            x = area.x()
            for number, (item, width) in enumerate(line):
                if self._last_right and len(line) > 1 and number == len(line) - 1 \
                        and item is self._items[-1]:
                    x = area.right() + 1 - width
                if move:
                    top = y + (height - _height(item, width)) // 2  # centred on the line
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, _height(item, width))))
                x += width + self._gap
            y += height + self._gap
        return max(0, y - self._gap - area.y()) + margins.top() + margins.bottom()


def _height(item: QLayoutItem, width: int) -> int:
    """How tall ``item`` is at ``width`` (a wrapped label grows as it narrows)."""
    return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()


def _extent(margins: QMargins) -> QSize:
    return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
