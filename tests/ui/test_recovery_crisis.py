"""The recovery screen has "If you are struggling" too: quiet, below "I'm ready"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import Phase
from ketacompanion.ui.crisis_panel import CrisisPanel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


def test_the_crisis_words_open_in_place_on_the_recovery_screen(qtbot, data_dir: Path):
    clock = FakeClock()
    companion = build(QApplication.instance(), data_dir, clock=clock)
    companion.settings.set("crisis_line", "us")
    window = companion.window
    window.show()
    window.show_page("session")
    page = window.page("session")
    page.playlist_box.setCurrentIndex(-1)  # a silent session
    page.start()
    for _ in range(10_000):
        if page.service.phase is Phase.RECOVERY:
            break
        clock.advance(30.0)
        page.service.tick()
    page.calm.resize(1280, 800)  # full screen for real; the offscreen platform has no screen
    recovery = page.calm.recovery
    qtbot.waitUntil(recovery.isVisible)
    panel = recovery.findChild(CrisisPanel)
    assert panel is not None and panel.link.isVisible()
    assert not panel.text.isVisible()  # nothing more on the screen until asked for
    qtbot.mouseClick(panel.link, Qt.MouseButton.LeftButton)
    assert panel.text.isVisible() and "988" in panel.text.text()
    assert not panel.country.isVisible()  # no choices to make here, only the words
    page.service.shutdown()
    page.calm.hide()
    companion.close()
