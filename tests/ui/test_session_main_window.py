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
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import Phase
from ketacompanion.ui.session_page import SessionPage

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
