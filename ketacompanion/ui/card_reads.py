"""What the Journal's cards show, read from the journal a few at a time, ahead of the view.

The column asks what the card at a position shows; it is read with the next few
(one query for the cards coming in next) and forgotten again once far from the view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ketacompanion.ui.journal_card import Shown

log = logging.getLogger(__name__)

READ = 10  # sessions read at once


@dataclass(frozen=True)
class CardSource:
    """Where the cards come from: how many, their ids, and what they show, by position."""

    total: int
    ids: Callable[[int, int], list[int]]  # (offset, count) -> session ids
    shown: Callable[[int, int], list[Shown]]  # (offset, count) -> what those cards show


class CardReads:
    """What the cards show, by position, as read so far.

    Args:
        changed: Called when the journal changed under the cards (a position read
            holds another session than the one held there).
    """

    def __init__(self, changed: Callable[[], None]) -> None:
        self.source: CardSource | None = None
        self._changed = changed
        self._read: dict[int, Shown] = {}

    def __contains__(self, index: object) -> bool:
        return index in self._read

    def __getitem__(self, index: int) -> Shown:
        return self._read[index]

    def reset(self, source: CardSource) -> None:
        """Read from ``source`` from now on; nothing is read yet."""
        self.source, self._read = source, {}

    def ensure(self, index: int, held: list[int]) -> bool:
        """What the card at ``index`` shows, read (with the next few) if it was not yet.

        Args:
            index: The card's position.
            held: The sessions the column holds, in order (what was read must match).

        Returns:
            True when it is read; False past the end, or when the journal changed.
        """
        if index in self._read:
            return True
        assert self.source is not None
        got = self.source.shown(index, READ)
        for offset, shown in enumerate(got, index):
            if offset < len(held) and held[offset] != shown.entry.session_id:
                log.info("the journal changed under its cards; reading it again")
                self._changed()
                return False
            self._read[offset] = shown
        return index in self._read

    def forget_far(self, keep: range) -> None:
        """Forget what cards far from ``keep`` (the cards kept built) show."""
        for index in [i for i in self._read if not keep.start - READ <= i < keep.stop + READ]:
            del self._read[index]
