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
from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QScrollArea, QWidget


class ViewAnchor(QObject):
    """The card read and where it was in the view, until the person scrolls.

    Args:
        scroll: The scroll area whose view keeps the card in place.
        placed: True when a card is where the layout will leave it (not in a passing
            state of a layout being done again): only then is the view moved.
    """

    def __init__(self, scroll: QScrollArea, placed: Callable[[QWidget], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scroll, self._placed = scroll, placed
        self._card: QWidget | None = None
        self._y = 0  # where its top was, from the view's top
        self.restoring = False  # the view scrolls because of us, not the person
        # The layout placed the cards anew: the range changes before the view moves.
        scroll.verticalScrollBar().rangeChanged.connect(self.restore)

    @property
    def card(self) -> QWidget | None:
        """The card held (None: none)."""
        return self._card

    def hold(self, card: QWidget | None) -> None:
        """Keep ``card`` where it is now (unless one is held already: that one stays)."""
        if self._card is None and card is not None:
            self._card, self._y = card, self._top(card) - self._scroll.verticalScrollBar().value()

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
            self.restoring = True
            try:
                bar.setValue(wanted)
            finally:
                self.restoring = False

    def release(self) -> None:
        """The person scrolled (or the cards are built anew): nothing is held."""
        self._card = None

    def _top(self, card: QWidget) -> int:
        body = self._scroll.widget()
        assert body is not None
        return card.mapTo(body, QPoint(0, 0)).y()
