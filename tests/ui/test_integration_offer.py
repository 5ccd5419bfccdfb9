"""A day to three after an infusion the app offers, once, to add to its note (fake clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build
from ketacompanion.core.integration import DAYS_AFTER_QUESTIONS
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.storage.database import Database
from ketacompanion.ui.integration_offer import IntegrationOffer
from tests.builders import add_session

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def seed(data_dir: Path, *sessions: tuple[datetime, bool, str]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database.open(data_dir / "ketacompanion.sqlite3")
    for when, rehearsal, state in sessions:
        add_session(db, when, rehearsal=rehearsal, state=state)
    db.close()


def opened(qtbot, data_dir: Path, at: datetime, rehearse: bool = False):
    clock = FakeClock(wall=at.timestamp())
    companion = build(QApplication.instance(), data_dir, rehearse=rehearse, clock=clock)
    # Closed by each test itself: a second start reads what the first one left.
    return companion, clock, companion.window.findChild(IntegrationOffer)


def test_two_days_after_it_is_offered_once_and_opens_the_note_with_the_questions(
        qtbot, data_dir: Path):
    seed(data_dir, (TUESDAY, False, "completed"))
    companion, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=2))
    companion.window.show()
    assert offer is not None and offer.isVisible()
    assert offer.text.text() == "Would you like to add to Tuesday's note?"
    offer.add.click()
    assert offer.isHidden()
    assert companion.window.current_page() == "note"
    note = companion.notes.note_page
    assert note.session_id == 1
    assert note._prompts.prompts == list(DAYS_AFTER_QUESTIONS)
    companion.close()
    again, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=3))
    assert offer is None  # once, never again for that session
    again.close()


@pytest.mark.parametrize("days", [0, 4, 10])
def test_not_offered_the_same_day_nor_after_three_days(qtbot, data_dir: Path, days: int):
    seed(data_dir, (TUESDAY, False, "completed"))
    companion, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=days, hours=1))
    assert offer is None
    companion.close()


def test_a_rehearsal_is_not_an_infusion_and_the_infusion_before_it_still_counts(
        qtbot, data_dir: Path):
    seed(data_dir, (TUESDAY, False, "completed"), (TUESDAY + timedelta(days=1), True, "completed"))
    companion, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=1, hours=3))
    assert offer is not None and "Tuesday" in offer.text.text()
    companion.close()


def test_never_when_opened_to_rehearse_or_with_a_session_to_resume(qtbot, data_dir: Path):
    seed(data_dir, (TUESDAY, False, "completed"))
    companion, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=2), True)
    assert offer is None
    companion.close()
    seed(data_dir, (TUESDAY + timedelta(days=1), False, "running"))
    companion, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=2))
    assert offer is None
    page = companion.window.page("session")
    page.service.shutdown()
    companion.close()


def test_it_goes_away_the_moment_a_session_starts(qtbot, data_dir: Path):
    seed(data_dir, (TUESDAY, False, "completed"))
    companion, _clock, offer = opened(qtbot, data_dir, TUESDAY + timedelta(days=2))
    window = companion.window
    window.show()
    assert offer.isVisible()
    window.show_page("session")
    page = window.page("session")
    page.playlist_box.setCurrentIndex(-1)  # a silent session
    page.start()
    assert page.service.is_active
    assert offer.isHidden()
    page.service.shutdown()
    if page.calm is not None:
        page.calm.hide()
    companion.close()
