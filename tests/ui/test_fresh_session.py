"""Each session starts fresh: the mood and intention of one never carry over to the next.

While the app stayed open, five rehearsals each recorded mood 4, which had been
entered once, for the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ketacompanion.app import Companion, build
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import Phase
from ketacompanion.storage.journal import JournalRepository

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture
def app(qtbot: QtBot, data_dir: Path) -> Iterator[tuple[Companion, FakeClock]]:
    clock = FakeClock()
    companion = build(QApplication.instance(), data_dir, clock=clock)
    qtbot.addWidget(companion.window)
    companion.window.show()
    yield companion, clock
    page = companion.window.page("session")
    page.service.shutdown()
    if page.calm is not None:
        page.calm.hide()
    companion.close()


def run_through(companion: Companion, clock: FakeClock) -> int:
    """Let the running session reach recovery and move on to its note; its id."""
    page = companion.window.page("session")
    session_id = page.service.session_id
    for _ in range(10_000):
        if page.service.phase is Phase.RECOVERY:
            break
        clock.advance(30.0)
        page.service.tick()
    page.calm.recovery.ready_button.click()
    assert not page.service.is_active
    return session_id


@pytest.mark.parametrize("rehearsal", [True, False])
def test_a_second_session_starts_with_no_mood_and_no_intention(
        app: tuple[Companion, FakeClock], rehearsal: bool) -> None:
    companion, clock = app
    companion.window.show_page("session")
    page = companion.window.page("session")
    page.playlist_box.setCurrentIndex(-1)  # silent: this test is about the form
    page.form.set_mood(4)
    page.intention.setPlainText("Let go of the need to manage it")
    page.start(rehearsal)
    first = run_through(companion, clock)
    companion.window.show_page("session")
    assert page.form.mood() is None and page.intention.toPlainText() == ""
    page.start(rehearsal)
    second = run_through(companion, clock)
    journal = JournalRepository(companion.database, companion.paths.recordings)
    kept, fresh = journal.entry(first), journal.entry(second)
    assert (kept.mood_before, kept.intention) == (4, "Let go of the need to manage it")
    assert (fresh.mood_before, fresh.intention) == (None, "")


def test_the_mood_is_eleven_buttons_and_a_second_click_takes_it_back(
        app: tuple[Companion, FakeClock]) -> None:
    companion, _clock = app
    companion.window.show_page("session")
    form = companion.window.page("session").form
    buttons = {b.text(): b for b in form.findChildren(type(form.headphone_button), "moodButton")}
    assert sorted(buttons, key=int) == [str(n) for n in range(11)]
    buttons["7"].click()
    assert form.mood() == 7
    buttons["3"].click()
    assert form.mood() == 3
    buttons["3"].click()
    assert form.mood() is None
