"""The Journal reads sessions a page at a time: show more, scrolling, delete/undo, search."""

from __future__ import annotations

import shiboken6
from journal_cards import card_for, listed, scroll_through, settle
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
)

from tests.builders import add_session


def _fill(companion, count: int) -> list[int]:
    """``count`` sessions a day apart, oldest first; the oldest note says "lighthouse"."""
    ids = []
    for n in range(count):
        ids.append(add_session(
            companion.database, f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}T09:00:00Z",
            mood_before=3, mood_after=6, note="lighthouse at dawn" if n in (0, 1) else f"note {n}"))
    return ids


def _button(page, name: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.accessibleName() == name
                and not b.parentWidget().property("discarded"))


def _open(companion):
    page = companion.notes.journal_page
    companion.window.resize(1100, 700)
    companion.window.show()
    companion.window.show_page("journal")
    settle(page)
    return page


def test_show_more_adds_the_next_page_below_without_rebuilding_the_first(qtbot, companion):
    ids = _fill(companion, 25)
    page = _open(companion)
    newest = ids[::-1]
    held = page.cards.session_ids()
    assert held == newest[:len(held)] and len(held) < 10  # what the view needs, no more
    first_cards = page.cards.cards()
    more = _button(page, "Show older sessions")
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert page.cards.session_ids() == newest[:len(held) + 10]
    settle(page)
    assert all(shiboken6.isValid(c) and not c.property("discarded")
               for c in first_cards)  # kept, not built again
    while more.isVisible():
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert page.cards.session_ids() == newest
    assert listed(page) == newest


def test_scrolling_near_the_end_brings_the_next_cards(qtbot, companion):
    ids = _fill(companion, 40)
    page = _open(companion)
    held = page.cards.loaded
    bar = page.findChild(QScrollArea, "journalScroll").verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: page.cards.loaded > held, timeout=2000)
    shown = page.cards.session_ids()
    assert shown == ids[::-1][:len(shown)]  # in order, no gap, no repeat


def test_delete_and_undo_far_down_the_list_keep_the_list_right(qtbot, companion, monkeypatch):
    ids = _fill(companion, 25)
    newest = ids[::-1]
    page = _open(companion)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    victim = newest[14]
    delete = next(b for b in card_for(page, victim).findChildren(QPushButton)
                  if b.accessibleName().startswith("Delete "))
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    settle(page)
    assert listed(page) == [i for i in newest if i != victim]
    qtbot.mouseClick(_button(page, "Undo the deletion"), Qt.MouseButton.LeftButton)
    assert listed(page) == newest


def test_search_finds_sessions_far_past_the_first_page(qtbot, companion):
    ids = _fill(companion, 30)
    page = _open(companion)
    qtbot.keyClicks(page.findChild(QLineEdit, "searchBox"), "lighthouse")
    qtbot.waitUntil(lambda: listed(page) == [ids[1], ids[0]], timeout=2000)
    assert not _button(page, "Show older sessions").isVisible()


def test_coming_back_to_an_unchanged_journal_keeps_its_cards(qtbot, companion):
    ids = _fill(companion, 15)
    page = _open(companion)
    built = {c.property("sessionId"): c for c in page.cards.cards()}
    companion.window.show_page("prepare")
    companion.window.show_page("journal")
    settle(page)
    assert all(shiboken6.isValid(c) and not c.property("discarded")
               for c in built.values())  # nothing rebuilt
    companion.window.show_page("prepare")
    companion.notes.journal.save_note(ids[-1], "a new word")  # a write: shown afresh
    companion.window.show_page("journal")
    assert not any(shiboken6.isValid(c) for c in built.values())  # built afresh, old ones freed
    assert listed(page) == ids[::-1]
    assert card_for(page, ids[-1]).findChild(QLabel, "journalNote").text() == "a new word"


def test_a_note_becomes_selectable_as_the_mouse_comes_over_it(qtbot, companion):
    ids = _fill(companion, 3)
    page = _open(companion)
    note = card_for(page, ids[2]).findChild(QLabel, "journalNote")
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    assert not note.textInteractionFlags() & selectable  # no text document until needed
    QApplication.sendEvent(note, QEnterEvent(QPointF(8, 8), QPointF(8, 8), QPointF(8, 8)))
    assert note.textInteractionFlags() & selectable
    other = card_for(page, ids[1]).findChild(QLabel, "journalNote")
    qtbot.mouseDClick(other, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))  # no Enter first
    assert other.selectedText() in other.text().split()  # a word of the note, selected


def test_cards_of_a_later_search_page_show_where_they_matched(qtbot, companion, monkeypatch):
    _fill(companion, 30)
    page = _open(companion)
    searched = []
    real = companion.notes.journal.search
    monkeypatch.setattr(companion.notes.journal, "search",
                        lambda q, **kw: searched.append(q) or real(q, **kw))
    qtbot.keyClicks(page.findChild(QLineEdit, "searchBox"), "note")
    qtbot.waitUntil(lambda: searched == ["note"], timeout=2000)
    qtbot.mouseClick(_button(page, "Show older sessions"), Qt.MouseButton.LeftButton)
    matches = scroll_through(page, lambda card: card.findChild(QLabel, "searchMatches").text())
    assert len(matches) == 28  # all but the two lighthouse notes
    for found in matches:  # every card, those of later pages too, says where the words were
        assert "note" in found


def test_a_search_frees_the_cards_it_replaces_before_building_its_own(qtbot, companion):
    # Left to the event loop, a page of old cards lived beside the new one at each
    # search, and the process kept the memory of both.
    ids = _fill(companion, 25)
    page = _open(companion)
    old = page.cards.cards()
    assert old
    alive: list[int] = []
    build = page.cards._make

    def counting(shown):  # the cards still alive as each new one is built
        alive.append(sum(shiboken6.isValid(c) for c in old))
        return build(shown)

    page.cards._make = counting
    page.findChild(QLineEdit, "searchBox").setText("lighthouse")
    page.refresh()
    settle(page)
    assert alive and set(alive) == {0}  # the lighthouse cards, built once the old were gone
    assert listed(page) == [ids[1], ids[0]]


def test_deleting_from_a_card_keeps_its_button_alive_until_the_click_is_over(
        qtbot, companion, monkeypatch):
    ids = _fill(companion, 3)
    page = _open(companion)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    card = next(c for c in page.findChildren(QFrame, "card") if c.property("sessionId") == ids[-1])
    button = next(b for b in card.findChildren(QPushButton)
                  if b.accessibleName().startswith("Delete "))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the card is rebuilt under its click
    assert shiboken6.isValid(button)  # deleted by the event loop, after its own signal
    QApplication.sendPostedEvents(None, 52)  # QEvent.Type.DeferredDelete
    assert listed(page) == ids[::-1][1:]
