"""The Journal's column of cards: only those near the view are built, the rest are gaps.

Each card costs a few milliseconds to build and ~175 KB to keep. Landing on a long
journal built a page of ten when the window shows two to four, and every card
scrolled past stayed built, so a long scroll grew without end. Here a card is built
when it comes near the view and let go when it is far; a card let go leaves a gap
of its height, so the scroll bar and what is below stay where they were.

The person notices none of it:

- the cards a frame shows are built before that frame; the next ones after it,
  one per pass of the event loop, so a scroll step finds them ready;
- Tab and Shift+Tab go from card to card in order: each card built takes its place
  in the focus chain (and, for screen readers, among the column's children), and
  the card holding the focus and its two neighbours are never let go;
- a card whose voice note or music plays stays built (its Stop button says so),
  and a card let go first keeps what the person typed in it;
- a new width measures the cards again (those let go, one per pass, so their gaps
  are right again), and the card read stays where it was in the view
  (``view_anchor``).

Which cards to build and let go, and where each one is, is ``card_places``' part;
this module is the widgets' plumbing: the layout of cards and gaps, the Tab order,
the focus, and the events that set the work going.

Why widgets rather than a QListView with a delegate: a card holds real buttons, a
selectable note and editable transcripts, which a delegate would have to paint and
imitate; as widgets they stay as reachable by keyboard and screen reader as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QMoveEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

from ketacompanion.ui.card_places import AHEAD, READ, SPACING, STEP, CardPlaces
from ketacompanion.ui.journal_card import JournalCard, Shown
from ketacompanion.ui.view_anchor import ViewAnchor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardSource:
    """Where the cards come from: how many, their ids, and what they show, by position."""

    total: int
    ids: Callable[[int, int], list[int]]  # (offset, count) -> session ids
    shown: Callable[[int, int], list[Shown]]  # (offset, count) -> what those cards show


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
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(SPACING)
        self._source: CardSource | None = None
        self._ids: list[int] = []  # the sessions held, in order
        self._places = CardPlaces()  # their heights and where they start
        self._cards: dict[int, JournalCard] = {}  # built cards by position
        self._read: dict[int, Shown] = {}  # read ahead, by position
        self._before: QWidget | None = None
        self._anchor = ViewAnchor(scroll, self._placed, self)
        self.deferred = False  # a card's own button runs: cards let go are deleted by the loop
        self._work = QTimer(self, singleShot=True, interval=0)
        self._work.timeout.connect(self._step)
        # After a reset, the work between frames waits for the first frame: before it,
        # only the cards it shows are built (start-up is timed to that frame).
        self._frame_due = False
        body.installEventFilter(self)  # its paint: a frame (its view's cards) is painted
        scroll.installEventFilter(self)  # its new size: the card read is held in place
        scroll.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- public ------------------------------------------------------------------------

    @property
    def loaded(self) -> int:
        """How many sessions the column holds (built or not)."""
        return len(self._ids)

    @property
    def total(self) -> int:
        """How many sessions there are to hold."""
        return self._source.total if self._source else 0

    def session_ids(self) -> list[int]:
        """The sessions held, top to bottom."""
        return list(self._ids)

    def cards(self) -> list[JournalCard]:
        """The cards built now, top to bottom."""
        return [self._cards[i] for i in sorted(self._cards)]

    def tab_from(self, widget: QWidget) -> None:
        """Tab goes from ``widget`` (a focusable control above the column) to the first card."""
        self._before = widget

    def reset(self, source: CardSource, keep: int = 0) -> None:
        """Hold ``source`` from its start: ``keep`` sessions (at least the view's).

        Heights measured before are kept by session, so after a deletion or an undo
        the cards stay where they were. If a card had the focus, the same card (or
        the one now in its place) gets it back.
        """
        focus = self._focus_place()
        if focus is not None:
            self._scroll.setFocus(Qt.FocusReason.OtherFocusReason)  # parked, not scrolled
        known = self._places.known(self._ids)
        self._anchor.release()  # the cards are built anew
        for index in list(self._cards):
            self._let_go(index)
        self._source, self._read = source, {}
        count = min(max(keep, 0), source.total)
        self._ids = source.ids(0, count) if count else []
        self._places.reset(self._ids, known)
        self._lay_out(None, None)
        self.setVisible(source.total > 0)
        self._fill()
        if focus is not None:
            self._restore_focus(*focus)
        self.loaded_changed.emit()
        self._frame_due = True
        self._body.update()

    def extend(self, count: int) -> None:
        """Read and build the next ``count`` sessions below those held ("Show older")."""
        for _ in range(count):
            if not self._append():
                break
        self._work.start()

    # -- the view ------------------------------------------------------------------------

    def _view(self) -> tuple[int, int]:
        """The top and bottom of the scroll area's view, in the column's coordinates."""
        top = self._scroll.verticalScrollBar().value() - self.mapTo(self._body, QPoint(0, 0)).y()
        # The scroll area's inside, less a horizontal bar: its view's height. (Its viewport
        # would say so too, but the first call of viewport() costs 10 ms in PySide6 6.11,
        # right in front of the first frame.)
        across = self._scroll.horizontalScrollBar()
        height = self._scroll.contentsRect().height() - (across.height()
                                                         if across.isVisible() else 0)
        return top, top + height

    def _hold_the_card_read(self) -> None:
        """Before heights change: the card read (the first whose top shows) keeps its place."""
        if self._anchor.card is not None or not self.isVisible():
            return
        top, bottom = self._view()
        starts = self._places.starts()
        shown = [i for i in self._places.span(top, bottom) if i in self._cards]
        if shown:
            self._anchor.hold(self._cards[next((i for i in shown if starts[i] >= top),
                                               shown[0])])

    def _placed(self, card: QWidget) -> bool:
        """True when ``card`` is where its height and those above it put it."""
        index = card.property("columnIndex")
        return index is not None and self._cards.get(index) is card \
            and card.y() == self._places.starts()[index]

    # -- building and letting go ---------------------------------------------------------

    def _fill(self) -> None:
        """Build the cards the view shows now, and a wheel step below; read more if needed.

        Not while the column is hidden (its page is not shown): a card is measured shown,
        and there is no view to fill. It is filled when it shows.
        """
        if self._source is None or not self.isVisible():
            return
        self._places.width = self.width()
        top, bottom = self._view()
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
        if self._source is None or index >= self._source.total or not self._ensure_read(index):
            return False
        self._ids.append(self._read[index].entry.session_id)
        self._places.append()
        built = self._build(index)
        self.loaded_changed.emit()
        return built

    def _ensure_read(self, index: int) -> bool:
        """What the card at ``index`` shows, read (with the next few) if it was not yet."""
        if index in self._read:
            return True
        assert self._source is not None
        got = self._source.shown(index, READ)
        for offset, shown in enumerate(got, index):
            if offset < self.loaded and self._ids[offset] != shown.entry.session_id:
                log.info("the journal changed under its cards; reading it again")
                QTimer.singleShot(0, self.out_of_date.emit)
                return False
            self._read[offset] = shown
        return index in self._read

    def _made(self, index: int) -> tuple[JournalCard, int]:
        """A card for ``index``, in the column and shown, and its height at the column's width."""
        card = self._make(self._read[index])
        # In place and shown before it is measured: the theme applies to it, and its
        # parts count (a layout takes widgets never shown for hidden: no height).
        card.setParent(self)
        card.show()
        width = self.width()
        return card, (card.heightForWidth(width) if card.hasHeightForWidth()
                      else card.sizeHint().height())

    def _build(self, index: int) -> bool:
        """Build the card at ``index`` in its place: laid out, measured, in the Tab order."""
        if not self._ensure_read(index):
            return False
        card, height = self._made(index)
        if height > 0 and height != self._places.height(index):
            self._hold_the_card_read()
        self._places.measured(index, height, self.width())
        card.setProperty("columnIndex", index)
        card.installEventFilter(self)
        self._cards[index] = card
        before, after = self._neighbours(index)
        if after is not None:  # a screen reader reads the column's children in the order shown
            card.stackUnder(self._cards[after])
        self._lay_out(before, after)
        # Tab goes from the card above (or the control above the column) through this one,
        # then on to what followed (the card below).
        previous = self._cards[before].focusables()[-1:] if before is not None else []
        chain = [*(previous or ([self._before] if self._before else [])), *card.focusables()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        return True

    def _measure_again(self, index: int) -> None:
        """The height of a card let go, at this width: its gap becomes right again."""
        card, height = self._made(index)
        card.hide()
        card.setProperty("discarded", True)
        shiboken6.delete(card)
        if height > 0 and height != self._places.height(index):
            self._hold_the_card_read()
        if self._places.measured(index, height, self.width()):
            self._lay_out(*self._neighbours(index))

    def _let_go(self, index: int) -> None:
        card = self._cards.pop(index)
        card.removeEventFilter(self)
        card.let_go()
        self._layout.removeWidget(card)
        card.hide()
        card.setProperty("discarded", True)
        if self.deferred:
            card.deleteLater()  # its own button may be calling us
        else:
            shiboken6.delete(card)
        self._lay_out(*self._neighbours(index))

    def _neighbours(self, index: int) -> tuple[int | None, int | None]:
        """The built cards nearest above and below ``index``."""
        above = [i for i in self._cards if i < index]
        below = [i for i in self._cards if i > index]
        return max(above, default=None), min(below, default=None)

    def _lay_out(self, above: int | None, below: int | None) -> None:
        """Lay out again what is between two built cards (None: the column's start, end).

        A gap (a spacer of no spacing of its own) stands for each run of cards not built.
        """
        first = self._layout.indexOf(self._cards[above]) + 1 if above is not None else 0
        last = self._layout.indexOf(self._cards[below]) if below is not None \
            else self._layout.count()
        for _ in range(last - first):
            self._layout.takeAt(first)
        starts = self._places.starts()
        at, run = first, (above + 1) if above is not None else 0
        stop = below if below is not None else self.loaded
        for index in [i for i in sorted(self._cards) if run <= i < stop] + [stop]:
            if index > run:
                self._layout.insertItem(at, _gap(starts[index] - starts[run]))
                at += 1
            if index < stop:
                self._layout.insertWidget(at, self._cards[index])
                at += 1
            run = index + 1

    # -- the focus -----------------------------------------------------------------------

    def _focused(self) -> int | None:
        """The position of the card holding the window's focus (None: none does)."""
        widget: QWidget | None = self.window().focusWidget()
        while widget is not None and widget.parentWidget() is not self:
            widget = widget.parentWidget()
        index = widget.property("columnIndex") if widget is not None else None
        if index is None or self._cards.get(int(index)) is not widget:
            return None  # not a card, or one let go (deleted once its own click is over)
        return int(index)

    def _focus_place(self) -> tuple[int, int, int] | None:
        """(session, position, which of its controls) of the focus, if a card holds it."""
        index = self._focused()
        if index is None:
            return None
        controls = self._cards[index].focusables()
        focus = self.window().focusWidget()
        which = controls.index(focus) if focus in controls else 0
        return self._ids[index], index, which

    def _restore_focus(self, session_id: int, index: int, which: int) -> None:
        """Focus the same card's control, or (it is gone) the first of the card in its place."""
        if session_id in self._ids:
            index = self._ids.index(session_id)
        else:
            index, which = min(index, self.loaded - 1), 0
        if index < 0 or (index not in self._cards and not self._build(index)):
            return
        controls = [w for w in self._cards[index].focusables() if w.isVisibleTo(self)]
        if controls:
            controls[min(which, len(controls) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)

    def _kept(self) -> set[int]:
        """Cards never let go: the focused one and its neighbours, and those playing."""
        kept = {index for index, card in self._cards.items()
                if card.busy or card is self._anchor.card}
        focused = self._focused()
        if focused is not None:
            kept.update(i for i in (focused - 1, focused, focused + 1) if 0 <= i < self.loaded)
        return kept

    # -- events --------------------------------------------------------------------------

    def _scrolled(self, _value: int) -> None:
        if not self._anchor.restoring:
            self._anchor.release()  # the person scrolled: the view is where they put it
        self._fill()  # the cards this step shows, before its frame
        self._work.start()

    def _step(self) -> None:
        """One short piece of work between frames: read, build, let go or measure one card."""
        if self._source is None or self._frame_due or not self.isVisible():
            return
        places = self._places
        top, bottom = self._view()
        kept = self._kept()
        wanted = places.to_build(top, bottom, self._cards, kept)
        loose = places.to_let_go(top, bottom, self._cards, kept)
        stale = places.stale(top, self._cards)
        if wanted and wanted[0] in self._read:
            self._build(wanted[0])
        elif wanted:
            self._ensure_read(wanted[0])  # a query alone in this pass; the card in the next
        elif places.end() < bottom + AHEAD * (bottom - top) and self.loaded < self.total:
            if self.loaded in self._read:
                self._append()
            else:
                self._ensure_read(self.loaded)
        elif loose:
            self._let_go(loose[0])
        elif stale and stale[0] in self._read:
            self._measure_again(stale[0])
        elif stale:
            self._ensure_read(stale[0])
        else:
            self._forget_far_reads(places.keep(top, bottom))
            return
        self._work.start()

    def _forget_far_reads(self, keep: range) -> None:
        for index in [i for i in self._read if not keep.start - READ <= i < keep.stop + READ]:
            del self._read[index]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A card's new height: kept, and what is built around the view looked at again.

        The view's paint: the frame is painted, the work between frames may go on. The
        scroll area's new size: the card read is held where it is.
        """
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is self._body:
            if self._frame_due:
                self._frame_due = False
                self._work.start()  # after this frame is finished: it runs once the paint is over
        elif kind == QEvent.Type.Resize and watched is self._scroll:
            self._hold_the_card_read()
        elif kind == QEvent.Type.Move and watched is self._anchor.card:
            self._anchor.restore()
        elif kind == QEvent.Type.Resize and isinstance(watched, JournalCard):
            index = watched.property("columnIndex")
            height = watched.height()
            if index is not None and height > 0 and self._places.height(index) != height:
                self._hold_the_card_read()
            if index is not None and self._places.measured(index, height, watched.width()):
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
        """Something above moved the column: the view holds other cards (or keeps the one read)."""
        self._anchor.restore()
        self._work.start()
        super().moveEvent(event)


def _gap(height: int) -> QSpacerItem:
    return QSpacerItem(0, height, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
