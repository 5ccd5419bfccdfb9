"""The course, the check-in and the crisis words, used as a person would (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from journal_cards import scroll_through
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QScrollArea
from pytestqt.qtbot import QtBot

from ketacompanion.app import Companion, build
from ketacompanion.core.checkins import Occasion
from ketacompanion.core.course import CoursePlan
from ketacompanion.core.measures import Measure
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.storage.course import CourseRepository
from ketacompanion.ui.checkin_dialog import CheckInDialog
from ketacompanion.ui.course_dialog import CourseDialog
from ketacompanion.ui.crisis_panel import CrisisPanel
from tests.builders import add_session

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday



def add(companion: Companion, when: datetime, rehearsal: bool = False) -> int:
    return add_session(companion.database, when, mood_before=3, mood_after=6,
                       rehearsal=rehearsal)


def button(widget, name: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.accessibleName() == name]
    assert found, name
    return found[0]


@pytest.fixture
def app(qtbot: QtBot, data_dir: Path) -> Iterator[tuple[Companion, FakeClock]]:
    clock = FakeClock(wall=(START + timedelta(days=30)).timestamp())
    companion = build(QApplication.instance(), data_dir, clock=clock)
    qtbot.addWidget(companion.window)
    yield companion, clock
    companion.close()


def journal(companion: Companion):
    companion.window.resize(1100, 700)
    companion.window.show()
    companion.window.show_page("journal")
    page = companion.notes.journal_page
    page.refresh()
    return page


def test_a_course_of_six_with_two_rehearsals_and_three_infusions_reads_3_of_6(qtbot, app):
    companion, _clock = app
    for day, rehearsal in ((0, True), (1, True), (2, False), (4, False), (7, False)):
        add(companion, START + timedelta(days=day), rehearsal)
    page = journal(companion)
    dialog = page.course_card.open_plan()
    assert isinstance(dialog, CourseDialog)
    dialog.infusions.setValue(6)
    dialog.started.setDate(START.date())
    qtbot.mouseClick(button(dialog, "Save the course"), Qt.MouseButton.LeftButton)
    first = [t.text() for t in page.findChildren(QLabel, "cardTitle")
             if t.parentWidget().property("sessionId") is not None
             and not t.parentWidget().property("discarded")]
    assert first[0].startswith("Infusion 3 of 6 · ")  # at once, without leaving the page
    page.toggle_rehearsals()  # rehearsals wait behind one line; shown, they are not counted
    titles = scroll_through(page, _title)
    assert titles == ["Infusion 3 of 6", "Infusion 2 of 6", "Infusion 1 of 6",
                      "Rehearsal", "Rehearsal"]
    assert page.course_card.summary.text().startswith("3 of 6 infusions.")
    # The plan changes: the numbers follow; a seventh session would be a booster.
    CourseRepository(companion.database).save_plan(CoursePlan(2, START.date()))
    page.refresh()
    assert scroll_through(page, _title)[0] == "Booster 1"


def _title(card: QFrame) -> str:
    return card.findChild(QLabel, "cardTitle").text().split(" · ")[0]


def open_checkin(companion: Companion) -> CheckInDialog:
    page = journal(companion)
    dialog = page.course_card.open_checkin()
    dialog.show()
    return dialog


def test_item_9_above_not_at_all_brings_the_crisis_line_at_once_and_it_stays(qtbot, app):
    companion, _clock = app
    companion.settings.set("crisis_line", "gb")
    dialog = open_checkin(companion)
    assert dialog.help.isHidden()
    dialog.answer(Measure.PHQ9, 8, 0)
    assert dialog.help.isHidden()
    dialog.answer(Measure.PHQ9, 8, 2)
    assert dialog.help.isVisible()
    assert "116 123" in dialog.help_text.text()
    dialog.help_text.ensurePolished()
    assert dialog.help_text.font().pixelSize() >= 20  # large type, the theme's own colours
    dialog.answer(Measure.PHQ9, 8, 0)  # changing the answer does not hide it
    assert dialog.help.isVisible()
    qtbot.waitUntil(lambda: dialog.scroll_area.viewport().rect().contains(
        dialog.help.mapTo(dialog.scroll_area.viewport(), dialog.help.rect().bottomLeft())))
    qtbot.mouseClick(button(dialog, "I have read where to find help"),
                     Qt.MouseButton.LeftButton)
    assert dialog.help.isHidden()
    dialog.reject()


def test_a_checkin_keeps_only_whole_questionnaires_with_their_date_and_band(qtbot, app):
    companion, clock = app
    dialog = open_checkin(companion)
    for item in range(9):
        dialog.answer(Measure.PHQ9, item, 2)
    dialog.answer(Measure.GAD7, 0, 3)  # the GAD-7 left unfinished
    qtbot.mouseClick(button(dialog, "Keep the questionnaires answered in full"),
                     Qt.MouseButton.LeftButton)
    kept = CourseRepository(companion.database).checkins()
    assert [(c.measure, c.total, c.band) for c in kept] == [
        (Measure.PHQ9, 18, "moderately severe")]
    assert kept[0].taken_at == datetime.fromtimestamp(clock.wall(), UTC)
    card = companion.notes.journal_page.course_card
    assert "was not kept" in card.kept.text() and "not a diagnosis" in card.kept.text()


def test_not_now_waits_for_the_next_occasion_not_the_next_day(qtbot, app):
    companion, clock = app
    CourseRepository(companion.database).save_plan(
        CoursePlan(6, (START + timedelta(days=30)).date()))
    card = journal(companion).course_card
    card.refresh()
    assert card.due is Occasion.START and card.offer.isVisible()
    qtbot.mouseClick(button(card, "Not now: no check-in this time"), Qt.MouseButton.LeftButton)
    assert card.offer.isHidden()
    clock.advance(86400)
    card.refresh()
    assert card.offer.isHidden()  # no nagging the next day
    clock.advance(6 * 86400)
    card.refresh()
    assert card.due is Occasion.DURING and card.offer.isVisible()  # a week on


def test_the_crisis_link_is_in_sight_without_scrolling_past_the_cards(qtbot, app):
    companion, _clock = app
    for day in range(15):
        add(companion, START + timedelta(days=day))
    page = journal(companion)
    scroll = page.findChild(QScrollArea, "journalScroll")
    assert scroll.verticalScrollBar().value() == 0
    link = page.crisis.link
    top = link.mapTo(scroll.viewport(), link.rect().topLeft()).y()
    assert 0 <= top and top + link.height() <= scroll.viewport().height()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert page.crisis.text.isVisible() and "emergency" in page.crisis.text.text()


def test_picking_a_country_shows_its_line_and_is_kept(qtbot, app):
    companion, _clock = app
    page = journal(companion)
    page.crisis.open()
    box = page.crisis.country
    box.setCurrentIndex(box.findData("au"))
    box.activated.emit(box.currentIndex())
    assert "13 11 14" in page.crisis.text.text()
    assert companion.settings.get("crisis_line") == "au"


def test_the_note_page_has_the_crisis_link_too(qtbot, app):
    companion, _clock = app
    sid = add(companion, START)
    companion.window.show()
    companion.notes.note_page.open_session(sid)
    panel = companion.notes.note_page.findChild(CrisisPanel)
    assert panel is not None
    qtbot.mouseClick(panel.link, Qt.MouseButton.LeftButton)
    assert panel.text.isVisible()


def test_the_offer_frame_is_never_a_pop_up(qtbot, app):
    companion, _clock = app
    card = journal(companion).course_card
    assert not card.offer.isWindow() and isinstance(card, QFrame)


def test_check_ins_kept_without_a_course_show_their_chart_and_scores(qtbot, app):
    companion, _clock = app
    card = journal(companion).course_card
    assert card.summary.text().startswith("If you are having a course")
    assert card.chart is None and card.scores.isHidden() and card.offer.isHidden()
    from ketacompanion.core.checkins import CheckIn

    CourseRepository(companion.database).add_checkin(
        CheckIn(Measure.PHQ9, START + timedelta(days=3), (2,) * 9, Occasion.START))
    card.refresh()
    assert card.chart is not None and card.chart.isVisible()
    assert [c.total for c in card.chart.checkins] == [18]
    assert card.scores.isVisible() and card.scores.text().startswith("PHQ-9: 18 on ")
    layout = card.layout()  # the chart sits above the sentences, under the offer
    assert layout.indexOf(card.offer) < layout.indexOf(card.chart) < layout.indexOf(card.scores)
    assert card.offer.isHidden()  # no course, nothing offered
