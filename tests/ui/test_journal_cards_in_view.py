"""A long journal builds only the cards near the view, and the keyboard still walks them all.

Landing on the Journal built a page of ten cards before the first frame when the
window shows two to four; and every card scrolled past stayed built, so scrolling
far down a long journal grew without end. Cards far from the view are now let go
and built again when they come back; Tab, Shift+Tab and the Page keys go through
the cards in order as if they were all there, and a focused card is never let go.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from tests.builders import add_session

SIZE = (1100, 720)  # the window's first size


def _fill(companion, count: int) -> list[int]:
    """``count`` sessions a few hours apart with notes of varied length, oldest first."""
    words = "grey velvet drape green swamp forest tunnel purple light".split()
    return [add_session(companion.database, f"2025-{1 + n // 112 % 12:02d}-"
                        f"{1 + n // 4 % 28:02d}T{6 + 4 * (n % 4):02d}:00:00Z",
                        mood_before=3, mood_after=6, intention="let go",
                        note=" ".join(words[k % len(words)] for k in range(8 + 9 * (n % 7))))
            for n in range(count)]


def _built(page) -> list[QFrame]:
    """The session cards alive now, top to bottom."""
    cards = [c for c in page.findChildren(QFrame, "card")
             if c.property("sessionId") is not None and not c.property("discarded")
             and shiboken6.isValid(c)]
    return sorted(cards, key=lambda c: c.mapTo(page, QPoint(0, 0)).y())


def _viewport(page):
    return page.findChild(QScrollArea, "journalScroll").viewport()


def _in_view(page) -> list[QFrame]:
    view = _viewport(page)
    return [c for c in _built(page) if c.isVisible()
            and c.mapTo(view, QPoint(0, c.height())).y() > 0
            and c.mapTo(view, QPoint(0, 0)).y() < view.height()]


def _list_bottom_in_view(page) -> int:
    """Where the last card built ends, in the viewport's coordinates."""
    last = _built(page)[-1]
    return last.mapTo(_viewport(page), QPoint(0, last.height())).y()


def _check_view_is_covered(page, order: list[int]) -> None:
    """What the view shows is cards, in the journal's order, with no hole between them."""
    shown = _in_view(page)
    assert shown, "no card in view"
    ids = [c.property("sessionId") for c in shown]
    start = order.index(ids[0])
    assert ids == order[start:start + len(ids)]
    view = _viewport(page)
    for upper, lower in zip(shown, shown[1:], strict=False):
        gap = lower.mapTo(view, QPoint()).y() - upper.mapTo(view, QPoint(0, upper.height())).y()
        assert 0 <= gap <= 40, "a hole between two cards in view"
    top = shown[0].mapTo(view, QPoint()).y()
    bottom = shown[-1].mapTo(view, QPoint(0, shown[-1].height())).y()
    assert top <= 40 or start == 0, "a hole above the first card in view"
    assert bottom >= view.height() - 40 or ids[-1] == order[-1], "a hole below the cards"


class _FirstFrame(QObject):
    """Calls ``then`` once the window's first frame is finished (as ketacompanion.first_frame)."""

    def __init__(self, window: QWidget, then) -> None:
        super().__init__()
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def _at_first_frame(qtbot, window, size: tuple[int, int], look) -> dict[str, object]:
    """Open ``window`` on the Journal at ``size``; what ``look()`` saw at its first frame."""
    seen: dict[str, object] = {}
    window.resize(*size)
    window.show_page("journal")
    watcher = _FirstFrame(window, lambda: seen.update(look()))
    window.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    del watcher
    return seen


def _land_on_journal(qtbot, companion) -> dict[str, object]:
    """Open the window on the Journal; what was built when its first frame was done."""
    page = companion.notes.journal_page
    return _at_first_frame(qtbot, companion.window, SIZE, lambda: {
        "built": [c.property("sessionId") for c in _built(page)],
        "in view": [c.property("sessionId") for c in _in_view(page)],
        "bottom": _list_bottom_in_view(page) if _built(page) else 0,
        "view": _viewport(page).height(),
    })


