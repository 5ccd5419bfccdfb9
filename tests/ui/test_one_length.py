"""One infusion length for the whole plan: chosen once, carried between Prepare and Session.

Choosing "Piano - 60 min" used to leave the Session page at 45 (the music and the
timer then ended 15 minutes before the infusion), a length set on Prepare never
reached Session, and a playlist that disagreed with the length got one small line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from ketacompanion.app import Companion, build
from ketacompanion.core.fitting import fit, format_duration
from ketacompanion.core.models import BinauralSegment, EndBehaviour, Playlist
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.session_page import SessionPage

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture
def app(qtbot: QtBot, data_dir: Path) -> Iterator[Companion]:
    companion = build(QApplication.instance(), data_dir, clock=FakeClock())
    qtbot.addWidget(companion.window)
    companion.window.resize(1100, 700)
    companion.window.show()
    yield companion
    page = companion.window.built_page("session")
    if page is not None:
        page.service.shutdown()
        if page.calm is not None:
            page.calm.hide()
    companion.close()


def session_page(companion: Companion) -> SessionPage:
    companion.window.show_page("session")
    return companion.window.page("session")  # type: ignore[return-value]


def choose(page: SessionPage, name: str) -> None:
    """Pick ``name`` in the playlist list, as a click on it does."""
    index = page.playlist_box.findText(name)
    assert index >= 0, name
    page.playlist_box.setCurrentIndex(index)
    page.playlist_box.activated.emit(index)


def add_playlist(companion: Companion, playlist: Playlist) -> Playlist:
    from ketacompanion.storage.playlists import PlaylistRepository

    return PlaylistRepository(companion.database).add(playlist)


def press_length(page: SessionPage, minutes: int) -> None:
    """Click the length preset ``minutes`` on the Session page."""
    button = next(b for b in page.findChildren(QPushButton, "presetButton")
                  if b.accessibleName() == f"{minutes} minutes")
    button.click()


def planned_minutes(companion: Companion, page: SessionPage) -> float:
    record = SessionRepository(companion.database).get(page.service.session_id)
    assert record is not None
    return record.plan.minutes


def test_choosing_the_60_minute_playlist_makes_start_and_the_plan_60(app: Companion) -> None:
    page = session_page(app)
    choose(page, "Theta beats - 45 min")
    assert page.start_button.text() == "Start · 45 min"
    choose(page, "Piano - 60 min")
    assert page.start_button.text() == "Start · 60 min"
    assert page.start_button.accessibleName() == "Start the 60-minute session"
    assert page.form.length_box.text() == "60 min"
    assert page.plan(False).minutes == 60
    assert page.length_question() is None and page.length_card.isHidden()
    page.start_button.click()
    assert page.service.is_active and planned_minutes(app, page) == 60


def test_a_length_set_on_prepare_reaches_session(app: Companion, qtbot: QtBot) -> None:
    app.window.show_page("prepare")
    prepare = app.window.page("prepare")
    qtbot.mouseClick(prepare.fit_panel.lengths.button(60), Qt.MouseButton.LeftButton)
    page = session_page(app)
    page.playlist_box.setCurrentIndex(-1)  # no playlist: only the length speaks
    assert page.start_button.text() == "Start · 60 min"
    assert page.form.length_box.text() == "60 min"
    assert page.plan(False).minutes == 60
    # ...and back: a length chosen on the Session page is the one Prepare fits to.
    page.form.length_box.down.click()
    assert prepare.fit_panel.minutes.value() == 59
    assert app.settings.get("infusion_minutes") == 59  # chosen once for the series


def test_the_length_survives_a_restart(qtbot: QtBot, data_dir: Path) -> None:
    first = build(QApplication.instance(), data_dir, clock=FakeClock())
    first.window.show_page("session")
    first.window.page("session").form.length_box.down.click()
    first.close()
    second = build(QApplication.instance(), data_dir, clock=FakeClock())
    try:
        second.window.show_page("prepare")
        assert second.window.page("prepare").fit_panel.minutes.value() == 44
    finally:
        second.close()


def test_undoing_a_length_chosen_on_prepare_undoes_the_infusion_length(
        app: Companion, qtbot: QtBot) -> None:
    app.window.show_page("prepare")
    prepare = app.window.page("prepare")
    qtbot.mouseClick(prepare.fit_panel.lengths.button(55), Qt.MouseButton.LeftButton)
    assert prepare.length.minutes == 55
    prepare.state.undo_stack.undo()
    assert prepare.length.minutes == 45 and prepare.fit_panel.minutes.value() == 45
    assert session_page(app).start_button.text() == "Start · 45 min"


def test_a_disagreement_is_asked_in_large_type_and_use_does_what_it_says(
        app: Companion) -> None:
    page = session_page(app)
    choose(page, "Piano - 60 min")
    press_length(page, 45)
    card = page.length_card
    assert card.isVisible() and not page.start_button.isVisible()
    # The length is the playlist as heard, with the person's blend between pieces
    # (the same fit Prepare shows): 55 min 45 s for the ready-made pieces at 4 s.
    heard = fit(page.selected_playlist(), 45, crossfade_s=page.preflight.crossfade_s)
    assert card.text.text().startswith(
        f"This playlist lasts {format_duration(heard.content_s)}.")
    assert 55 * 60 < heard.content_s < 57 * 60
    assert card.text.text().endswith("Your infusion is set to 45 min.")
    assert QFontInfo(card.text.font()).pixelSize() >= 20
    assert QFontInfo(card.use_button.font()).pixelSize() >= 18
    assert card.use_button.text() == "Use 60 min"
    assert card.keep_button.text() == "Keep 45 min, the music ends gently at 45"
    card.use_button.click()
    assert page.length.minutes == 60 and page.plan(False).minutes == 60
    assert card.isHidden() and page.start_button.isVisible()
    assert page.start_button.text() == "Start · 60 min"


def test_keep_keeps_the_length_and_the_session_runs_that_long(app: Companion) -> None:
    page = session_page(app)
    choose(page, "Piano - 60 min")
    press_length(page, 45)
    page.length_card.keep_button.click()
    assert page.length.minutes == 45 and page.length_card.isHidden()
    assert page.start_button.isVisible() and page.start_button.text() == "Start · 45 min"
    page.start_button.click()
    assert planned_minutes(app, page) == 45


def test_keep_is_asked_again_for_another_length(app: Companion) -> None:
    page = session_page(app)
    choose(page, "Piano - 60 min")
    press_length(page, 45)
    page.length_card.keep_button.click()
    press_length(page, 40)
    assert page.length_card.isVisible()
    assert page.length_card.keep_button.text() == "Keep 40 min, the music ends gently at 40"


def test_a_playlist_no_length_fits_offers_prepare_instead(app: Companion) -> None:
    add_playlist(app, Playlist("Short", [BinauralSegment(200, 6, 20 * 60, label="Theta")],
                               target_minutes=45, end_behaviour=EndBehaviour.SILENCE))
    page = session_page(app)
    page.refresh()
    choose(page, "Short")
    card = page.length_card
    assert card.isVisible()
    assert card.text.text() == "This playlist lasts 20 min. Your infusion is set to 45 min."
    assert card.use_button.isHidden() and card.prepare_button.isVisible()
    assert card.keep_button.text() == "Keep 45 min, it is quiet for the last 25 min"
    card.prepare_button.click()
    assert app.window.current_page() == "prepare"


def choose_on_prepare(companion: Companion, name: str) -> None:
    """Click ``name`` in the Prepare page's library."""
    companion.window.show_page("prepare")
    library = companion.window.page("prepare").library.list
    row = next(r for r in range(library.count()) if library.item(r).toolTip() == name)
    library.setCurrentRow(row)  # what a click (or the arrow keys) does


