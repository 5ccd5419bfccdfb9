"""After a session, the note is always in front, whatever happened to the main window.

During a session the main window sits behind calm mode (or on a second screen),
where it may be minimised or closed. When the person says "I'm ready", the note
page must come up in a visible window, or the session ends on a bare desktop.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ketacompanion.app import Companion, build
from ketacompanion.audio.player_core import PlayerState
from ketacompanion.core.models import SilenceItem
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import Phase
from ketacompanion.ui.session_page import SessionPage

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture
def app(qtbot: QtBot, data_dir: Path) -> Iterator[tuple[Companion, FakeClock]]:
    clock = FakeClock()
    companion = build(QApplication.instance(), data_dir, clock=clock)
    qtbot.addWidget(companion.window)
    yield companion, clock
    page = companion.window.page("session")
    page.service.shutdown()
    if page.calm is not None:
        page.calm.hide()  # a calm window left showing would take later tests' mouse events
    companion.close()


def run_to_recovery(companion: Companion, clock: FakeClock) -> SessionPage:
    page = companion.window.page("session")
    for _ in range(10_000):
        if page.service.phase is Phase.RECOVERY:
            return page
        clock.advance(30.0)
        page.service.tick()
    raise AssertionError("never reached recovery")


@pytest.mark.parametrize("what", ["closed", "minimised"])
def test_the_note_comes_up_in_a_visible_window(qtbot: QtBot, app: tuple[Companion, FakeClock],
                                               what: str) -> None:
    companion, clock = app
    window = companion.window
    window.show()
    window.show_page("session")
    page = window.page("session")
    page.playlist_box.setCurrentIndex(-1)  # a silent session: this test is about windows
    page.start()
    assert page.calm is not None and page.calm.isVisible()
    if what == "closed":
        window.close()
    else:
        window.showMinimized()
    run_to_recovery(companion, clock)
    page.calm.recovery.ready_button.click()
    assert window.current_page() == "note"
    assert window.isVisible() and not window.isMinimized()


# While a session runs, the Session page says so and leads back to it: calm mode can
# end up behind the main window (Alt-Tab, a click on the taskbar), and a Start that
# silently did nothing was a dead end. A preview must not take the session's music.
def test_start_becomes_return_to_the_session_and_brings_calm_mode_back(
        qtbot: QtBot, app: tuple[Companion, FakeClock]) -> None:
    companion, clock = app
    window = companion.window
    window.show()
    window.show_page("session")
    page = window.page("session")
    page.playlist_box.setCurrentIndex(-1)
    assert page.running_note.isHidden()
    page.start()
    calm = page.calm
    assert calm is not None and calm.isVisible()
    assert page.start_button.text() == "Return to the session"
    assert page.start_button.accessibleName() == "Return to the session in calm mode"
    assert not page.running_note.isHidden() and "running" in page.running_note.text()
    assert page.rehearse_button.isHidden()
    assert page.form.isHidden()  # the plan of a running session cannot be changed
    assert page.preflight.isHidden()  # nor is there anything left to check before a start

    calm.hide()  # left behind, as after Alt-Tab
    page.start_button.click()
    assert calm.isVisible() and page.service.phase is Phase.RUNNING
    assert page.calm is calm  # the same session, not a second one

    run_to_recovery(companion, clock)
    calm.recovery.ready_button.click()
    window.show_page("session")
    assert page.start_button.text() == "Start · 45 min"
    assert page.start_button.accessibleName() == "Start the 45-minute session"
    assert page.running_note.isHidden()
    assert not page.form.isHidden() and not page.preflight.isHidden()
    assert not page.rehearse_button.isHidden()


def test_a_preview_during_a_session_is_refused_with_a_word(
        qtbot: QtBot, app: tuple[Companion, FakeClock]) -> None:
    companion, _clock = app
    window = companion.window
    window.show()
    window.show_page("session")
    page = window.page("session")
    page.playlist_box.setCurrentIndex(-1)
    page.start()
    said: list[str] = []
    companion.previewer.error.connect(said.append)
    companion.previewer.preview(SilenceItem(5.0), 2.0)
    assert said and "session" in said[0]
    assert companion.previewer.player().state is not PlayerState.PLAYING
