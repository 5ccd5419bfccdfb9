"""A Session page with the silent FakePlayer and a fake clock, for calm-mode and recovery tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ketacompanion.core.models import BinauralSegment, Playlist
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.settings import user_settings
from ketacompanion.storage.database import Database
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.calm_mode import CalmWindow
from ketacompanion.ui.session_page import SessionPage
from tests.fake_player import FakePlayer


@dataclass(repr=False)
class Rig:
    """Everything a calm-mode test touches."""

    page: SessionPage
    service: SessionService
    clock: FakeClock
    player: FakePlayer
    database: Database
    notes: list[int]

    @property
    def calm(self) -> CalmWindow:
        """The calm window of the running session."""
        assert self.page.calm is not None
        return self.page.calm

    def markers(self) -> int:
        """How many markers the running session has."""
        return len(SessionRepository(self.database).markers(self.service.session_id))

    def advance(self, seconds: float, step: float = 0.5) -> None:
        """Let ``seconds`` of session time pass, ticking as the service's timer does."""
        for _ in range(round(seconds / step)):
            self.clock.advance(step)
            self.player.advance(step)
            self.service.tick()
        QApplication.processEvents()

    def close(self) -> None:
        """Leave nothing running behind the test."""
        if self.page.calm is not None:
            self.service.shutdown()
            self.page.calm.hide()
            self.page.calm.deleteLater()
        self.database.close()


def move_to(window: QWindow, spot: QPoint) -> None:
    """Move the mouse onto ``spot`` from elsewhere (Qt drops a move that goes nowhere)."""
    QTest.mouseMove(window, spot - QPoint(0, 200))
    QTest.mouseMove(window, spot)


def release_buttons(window: QWindow) -> None:
    """Let go of any mouse button an earlier test left pressed.

    QTest remembers buttons across tests; one left down would send every later
    move and click to the window it was pressed on.
    """
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(1, 1))


def make_rig(qtbot, tmp_path: Path) -> Rig:  # pytest-qt's fixture
    """A Session page on a temp database with a 45-minute binaural playlist."""
    database = Database.open(tmp_path / "j.sqlite")
    playlists = PlaylistRepository(database)
    playlists.add(Playlist("Theta", [BinauralSegment(180, 6, 2700, label="Theta 6 Hz")]))
    settings = user_settings(tmp_path / "settings.json")
    clock = FakeClock()
    player = FakePlayer()
    keep = KeepAwake("none", which=lambda _n: None)
    service = SessionService(SessionRepository(database), lambda: player, keep, clock)
    notes: list[int] = []
    service.ready_for_note.connect(notes.append)
    page = SessionPage(service, playlists, settings, clock, keep,
                       headphone_check=player.headphone_check, audio_opens=lambda: True,
                       check_items=lambda items, stop: [])
    qtbot.addWidget(page)
    page.show()
    release_buttons(page.windowHandle())
    return Rig(page, service, clock, player, database, notes)


# The offscreen platform can neither resize nor raise a shown window; it says so.
OFFSCREEN_MARKS = [pytest.mark.qt_log_ignore("This plugin does not support raise")]
