"""The Journal's cards follow the window's width: heights, gaps and the place read.

A card measured at one width kept that height, and a card let go kept the gap of
it, after the window became narrower or wider: text was clipped, gaps were wrong,
and scrolling back built cards that pushed the view away from what was read.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from tests.ui import journal_cards
from tests.ui.test_journal_cards_in_view import (
    SIZE,
    _bar,
    _before_the_frame,
    _built,
    _check_view_is_covered,
    _fill,
    _in_view,
    _open,
    _settle,
    _viewport,
)


def settle(page) -> None:
    """The column's work between frames done, and the layouts it asked for."""
    journal_cards.settle(page)
    _settle(None)


def _top_in_view(page, card) -> int:
    return card.mapTo(_viewport(page), QPoint(0, 0)).y()


def _read(page):
    """The card the person reads: the first whose top is in the view (or the one across it)."""
    shown = _in_view(page)
    return next((c for c in shown if _top_in_view(page, c) >= 0), shown[0])


def _check_heights_fit_the_width(page) -> None:
    """Each card built is as tall as its text needs at its width: nothing clipped."""
    for card in _built(page):
        assert card.height() == card.heightForWidth(card.width()), card.accessibleName()
        for label in card.findChildren(QLabel):
            if label.isVisibleTo(card) and label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()


def _check_steps_move_the_view_by_their_length(page, order, up: bool) -> None:
    """Wheel steps through the list: the cards move by the step, never more (no gap is wrong).

    A gap of the wrong height shows when its card is built again: the view is then
    moved by the difference, or what is in it jumps.
    """
    bar = _bar(page)
    step = -120 if up else 120
    for _ in range(60):
        if up and _in_view(page)[0].property("sessionId") == order[0]:
            return  # the newest card: above it, the page's header
        card = _read(page)
        where = _top_in_view(page, card)
        wanted = min(max(bar.value() + step, 0), bar.maximum())
        moved = wanted - bar.value()
        bar.setValue(wanted)
        _before_the_frame()
        _check_view_is_covered(page, order)
        assert _top_in_view(page, card) == where - moved, "the view jumped"
        settle(page)
        assert bar.value() == wanted, "a gap was not the height of its card at this width"
        assert _top_in_view(page, card) == where - moved, "the view moved after the frame"


def test_after_a_resize_heights_and_gaps_follow_the_width_and_the_view_stays(qtbot, companion):
    ids = _fill(companion, 120)
    newest = ids[::-1]
    page = _open(qtbot, companion)
    bar = _bar(page)
    for _ in range(45):  # far enough down that cards above were let go
        bar.setValue(bar.value() + 120)
        settle(page)
    for width in (820, SIZE[0]):  # narrower (taller cards), then wider again
        card = _read(page)
        read = card.property("sessionId")
        where = _top_in_view(page, card)
        companion.window.resize(width, SIZE[1])
        _before_the_frame()
        # The next frame shows the card read where it was: no jump.
        assert _read(page).property("sessionId") == read
        assert abs(_top_in_view(page, _read(page)) - where) <= 2
        settle(page)
        assert _read(page).property("sessionId") == read
        assert abs(_top_in_view(page, _read(page)) - where) <= 2
        _check_heights_fit_the_width(page)
        _check_view_is_covered(page, newest)
        _check_steps_move_the_view_by_their_length(page, newest, up=True)
        _check_heights_fit_the_width(page)
        _check_steps_move_the_view_by_their_length(page, newest, up=False)
        for _ in range(20):
            bar.setValue(bar.value() - 120)
            settle(page)
    QApplication.processEvents()


LONG_NOTE = ("Purple and white light, then a grey velvet drape folding over itself. The word "
             "that came was Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen and I "
             "laughed. The nurse's link: https://example.org/integration/after-the-infusion/"
             "worksheets/week-one-reflections-and-grounding.pdf")
PLAYLIST = "Ólafur Arnalds & Nils Frahm — Living Room Songs, complete, with extended versions"


def _fill_long(companion) -> None:
    """Sessions as people write them: long words, long names, voice notes with their words."""
    from datetime import date

    from ketacompanion.core.course import CoursePlan
    from ketacompanion.storage.course import CourseRepository
    from ketacompanion.storage.transcripts import TranscriptRepository
    from tests.builders import add_session

    CourseRepository(companion.database).save_plan(CoursePlan(6, date(2026, 2, 1)))
    words = TranscriptRepository(companion.database, companion.paths.recordings)
    for n in range(8):  # "Infusion 1 of 6" ... "Booster 2": long headings
        sid = add_session(companion.database, f"2026-09-{10 + n:02d}T09:00:00Z",
                          playlist_name=PLAYLIST, intention="Let_go_of_managing_it_" * 3,
                          mood_before=3, mood_after=7, note=LONG_NOTE,
                          marks=[(600.0, "Nils_Frahm-Says_live_at_the_Royal_Albert_Hall.ogg")])
        take = companion.notes.journal.add_take(sid, companion.paths.recordings / f"{n}.flac", 20)
        words.save_heard(take.id, "Rückenschmerzenlinderungsmeditationsanleitung " * 2,
                         "faster-whisper tiny.en")


def test_the_journal_never_scrolls_sideways_from_640_px_up(qtbot, companion):
    _fill_long(companion)
    window = companion.window
    window.setMinimumWidth(640)  # the app's own minimum is 720; the Journal fits 640 too
    page = _open(qtbot, companion)
    page.hide_session(companion.notes.journal.page_ids(0, 1)[0],  # the undo bar says its name
                      "Booster 2 · Thursday 17 September 2026, 09:00, with a long name")
    sideways = page.findChild(QScrollArea, "journalScroll").horizontalScrollBar()
    for width in (720, 640, 1024):
        window.resize(width, 600)
        settle(page)
        assert window.width() == width
        bar = _bar(page)
        bar.setValue(0)
        while True:  # every card, as it comes into view
            settle(page)
            assert sideways.maximum() == 0, f"the Journal scrolls sideways at {width} px"
            for card in _in_view(page):
                assert card.geometry().right() < _viewport(page).width()
            if bar.value() == bar.maximum():
                break
            bar.setValue(bar.value() + 300)


def test_a_long_word_breaks_on_screen_but_is_copied_as_written(qtbot):
    from PySide6.QtCore import Qt

    from ketacompanion.ui.wrapped_label import WrappedLabel

    label = WrappedLabel(LONG_NOTE, "journalNote", selectable=True)
    qtbot.addWidget(label)
    label.resize(240, 400)
    label.show()
    assert label.minimumSizeHint().width() < 200  # no word holds the page open
    assert label.words() == LONG_NOTE
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSelection(0, len(label.text()))
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == LONG_NOTE
