"""While a session runs, the Session page says so and leads back to it.

Calm mode can end up behind the main window (Alt-Tab, a click on the taskbar).
The page must then show the session is running and offer one large way back,
never a Start that silently does nothing; and a preview on the Prepare page must
not take the session's music away.
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

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                       r"This plugin does not support raise\(\)")


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

    for _ in range(10_000):
        if page.service.phase is Phase.RECOVERY:
            break
        clock.advance(30.0)
        page.service.tick()
    calm.recovery.ready_button.click()
    window.show_page("session")
    assert page.start_button.text() == "Start — the infusion has begun"
    assert page.start_button.accessibleName() == "Start the session"
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
