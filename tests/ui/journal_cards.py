"""Reading the Journal's cards as a person does: by scrolling to them.

Only the cards near the view are built (ketacompanion/ui/card_column.py), so a test
that wants every session of the list, or one card far down, scrolls as a person
would and takes each card as it comes near the view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea

T = TypeVar("T")


def settle(page) -> None:
    """Let the event loop do the column's work between frames (build ahead, let go)."""
    for _ in range(200):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not page.cards._work.isActive():
            return


def built(page) -> list[int]:
    """The sessions whose cards are built now, top to bottom."""
    return [card.property("sessionId") for card in page.cards.cards()]


def _bar(page):
    return page.findChild(QScrollArea, "journalScroll").verticalScrollBar()


def scroll_through(page, read: Callable[[QFrame], T]) -> list[T]:
    """``read`` of every card of the list, top to bottom, scrolled to as a person would.

    The view goes back where it was afterwards.
    """
    bar = _bar(page)
    where = bar.value()
    found: dict[int, T] = {}
    bar.setValue(0)
    settle(page)
    step = max(60, page.findChild(QScrollArea, "journalScroll").viewport().height() // 2)
    for _ in range(10_000):
        for card in page.cards.cards():
            if shiboken6.isValid(card) and not card.property("discarded"):
                found.setdefault(card.property("columnIndex"), read(card))
        if bar.value() >= bar.maximum() and page.cards.loaded >= page.cards.total:
            break
        bar.setValue(bar.value() + step)
        settle(page)
    else:
        raise AssertionError("scrolling never reached the end of the list")
    bar.setValue(where)
    settle(page)
    return [found[index] for index in sorted(found)]


def listed(page) -> list[int]:
    """The sessions of the list, top to bottom, as scrolling through it shows them."""
    return scroll_through(page, lambda card: card.property("sessionId"))


def card_for(page, session_id: int) -> QFrame:
    """The card of ``session_id``, scrolled to (built) if it was not."""
    bar = _bar(page)
    bar.setValue(0)
    settle(page)
    for _ in range(10_000):
        card = next((c for c in page.cards.cards() if c.property("sessionId") == session_id),
                    None)
        if card is not None:
            return card
        if bar.value() >= bar.maximum() and page.cards.loaded >= page.cards.total:
            raise LookupError(f"no card for session {session_id}")
        bar.setValue(bar.value() + 120)
        settle(page)
    raise AssertionError("scrolling never reached the end of the list")
