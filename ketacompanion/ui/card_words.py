"""The words under a card's voice notes: shown at once, or just after the first frame.

The words (the transcript view, and the transcription service behind it) are the
heaviest part of a card. Before the Journal's first frame, the column builds the
cards that frame shows and a wheel step below; a card's voice notes are often
below the view then, and their words are not in that frame. Those cards get their
words right after it, so the service and the view's module load only when a voice
note's words are really shown, and the first frame looks the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacompanion.ui.card_focus import CardFocus
from ketacompanion.ui.journal_card import JournalCard


class LaterWords:
    """The cards built before the first frame whose voice notes' words wait for it.

    Args:
        cards: The column's cards built, by position.
        focus: The Tab order through them (the words bring controls of their own).
    """

    def __init__(self, cards: Mapping[int, JournalCard], focus: CardFocus) -> None:
        self._cards, self._focus = cards, focus
        self._waiting: set[int] = set()

    def now(self, card: JournalCard, index: int, top: int, bottom: int, width: int) -> bool:
        """True when ``card`` shows its words now: they would be in the first frame.

        Args:
            card: The card at ``index``, just made (measured at ``width``).
            index: Its position in the column.
            top: Where it starts, in the column's coordinates.
            bottom: Where the view ends, in the same.
            width: The column's width.
        """
        start = card.words_start(width)
        if start is None or top + start < bottom:
            return start is not None
        self._waiting.add(index)
        return False

    def give_next(self) -> bool:
        """Show the words of the highest card waiting; False when none waits."""
        if not self._waiting:
            return False
        index = min(self._waiting)
        self._waiting.discard(index)
        self._cards[index].show_words()  # its new height comes as a Resize, as any other
        self._focus.chain_around(index)
        return True

    def discard(self, index: int) -> None:
        """The card at ``index`` is let go: it gets its words when it is built again."""
        self._waiting.discard(index)

    def clear(self) -> None:
        """The cards are built anew."""
        self._waiting.clear()
