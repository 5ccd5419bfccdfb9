"""A push button whose words wrap onto more lines when it is given less than one line.

A QPushButton draws its text on one line; squeezed by its row (the length question's
answers beside each other on a 1024-pixel screen), it cut the words at both ends:
"…hange the playlist on Prepare". This one lays its words out with QTextLayout at
the width it is given, asks its layout for the height the lines need (height for
width) and lets the style draw the lines as it draws any button's text, in the
theme's colours for every state.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)


class WrapButton(QPushButton):
    """A button that keeps all its words, on two lines (or more) when it must.

    ``text()`` stays the words as set; only the drawing breaks them into lines.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 object_name: str = "") -> None:
        super().__init__(text, parent)
        self.setObjectName(object_name)
        # A push button's own policy makes its one-line width its minimum: its row could
        # then only squeeze it (the window overruled the layout) and never wrap it.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        """Its height follows its width: fewer pixels, more lines."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height its words need at ``width``."""
        lines = self.lines(width)
        return max(self.minimumHeight(), self._outer(self._widest(lines), len(lines)).height())

    def minimumSizeHint(self) -> QSize:
        """As narrow as its longest word."""
        words = self.text().split() or [""]
        return QSize(self._outer(self._widest(words), 1).width(),
                     super().minimumSizeHint().height())

    def lines(self, width: int | None = None) -> list[str]:
        """The lines its words take at ``width`` (by default, its own)."""
        room = self._room(self.width() if width is None else width)
        layout = QTextLayout(self.text(), self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        lines: list[str] = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(room)
            start = line.textStart()
            lines.append(self.text()[start:start + line.textLength()].strip())
        layout.endLayout()
        return lines or [""]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the button as the style draws any, with its words in lines."""
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = "\n".join(self.lines())
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)

    def _widest(self, lines: list[str]) -> int:
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(line) for line in lines)

    def _outer(self, text_width: int, line_count: int) -> QSize:
        """The button's size around ``line_count`` lines ``text_width`` wide (as Qt sizes it)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        inner = QSize(text_width, line_count * self.fontMetrics().lineSpacing())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option,
                                             inner, self)

    def _room(self, width: int) -> int:
        """The width left for the words once the style's padding and frame are taken."""
        probe = 1000  # measured on a wide text: a style's minimum width never shows in it
        return max(1, width - (self._outer(probe, 1).width() - probe))