@pytest.mark.parametrize("session_seen_first", [False, True])
def test_the_playlist_chosen_on_prepare_is_the_one_session_starts_for_its_length(
        app: Companion, session_seen_first: bool) -> None:
    # A new user chose "Piano - 60 min" on Prepare: its fit said "Runs 10 min 45 s over
    # 45 min" and the Session page offered "Piano - 45 min" and "Start · 45 min".
    if session_seen_first:  # the fresh piano is what a new person is offered first
        assert session_page(app).playlist_box.currentText() == "Fresh piano - 45 min"
    choose_on_prepare(app, "Piano - 60 min")
    prepare = app.window.page("prepare")
    assert prepare.fit_panel.minutes.value() == 60
    page = session_page(app)
    assert page.playlist_box.currentText() == "Piano - 60 min"
    assert page.start_button.text() == "Start · 60 min"
    assert page.length_card.isHidden() and page.start_button.isVisible()
    page.start_button.click()
    assert page.service.is_active and planned_minutes(app, page) == 60
    assert page.service.plan.session_s == 3600


def test_the_first_playlist_prepare_opens_by_itself_changes_no_length(app: Companion) -> None:
    # Opening the page shows a playlist; only the person's choice changes the plan.
    app.window.show_page("session")
    session_page(app).form.length_box.up.click()  # 46 min, chosen by the person
    app.window.show_page("prepare")
    assert app.window.page("prepare").fit_panel.minutes.value() == 46
    assert session_page(app).start_button.text() == "Start · 46 min"
