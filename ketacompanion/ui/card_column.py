"""The Journal's column of cards: only those near the view are built, the rest are gaps.

Each card costs a few milliseconds to build and ~175 KB to keep, so a card is built
when it comes near the view and let go when it is far, leaving a gap of its height
(the scroll bar and what is below stay where they were). The person notices none:

- the cards a frame shows are built before that frame; the next ones after it,
  one per pass of the event loop, so a scroll step finds them ready;
- Tab and Shift+Tab go from card to card in order (``card_focus``), and the card
  holding the focus and its two neighbours are never let go;
- a card whose voice note or music plays stays built (its Stop button says so),
  and a card let go first keeps what the person typed in it;
- a new width measures the cards again (those let go, one per pass, so their gaps
  are right again), and the card read stays where it was in the view
  (``view_anchor``).

Here: building and letting go, and the events that set the work going. Which
cards, and where each is: ``card_places``; what they show: ``card_reads``; cards
and gaps laid out: ``card_layout``; voice notes' words after the first frame:
``card_words``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QMoveEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from ketacompanion.ui.card_focus import CardFocus
from ketacompanion.ui.card_layout import CardLayout, discard, measure, neighbours
from ketacompanion.ui.card_places import STEP, CardPlaces, Work
from ketacompanion.ui.card_reads import CardReads, CardSource
from ketacompanion.ui.card_words import LaterWords
from ketacompanion.ui.journal_card import JournalCard, Shown
from ketacompanion.ui.view_anchor import ViewAnchor, view_span

__all__ = ["CardColumn", "CardSource"]


class CardColumn(QWidget):
    """Holds a list of sessions in order; builds the cards near the view of ``scroll``.

    Args:
        scroll: The scroll area the column is in; its view decides which cards are built.
        build: Makes one card.

    Signals:
        loaded_changed: How many sessions the column holds changed (see :attr:`loaded`).
        out_of_date: The journal changed under the column (a card's place holds another
            session): it should be read again.
    """

    loaded_changed = Signal()
    out_of_date = Signal()

    def __init__(self, scroll: QScrollArea, build: Callable[[Shown], JournalCard],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardColumn")
        self._scroll, self._make = scroll, build
        body = scroll.widget()
        assert body is not None  # the column goes into the body the scroll area already has
        self._body = body
        self._layout = CardLayout(self)
        self._ids: list[int] = []  # the sessions held, in order
        self._places = CardPlaces()  # their heights and where they start
        self._cards: dict[int, JournalCard] = {}  # built cards by position
        # What they show, read ahead by position (the journal changed: read it again).
        self._read = CardReads(lambda: QTimer.singleShot(0, self.out_of_date.emit))
        self._focus = CardFocus(self, self._cards, self._build)
        self._words = LaterWords(self._cards, self._focus)  # words after the first frame
        self._anchor = ViewAnchor(scroll, self._card_read, self._placed, self)
        self.deferred = False  # a card's own button runs: cards let go are deleted by the loop
        self._work = QTimer(self, singleShot=True, interval=0)
        self._work.timeout.connect(self._step)
        self._frame_due = False  # after a reset, only that frame's cards; the rest after it
        self._painted = False  # the first frame is painted
        body.installEventFilter(self)  # its paint: a frame (its view's cards) is painted
        scroll.verticalScrollBar().valueChanged.connect(self._scrolled)

    @property
    def loaded(self) -> int:
        """How many sessions the column holds (built or not)."""
        return len(self._ids)

    @property
    def total(self) -> int:
        """How many sessions there are to hold."""
        source = self._read.source
        return source.total if source else 0

    def session_ids(self) -> list[int]:
        """The sessions held, top to bottom."""
        return list(self._ids)

    def cards(self) -> list[JournalCard]:
        """The cards built now, top to bottom."""
        return [self._cards[i] for i in sorted(self._cards)]

    def tab_from(self, widget: QWidget) -> None:
        """Tab goes from ``widget`` (a focusable control above the column) to the first card."""
        self._focus.before = widget

    def reset(self, source: CardSource, keep: int = 0) -> None:
        """Hold ``source`` from its start: ``keep`` sessions (at least the view's).

        Heights measured before are kept by session, so after a deletion or an undo
        the cards stay where they were. If a card had the focus, the same card (or
        the one now in its place) gets it back.
        """
        focus = self._focus.park(self._ids, self._scroll)
        known = self._places.known(self._ids)
        self._anchor.release()  # the cards are built anew
        for index in list(self._cards):
            self._let_go(index)
        self._words.clear()
        self._read.reset(source)
        count = min(max(keep, 0), source.total)
        self._ids = source.ids(0, count) if count else []
        self._places.reset(self._ids, known)
        self._lay_out(None, None)
        self.setVisible(source.total > 0)
        self._fill()
        if focus is not None:
            self._focus.restore(focus, self._ids)
        self.loaded_changed.emit()
        self._frame_due = True
        self._body.update()

    def extend(self, count: int) -> None:
        """Read and build the next ``count`` sessions below those held ("Show older")."""
        all(self._append() for _ in range(count))  # up to the first that is not there
        self._work.start()

    def _card_read(self) -> QWidget | None:
        """The card read: the first whose top shows, where a frame showed it (None: none)."""
        if not (self.isVisible() and self._painted):
            return None  # nothing was seen yet: nothing to keep in place
        index = self._places.read(*view_span(self._scroll, self), self._cards)
        card = self._cards[index] if index is not None else None
        return card if card is not None and self._placed(card) else None

    def _placed(self, card: QWidget) -> bool:
        """True when ``card`` is where its height and those above it put it."""
        index = card.property("columnIndex")
        return index is not None and self._cards.get(index) is card \
            and card.y() == self._places.starts()[index]

    def _fill(self) -> None:
        """Build the cards the view shows now, and a wheel step below; read more if needed.

        Not while the column is hidden (its page is not shown): a card is measured shown,
        and there is no view to fill. It is filled when it shows.
        """
        if self._read.source is None or not self.isVisible():
            return
        self._places.width = self.width()
        top, bottom = view_span(self._scroll, self)
        bottom += STEP  # the first step down finds its card built
        for index in self._places.span(top, bottom):
            if index not in self._cards:
                self._build(index)
        while self._places.end() < bottom and self.loaded < self.total:
            if not self._append():
                break

    def _append(self) -> bool:
        """Hold the next session and build its card (to know its height)."""
        index = self.loaded
        if index >= self.total or not self._read.ensure(index, self._ids):
            return False
        self._ids.append(self._read[index].entry.session_id)
        self._places.append()
        built = self._build(index)
        self.loaded_changed.emit()
        return built

    def _made(self, index: int) -> tuple[JournalCard, int]:
        """A card for ``index``, shown, and its height (its words: see ``card_words``)."""
        card = self._make(self._read[index])
        if self._painted or self._words.now(
                card, index, self._places.starts()[index], view_span(self._scroll, self)[1],
                self.width()):
            card.show_words()
        return card, measure(card, self)

    def _build(self, index: int) -> bool:
        """Build the card at ``index`` in its place: laid out, measured, in the Tab order."""
        if not self._read.ensure(index, self._ids):
            return False
        self._anchor.hold()
        card, height = self._made(index)
        self._measured(index, height, self.width())
        card.setProperty("columnIndex", index)
        card.installEventFilter(self)
        self._cards[index] = card
        before, after = neighbours(self._cards, index)
        if after is not None:  # a screen reader reads the column's children in the order shown
            card.stackUnder(self._cards[after])
        self._lay_out(before, after)
        self._focus.chain(index, before)  # Tab: from the card above, through it, on down
        return True

    def _measure_again(self, index: int) -> None:
        """The height of a card let go, at this width: its gap becomes right again."""
        card, height = self._made(index)
        discard(card)
        if self._measured(index, height, self.width()):
            self._lay_out(*neighbours(self._cards, index))

    def _measured(self, index: int, height: int, width: int) -> bool:
        """The card at ``index`` is ``height`` tall: True if its place changed (the view holds)."""
        if height > 0 and height != self._places.height(index):
            self._anchor.hold()  # before it moves what is below it
        return self._places.measured(index, height, width)

    def _let_go(self, index: int) -> None:
        card = self._cards.pop(index)
        self._words.discard(index)
        card.removeEventFilter(self)
        card.let_go()
        self._layout.removeWidget(card)
        discard(card, later=self.deferred)  # its own button may be calling us
        self._lay_out(*neighbours(self._cards, index))

    def _lay_out(self, above: int | None, below: int | None) -> None:
        self._layout.lay_out(self._cards, self._places.starts(), self.loaded, above, below)

    def _kept(self) -> set[int]:
        """Cards never let go: the focused one and its neighbours, the one read, those playing."""
        return {index for index, card in self._cards.items()
                if card.busy or card is self._anchor.card} | self._focus.around(self.loaded)

    # -- events --------------------------------------------------------------------------

    def _scrolled(self, _value: int) -> None:
        self._fill()  # the cards this step shows, before its frame
        self._work.start()

    def _step(self) -> None:
        """One short piece of work between frames: read, build, let go or measure one card."""
        if self._read.source is None or self._frame_due or not self.isVisible():
            return
        self._anchor.hold()  # before a card shows (a layout's passing state moves the others)
        if self._words.give_next():  # to a card built before the first frame
            self._work.start()
            return
        top, bottom = view_span(self._scroll, self)
        work = self._places.next_work(top, bottom, self._cards, self._kept(), self._read,
                                      self.total)
        if work is None:
            self._read.forget_far(self._places.keep(top, bottom))
            return
        kind, index = work
        if kind is Work.READ:
            self._read.ensure(index, self._ids)
        elif kind is Work.APPEND:
            self._append()
        else:
            {Work.BUILD: self._build, Work.LET_GO: self._let_go,
             Work.MEASURE: self._measure_again}[kind](index)
        self._work.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A card's new height: kept, and what is built around the view looked at again.

        The view's paint: the frame is painted, the work between frames may go on.
        """
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is self._body:
            self._painted = True
            if self._frame_due:
                self._frame_due = False
                self._work.start()  # after this frame is finished: it runs once the paint is over
        elif kind == QEvent.Type.Resize and isinstance(watched, JournalCard):
            index = watched.property("columnIndex")
            if index is not None and self._measured(index, watched.height(), watched.width()):
                self._work.start()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        """The page shows (again): the cards its view needs, before its frame."""
        super().showEvent(event)
        self._fill()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width or height: the view keeps the card read; it needs other cards."""
        self._places.width = self.width()
        self._anchor.restore()  # the cards are laid out in the new size already
        self._work.start()
        super().resizeEvent(event)

    def moveEvent(self, event: QMoveEvent) -> None:
        """Something above moved the column: the view keeps the card read."""
        self._anchor.restore()
        self._work.start()
        super().moveEvent(event)
