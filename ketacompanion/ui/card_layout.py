"""The layout of the Journal's column: the cards built, and a gap for each run of others.

A card let go leaves a gap of its height (a spacer, which a box layout gives no
spacing of its own), so the scroll bar and what is below stay where they were.

Why widgets rather than a QListView with a delegate: a card holds real buttons, a
selectable note and editable transcripts, which a delegate would have to paint and
imitate; as widgets they stay as reachable by keyboard and screen reader as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

import shiboken6
from PySide6.QtWidgets import QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

from ketacompanion.ui.card_places import SPACING


class CardLayout(QVBoxLayout):
    """Cards top to bottom, ``SPACING`` apart; runs of cards not built are gaps."""

    def __init__(self, column: QWidget) -> None:
        super().__init__(column)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(SPACING)

    def lay_out(self, cards: Mapping[int, QWidget], starts: list[int], count: int,
                above: int | None, below: int | None) -> None:
        """Lay out again what is between two built cards (None: the column's start, end).

        Args:
            cards: The cards built, by position.
            starts: Where each of the ``count`` cards starts, and where one more would.
            count: How many cards the column holds, built or not.
            above: The built card above the stretch laid out again.
            below: The built card below it.
        """
        first = self.indexOf(cards[above]) + 1 if above is not None else 0
        last = self.indexOf(cards[below]) if below is not None else self.count()
        for _ in range(last - first):
            self.takeAt(first)
        at, run = first, (above + 1) if above is not None else 0
        stop = below if below is not None else count
        for index in [i for i in sorted(cards) if run <= i < stop] + [stop]:
            if index > run:
                self.insertItem(at, _gap(starts[index] - starts[run]))
                at += 1
            if index < stop:
                self.insertWidget(at, cards[index])
                at += 1
            run = index + 1


def neighbours(cards: Mapping[int, QWidget], index: int) -> tuple[int | None, int | None]:
    """The built cards nearest above and below ``index``."""
    above = [i for i in cards if i < index]
    below = [i for i in cards if i > index]
    return max(above, default=None), min(below, default=None)


def measure(card: QWidget, column: QWidget) -> int:
    """``card``'s height at ``column``'s width, put in it and shown to be measured.

    In place and shown before it is measured: the theme applies to it, and its
    parts count (a layout takes widgets never shown for hidden: no height).
    """
    card.setParent(column)
    card.show()
    width = column.width()
    return card.heightForWidth(width) if card.hasHeightForWidth() else card.sizeHint().height()


def discard(card: QWidget, later: bool = False) -> None:
    """Hide and free ``card`` (``later``: by the event loop, a slot of its own may be running)."""
    card.hide()
    card.setProperty("discarded", True)
    if later:
        card.deleteLater()
    else:
        shiboken6.delete(card)


def _gap(height: int) -> QSpacerItem:
    return QSpacerItem(0, height, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