def _open(qtbot, companion):
    window = companion.window
    window.resize(*SIZE)
    window.show()
    window.show_page("journal")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page = companion.notes.journal_page
    qtbot.waitUntil(lambda: bool(_in_view(page)), timeout=2000)
    return page


def _settle(qtbot) -> None:
    """Let the event loop run its queued work (cards built and let go between frames)."""
    for _ in range(30):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _before_the_frame() -> None:
    """What Qt does before it paints a frame: the posted events (layouts first), no timers."""
    QApplication.sendPostedEvents()


def _bar(page):
    return page.findChild(QScrollArea, "journalScroll").verticalScrollBar()


def test_landing_on_a_long_journal_builds_the_cards_in_view_and_few_more(qtbot, companion):
    ids = _fill(companion, 300)
    seen = _land_on_journal(qtbot, companion)
    newest = ids[::-1]
    in_view = seen["in view"]
    assert in_view == newest[:len(in_view)] and len(in_view) >= 1
    # No empty frame: the cards reach past the bottom of the view.
    assert seen["bottom"] >= seen["view"]
    # The view plus a small margin: at most two cards past what shows (it built ten).
    assert seen["built"] == newest[:len(seen["built"])]
    assert len(seen["built"]) <= len(in_view) + 2, seen


def test_scrolling_far_keeps_the_cards_alive_bounded(qtbot, companion):
    ids = _fill(companion, 300)
    page = _open(qtbot, companion)
    bar = _bar(page)
    widgets_at_start = len(page.findChildren(QWidget))
    most = 0
    for step in range(400):  # a wheel's worth (120 px) at a time
        bar.setValue(bar.value() + 120)
        _settle(qtbot)
        most = max(most, len(_built(page)))
        if step % 40 == 39:
            _check_view_is_covered(page, ids[::-1])
    assert bar.value() > 40_000  # far down, past a hundred cards
    assert most <= 14, most
    assert len(page.findChildren(QWidget)) <= 2 * widgets_at_start
    # Back to the top: the first cards are built again, in order.
    bar.setValue(0)
    _settle(qtbot)
    _check_view_is_covered(page, ids[::-1])
    assert _in_view(page)[0].property("sessionId") == ids[-1]


