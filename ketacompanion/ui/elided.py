"""A label and a drop-down that shorten their text with "…" rather than cut it.

Qt cuts a label's or a combo box's text at its edge, mid-letter and with no sign
that anything is missing ("Settle 10 → 6" for "Settle 10 → 6 Hz"). These two show
what fits, end it in "…" when something had to go, and keep the whole text where
it can be reached: ``text()``/``currentText()`` stay whole (screen readers read
them), and the tooltip holds the whole text whenever it is shortened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

_ELIDE = Qt.TextElideMode.ElideRight


class ElidedLabel(QLabel):
    """One line of plain text; what does not fit its width ends in "…".

    The tooltip is the whole text, and so is the accessible name, unless one is set.
    """

    def __init__(self, parent: QWidget | None = None, **properties: Any) -> None:
        super().__init__(parent, **properties)  # Qt properties, as QLabel takes them
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        """Show ``text`` (shortened to fit when it must); hovering shows all of it."""
        super().setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """The text as drawn at the current width."""
        return self.fontMetrics().elidedText(self.text(), _ELIDE, self._room())

    def minimumSizeHint(self) -> QSize:
        """A few letters and the "…" (the layout may give it no more)."""
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("Wwww…"), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the shortened text where QLabel would draw the whole one."""
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect().adjusted(self.margin(), self.margin(),
                                            -self.margin(), -self.margin())
        painter.drawText(rect, int(self.alignment()), self.shown_text())

    def _room(self) -> int:
        return self.contentsRect().width() - 2 * self.margin()


class ElidedComboBox(QComboBox):
    """A drop-down whose chosen text ends in "…" when the box is too narrow for it.

    The list that opens is wide enough for every entry whole; the box's tooltip is
    the chosen entry whenever it is shortened (its own tooltip otherwise).
    """

    def __init__(self, parent: QWidget | None = None, **properties: Any) -> None:
        super().__init__(parent, **properties)  # Qt properties, as QComboBox takes them
        self._tip = ""  # the tooltip set for the box itself, shown while nothing is shortened
        self.currentIndexChanged.connect(lambda _index: self._show_whole_on_hover())

    def setToolTip(self, tip: str) -> None:
        """The box's own tooltip, shown while its text is whole."""
        self._tip = tip
        self._show_whole_on_hover()

    def shown_text(self) -> str:
        """The chosen entry as drawn at the current width."""
        return self.fontMetrics().elidedText(self.currentText(), _ELIDE, self._room())

    def showPopup(self) -> None:
        """Open the list as wide as its longest entry needs."""
        view = self.view()
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.setMinimumWidth(self.popup_width())
        super().showPopup()

    def popup_width(self) -> int:
        """The width of the list that opens: its longest entry, whole, with room around it."""
        metrics = self.view().fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())),
                     default=0)
        # The theme's item padding and the list's frame, with a little air.
        return widest + 2 * 10 + 2 * self.view().frameWidth() + 8

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the box as Qt does, with the chosen text shortened to its field."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.fontMetrics().elidedText(option.currentText, _ELIDE,
                                                           self._room(option))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may shorten the text, or leave room for all of it."""
        super().resizeEvent(event)
        self._show_whole_on_hover()

    def changeEvent(self, event: QEvent) -> None:
        """Another theme's type or padding may shorten the text, or leave room for it."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._show_whole_on_hover()

    def _show_whole_on_hover(self) -> None:
        whole = self.currentText()
        super().setToolTip(whole if self.shown_text() != whole else self._tip)

    def _room(self, option: QStyleOptionComboBox | None = None) -> int:
        if option is None:
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return field.width() - 2  # the label is drawn a pixel inside the field on each side
