"""Keeps the card the person reads where it is in the view while heights around it change.

A card above the view measured again (the window became narrower, a card built
again at another height, words that came in) moves everything below it; left
alone, the view would show other text from one frame to the next. Before such a
change the column holds the card read; once the layout has placed it anew, the
view is scrolled by as much as it moved, before the frame is painted. (Browsers
call this scroll anchoring.)
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QScrollArea, QWidget


class ViewAnchor(QObject):
    """The card read and where it was in the view, until the person scrolls.

    Args:
        scroll: The scroll area whose view keeps the card in place.
        read: Returns the card read now (None: none).
        placed: True when a card is where the layout will leave it (not in a passing
            state of a layout being done again): only then is the view moved.
    """

    def __init__(self, scroll: QScrollArea, read: Callable[[], QWidget | None],
                 placed: Callable[[QWidget], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scroll, self._read, self._placed = scroll, read, placed
        self._card: QWidget | None = None
        self._y = 0  # where its top was, from the view's top
        self._restoring = False  # the view scrolls because of us, not the person
        bar = scroll.verticalScrollBar()
        # The layout placed the cards anew: the range changes before the view moves.
        bar.rangeChanged.connect(self.restore)
        bar.valueChanged.connect(self._scrolled)
        scroll.installEventFilter(self)  # a new size (the window's): the card read is held

    @property
    def card(self) -> QWidget | None:
        """The card held (None: none)."""
        return self._card

    def hold(self) -> None:
        """Before heights change: keep the card read where it is (or the one held already)."""
        card = self._read() if self._card is None else None
        if card is not None:
            self._card, self._y = card, self._top(card) - self._scroll.verticalScrollBar().value()
            card.installEventFilter(self)  # it moves: the view follows

    def restore(self) -> None:
        """Scroll so that the card held is where it was in the view."""
        card = self._card
        if card is None or not shiboken6.isValid(card) or card.property("discarded"):
            self._card = None
            return
        if not self._placed(card):
            return  # the layout is not done: it places the card again, and we come back
        bar = self._scroll.verticalScrollBar()
        wanted = self._top(card) - self._y
        if wanted != bar.value():
            self._restoring = True
            try:
                bar.setValue(wanted)
            finally:
                self._restoring = False

    def release(self) -> None:
        """The person scrolled (or the cards are built anew): nothing is held."""
        if self._card is not None and shiboken6.isValid(self._card):
            self._card.removeEventFilter(self)
        self._card = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The scroll area's new size: hold the card read. The card held moved: follow it."""
        if event.type() == QEvent.Type.Resize and watched is self._scroll:
            self.hold()
        elif event.type() == QEvent.Type.Move and watched is self._card:
            self.restore()
        return super().eventFilter(watched, event)

    def _scrolled(self, _value: int) -> None:
        if not self._restoring:
            self.release()  # the person scrolled: the view is where they put it

    def _top(self, card: QWidget) -> int:
        body = self._scroll.widget()
        assert body is not None
        return card.mapTo(body, QPoint(0, 0)).y()


def view_span(scroll: QScrollArea, widget: QWidget) -> tuple[int, int]:
    """The top and bottom of ``scroll``'s view, in the coordinates of ``widget`` (inside it)."""
    body = scroll.widget()
    assert body is not None
    top = scroll.verticalScrollBar().value() - widget.mapTo(body, QPoint(0, 0)).y()
    # The scroll area's inside, less a horizontal bar: its view's height. (Its viewport
    # would say so too, but the first call of viewport() costs 10 ms in PySide6 6.11,
    # right in front of the first frame.)
    across = scroll.horizontalScrollBar()
    height = scroll.contentsRect().height() - (across.height() if across.isVisible() else 0)
    return top, top + height
