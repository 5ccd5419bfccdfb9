"""Building blocks shared by the pages: scrolling bodies, headers, empty states, undo bars."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

FIRST_SIZE = QSize(1100, 720)  # the main window's first size (and the unlock screen's)


def within_screen(widget: QWidget, size: QSize) -> QSize:
    """``size``, or less on a small screen, never under the widget's minimum size."""
    screen = widget.screen()
    if screen is not None:
        # 90% leaves room for the title bar and panels the available area may omit.
        size = size.boundedTo(screen.availableGeometry().size() * 0.9)
    return size.expandedTo(widget.minimumSize())


class PageHeader(QWidget):
    """A page title with one calm line under it."""

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        heading = QLabel(title, objectName="pageTitle")
        heading.setAccessibleName(title)
        caption = QLabel(subtitle, objectName="pageSubtitle")
        caption.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(caption)


def scrolling_body(page: QWidget, scroll_name: str, body_name: str,
                   margins: tuple[int, int, int, int], spacing: int,
                   max_width: int | None = None) -> QVBoxLayout:
    """Fill ``page`` with a frameless scroll area; returns the layout of the body it scrolls.

    The page's own layout (``page.layout()``) holds the scroll area, so a page can
    add something below it that never scrolls away (the Session page's Start).
    With ``max_width``, the body is a column no wider than that, centred on a wide
    screen (lines of text and rows of buttons stay a readable length).
    """
    body = QWidget(objectName=body_name)
    if max_width is None:
        layout = QVBoxLayout(body)
    else:
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        column = QWidget(body, objectName=f"{body_name}Column")
        column.setMaximumWidth(max_width)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # The column grows first; what is left past its width goes to both sides.
        row.addSpacerItem(_side())
        row.addWidget(column, 1)
        row.addSpacerItem(_side())
        layout = QVBoxLayout(column)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame,
                         objectName=scroll_name)
    scroll.setWidget(body)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(scroll, 1)
    return layout


def _side() -> QSpacerItem:
    return QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)


class UndoBar(QFrame):
    """A quiet banner with one sentence and an Undo button; hidden until it has news.

    Args:
        accessible: The Undo button's name for screen readers (what it undoes).

    Signals:
        undo_requested: The person pressed Undo.
    """

    undo_requested = Signal()

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        self.text = QLabel(objectName="bannerText", wordWrap=True)  # a long name wraps
        undo = self.undo_button = QPushButton("Undo", objectName="quietButton")
        undo.setAccessibleName(accessible)
        undo.clicked.connect(self.undo_requested)
        layout.addWidget(self.text, 1)
        layout.addWidget(undo)
        self.hide()

    def say(self, text: str) -> None:
        """Show the bar with ``text``."""
        self.text.setText(text)
        self.show()


class EmptyState(QFrame):
    """A soft card that says what will appear here and offers the next step."""

    def __init__(
        self,
        title: str,
        body: str,
        action_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 32, 36, 32)
        layout.setSpacing(12)
        heading = QLabel(title, objectName="cardTitle")
        text = QLabel(body, objectName="cardBody")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(heading)
        layout.addWidget(text)
        self.action: QPushButton | None = None
        if action_text:
            self.action = QPushButton(action_text, objectName="primary")
            self.action.setAccessibleName(action_text.replace("&", ""))
            self.action.setCursor(Qt.CursorShape.PointingHandCursor)
            layout.addSpacing(8)
            layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignLeft)


def toolbar_button(text: str, accessible: str, parent: QWidget | None = None) -> QPushButton:
    """A toolbar button that names itself for screen readers and never shrinks below its text."""
    # parent by keyword: (text, parent) positionally makes PySide weigh the QIcon overload,
    # which creates QIcon's enums (~0.7 ms of start-up).
    button = QPushButton(text, parent=parent)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return button
