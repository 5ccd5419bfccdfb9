"""The keyboard's way through the Journal's cards: the Tab order, and the focus kept.

Each card built takes its place in the focus chain between the card above (or the
control above the column) and the card below, so Tab and Shift+Tab go from card to
card in order; when the cards are built anew, the control that held the focus (or
the first of the card now in its place) gets it back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ketacompanion.ui.card_layout import neighbours
from ketacompanion.ui.journal_card import JournalCard

FocusPlace = tuple[int, int, int]  # session, position, which of its controls


class CardFocus:
    """Where the focus is among a column's cards, and the Tab order through them.

    Args:
        column: The widget whose children the cards are.
        cards: The cards built, by position (the column's own, kept up to date by it).
        build: Builds the card at a position (True when it did).
    """

    def __init__(self, column: QWidget, cards: dict[int, JournalCard],
                 build: Callable[[int], bool]) -> None:
        self._column, self._cards, self._build = column, cards, build
        self.before: QWidget | None = None  # the focusable control above the column

    def chain(self, index: int, above: int | None) -> None:
        """Tab goes from the card above ``index`` (or the control above) through it, on down."""
        card = self._cards[index]
        previous = self._cards[above].focusables()[-1:] if above is not None else []
        chain = [*(previous or ([self.before] if self.before else [])), *card.focusables()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def chain_around(self, index: int) -> None:
        """The card at ``index`` has new controls: Tab goes through them, then on below."""
        above, below = neighbours(self._cards, index)
        self.chain(index, above)
        if below is not None:
            self.chain(below, index)

    def focused(self) -> int | None:
        """The position of the card holding the window's focus (None: none does)."""
        widget: QWidget | None = self._column.window().focusWidget()
        while widget is not None and widget.parentWidget() is not self._column:
            widget = widget.parentWidget()
        index = widget.property("columnIndex") if widget is not None else None
        if index is None or self._cards.get(int(index)) is not widget:
            return None  # not a card, or one let go (deleted once its own click is over)
        return int(index)

    def around(self, count: int) -> set[int]:
        """The card holding the focus and its two neighbours (of ``count`` cards held)."""
        focused = self.focused()
        if focused is None:
            return set()
        return {i for i in (focused - 1, focused, focused + 1) if 0 <= i < count}

    def place(self, ids: list[int]) -> FocusPlace | None:
        """Where the focus is, if a card holds it (``ids``: the sessions held, in order)."""
        index = self.focused()
        if index is None:
            return None
        controls = self._cards[index].focusables()
        focus = self._column.window().focusWidget()
        which = controls.index(focus) if focus in controls else 0
        return ids[index], index, which

    def park(self, ids: list[int], parking: QWidget) -> FocusPlace | None:
        """Before the cards are built anew: where the focus was, now on ``parking``."""
        place = self.place(ids)
        if place is not None:
            parking.setFocus(Qt.FocusReason.OtherFocusReason)  # not a card: nothing scrolls
        return place

    def restore(self, place: FocusPlace, ids: list[int]) -> None:
        """Focus the same card's control, or (it is gone) the first of the card in its place."""
        session_id, index, which = place
        if session_id in ids:
            index = ids.index(session_id)
        else:
            index, which = min(index, len(ids) - 1), 0
        if index < 0 or (index not in self._cards and not self._build(index)):
            return
        controls = [w for w in self._cards[index].focusables() if w.isVisibleTo(self._column)]
        if controls:
            controls[min(which, len(controls) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)