def _focusables(card: QFrame) -> list[QWidget]:
    return [w for w in card.findChildren(QWidget)
            if w.isVisibleTo(card) and w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def _card_of(widget: QWidget | None) -> QFrame | None:
    while widget is not None and not (isinstance(widget, QFrame)
                                       and widget.property("sessionId") is not None):
        widget = widget.parentWidget()
    return widget


def _tab(qtbot, backwards: bool = False) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None, "the focus was lost"
    if backwards:
        qtbot.keyClick(focused, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    _settle(qtbot)
    now = QApplication.focusWidget()
    assert now is not None, "the focus was lost"
    return now


def test_tab_walks_through_the_cards_in_order_across_releases(qtbot, companion):
    ids = _fill(companion, 60)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    page.findChild(QLineEdit, "searchBox").setFocus()
    _settle(qtbot)
    visited: list[int] = []
    names: list[str] = []
    while len(visited) < 40:
        focused = _tab(qtbot)
        card = _card_of(focused)
        assert card is not None, f"Tab left the cards for {focused.accessibleName()!r}"
        if not visited or visited[-1] != card.property("sessionId"):
            visited.append(card.property("sessionId"))
        names.append(focused.accessibleName())
        assert focused.visibleRegion().boundingRect().height() > 0  # scrolled into view
    assert visited == newest[:40]  # every card in order: none skipped, none twice
    assert len(_built(page)) <= 14  # cards tabbed past were let go
    assert all(names), "a control without a name"
    assert _first_card_widget(page, newest[0]) is None  # let go, as far above the view
    # And back: Shift+Tab goes up through the cards, built again as it comes to them.
    back: list[int] = [visited[-1]]
    while len(back) < 40:
        card = _card_of(_tab(qtbot, backwards=True))
        assert card is not None
        if back[-1] != card.property("sessionId"):
            back.append(card.property("sessionId"))
    assert back == newest[:40][::-1]


def _first_card_widget(page, session_id: int) -> QFrame | None:
    return next((c for c in _built(page) if c.property("sessionId") == session_id), None)


def test_tab_from_the_search_goes_to_the_newest_card_first(qtbot, companion):
    ids = _fill(companion, 25)
    page = _open(qtbot, companion)
    page.findChild(QLineEdit, "searchBox").setFocus()
    _settle(qtbot)
    focused = _tab(qtbot)
    # It went to "Show rehearsals" and "Show older sessions", below every card.
    assert _card_of(focused) is not None, focused.accessibleName()
    assert _card_of(focused).property("sessionId") == ids[-1]


def test_a_focused_card_scrolled_far_away_keeps_the_focus_and_tab_goes_on_from_it(
        qtbot, companion):
    ids = _fill(companion, 120)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    first = _built(page)[0]
    edit = next(b for b in _focusables(first) if b.accessibleName().startswith("Edit"))
    edit.setFocus()
    _settle(qtbot)
    bar = _bar(page)
    for _ in range(150):  # the wheel, far down: the focus stays where it was
        bar.setValue(bar.value() + 120)
        _settle(qtbot)
    assert len(_built(page)) <= 14
    assert shiboken6.isValid(edit) and QApplication.focusWidget() is edit
    focused = _tab(qtbot)
    while _card_of(focused) is first:  # past the rest of the first card (Delete)
        focused = _tab(qtbot)
    assert _card_of(focused).property("sessionId") == newest[1]
    _check_view_is_covered(page, newest)  # Tab brought the view back to it


def test_page_keys_scroll_with_every_view_filled_and_the_focus_kept(qtbot, companion):
    ids = _fill(companion, 120)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    button = _focusables(_built(page)[0])[0]
    button.setFocus()
    _settle(qtbot)
    bar = _bar(page)
    for _ in range(40):
        before = bar.value()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
        assert bar.value() > before  # the key scrolled the journal
        _before_the_frame()
        _check_view_is_covered(page, newest)  # cards at once, not after a blank frame
        _settle(qtbot)
    assert len(_built(page)) <= 14
    assert QApplication.focusWidget() is button  # kept, far above the view
    while bar.value() > 0:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp)
        _before_the_frame()
        _check_view_is_covered(page, newest)
        _settle(qtbot)
    assert QApplication.focusWidget() is button


def test_arrow_keys_walk_the_controls_in_order_and_the_view_follows(qtbot, companion):
    ids = _fill(companion, 60)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    _focusables(_built(page)[0])[0].setFocus()
    _settle(qtbot)
    visited = [newest[0]]
    while len(visited) < 25:  # Down moves to the next control (Qt's buttons), Up back
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        _before_the_frame()
        focused = QApplication.focusWidget()
        assert _card_of(focused) is not None
        assert focused.visibleRegion().boundingRect().height() > 0
        _check_view_is_covered(page, newest)
        if visited[-1] != _card_of(focused).property("sessionId"):
            visited.append(_card_of(focused).property("sessionId"))
        _settle(qtbot)
    assert visited == newest[:25]
    assert len(_built(page)) <= 14
    while _card_of(QApplication.focusWidget()).property("sessionId") != newest[20]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
        _settle(qtbot)
    _check_view_is_covered(page, newest)


def test_deleting_with_the_keyboard_moves_the_focus_to_the_next_card(
        qtbot, companion, monkeypatch):
    ids = _fill(companion, 40)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    bar = _bar(page)
    for _ in range(30):  # a card down the list, with cards let go above it
        bar.setValue(bar.value() + 120)
        _settle(qtbot)
    card = _in_view(page)[0]
    victim = card.property("sessionId")
    delete = next(b for b in _focusables(card) if b.accessibleName().startswith("Delete"))
    delete.setFocus()
    _settle(qtbot)
    qtbot.keyClick(delete, Qt.Key.Key_Space)
    _settle(qtbot)
    focused = QApplication.focusWidget()
    assert focused is not None and _card_of(focused) is not None, focused
    after = newest[newest.index(victim) + 1]
    assert _card_of(focused).property("sessionId") == after
    assert victim not in [c.property("sessionId") for c in _built(page)]
    _check_view_is_covered(page, [i for i in newest if i != victim])


def test_cards_built_again_keep_their_names_and_read_in_order(qtbot, companion):
    ids = _fill(companion, 80)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    bar = _bar(page)
    for _ in range(60):
        bar.setValue(bar.value() + 120)
        _settle(qtbot)
    for _ in range(30):  # back up: cards above the view are built again
        bar.setValue(bar.value() - 120)
        _settle(qtbot)
    cards = _built(page)
    assert len(cards) >= 2
    for card in cards:
        assert card.accessibleName().startswith("Session "), card.accessibleName()
        for widget in _focusables(card):
            assert widget.accessibleName(), widget
    # A screen reader reads the list's children in the order they show.
    holder = cards[0].parentWidget()
    accessible = QAccessible.queryAccessibleInterface(holder)
    names = [accessible.child(n).text(QAccessible.Text.Name)
             for n in range(accessible.childCount())]
    shown = [c.accessibleName() for c in cards]
    assert [n for n in names if n in shown] == shown
    order = [c.property("sessionId") for c in cards]
    start = newest.index(order[0])
    assert order == newest[start:start + len(order)]


def test_a_search_after_scrolling_far_builds_only_the_cards_in_view(qtbot, companion):
    _fill(companion, 200)
    page = _open(qtbot, companion)
    bar = _bar(page)
    for _ in range(200):
        bar.setValue(bar.value() + 120)
        _settle(qtbot)
    page.findChild(QLineEdit, "searchBox").setText("velvet")
    page.refresh()
    # Before: as many cards as had been scrolled through, all built at once.
    assert len(_built(page)) <= 8


def test_words_that_come_after_a_card_is_built_are_reached_by_tab_in_their_place(
        qtbot, companion):
    sid = add_session(companion.database, intention="rest", note="a grey drape")
    take = companion.notes.journal.add_take(sid, companion.paths.recordings / "t.flac", 3.0)
    page = _open(qtbot, companion)
    card = _built(page)[0]
    assert card.findChild(QPlainTextEdit, "transcriptEdit") is None  # no words: no text box
    service = companion.notes.transcription
    assert service is not None and service.problem is None
    service._done.emit(take.id, sid, "a warm green light", "")  # as the engine's worker does
    qtbot.waitUntil(lambda: card.findChild(QPlainTextEdit, "transcriptEdit") is not None
                    and card.findChild(QPlainTextEdit, "transcriptEdit").isVisible())
    _focusables(card)[0].setFocus()  # Play
    names = [QApplication.focusWidget().accessibleName()]
    for _ in range(3):
        names.append(_tab(qtbot).accessibleName())
    assert names == ["Play voice note 1", "Remove voice note 1",
                     "Words of this voice note (you can correct them)",
                     names[3]] and names[3].startswith("Edit the notes of ")


def test_a_narrower_window_keeps_every_view_filled_up_and_down(qtbot, companion):
    ids = _fill(companion, 120)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    bar = _bar(page)
    for _ in range(40):
        bar.setValue(bar.value() + 120)
        _settle(qtbot)
    companion.window.resize(820, 720)  # cards let go were measured wider: taller now
    _settle(qtbot)
    _check_view_is_covered(page, newest)
    while bar.value() > 0:
        bar.setValue(bar.value() - 120)
        _before_the_frame()
        _check_view_is_covered(page, newest)
        _settle(qtbot)
    for _ in range(60):
        bar.setValue(bar.value() + 120)
        _before_the_frame()
        _check_view_is_covered(page, newest)
        _settle(qtbot)
