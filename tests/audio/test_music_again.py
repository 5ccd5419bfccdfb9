"""A journal card plays a fresh-piano session's music again, heard for real.

The real JournalPage, the app's LazyPreviewer and PlayerService, SDL's disk
driver: the card of a session that played fresh piano offers the music (and only
that card), pressing plays the very notes the session played (checked against a
direct render of its seed), a second press fades it out, and a session starting
stops it. A session whose composer was another version says so plainly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import sounding_span
from ketacompanion.audio.piano_render import PianoRender
from ketacompanion.core.composer import compose
from ketacompanion.core.fresh_piano import COMPOSER_VERSION, PianoSeed, seed_for
from ketacompanion.core.models import BinauralSegment, FreshPiano, Playlist
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.lazy_audio import LazyPreviewer
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.journal_page import JournalPage
from ketacompanion.ui.music_again import OTHER_COMPOSER, PLAY_TEXT, STOP_TEXT, MusicAgain
from tests import builders
from tests.services.test_session_service import FakeKeepAwake

SR = 44100
SEED, ARC, LENGTH_S = 1234, "gentle", 40 * 60.0


def add_session(database: Database, started: str, piano: PianoSeed | None) -> int:
    return builders.add_session(database, started, minutes=40, recovery=0,
                                playlist_name="Fresh", mood_before=3, mood_after=6, piano=piano)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b)))


def best_match(played: np.ndarray, rendered: np.ndarray, lag: int = 2000) -> float:
    """The best correlation of ``played`` with ``rendered`` shifted by up to ``lag`` frames."""
    return max(correlation(played, rendered[shift : shift + len(played)])
               for shift in range(0, 2 * lag, 7))


@pytest.fixture
def journal(qtbot: QtBot, tmp_path: Path, disk_output: Any) -> Any:
    database = Database.open(tmp_path / "db.sqlite3")
    previewer = LazyPreviewer()
    page = JournalPage(JournalRepository(database, tmp_path / "rec"), lambda: None,
                       lambda _sid: None, previewer=previewer)
    qtbot.addWidget(page)
    page.resize(1000, 2400)  # every card of these tests in view, so every card is built
    page.show()
    yield database, page, previewer
    previewer.shutdown()
    database.close()


def test_the_card_plays_the_sessions_own_notes_again_and_stops(
        qtbot: QtBot, disk_output: Any, journal: Any) -> None:
    database, page, previewer = journal
    fresh = add_session(database, "2026-03-05T09:00:00Z",
                        seed_for(Playlist("Fresh", [FreshPiano(LENGTH_S, arc=ARC)]), SEED, ARC))
    add_session(database, "2026-03-03T09:00:00Z", None)  # music of files: nothing to offer
    add_session(database, "2026-03-01T09:00:00Z",  # kept before the length was
                PianoSeed(99, COMPOSER_VERSION))
    older = add_session(database, "2026-02-20T09:00:00Z",
                        PianoSeed(7, COMPOSER_VERSION + 1, "classic", LENGTH_S))
    page.refresh()
    offers = page.findChildren(MusicAgain)
    assert len(offers) == 2  # the fresh piano sessions whose music is known
    by_session = {o._session_id: o for o in offers}
    assert by_session[older].button is None and by_session[older].note.text() == OTHER_COMPOSER
    again = by_session[fresh]
    assert again.button.text() == PLAY_TEXT

    qtbot.mouseClick(again.button, Qt.MouseButton.LeftButton)
    disk_output.wait_sounding(qtbot, 6.0)
    assert again.playing and again.button.text() == STOP_TEXT
    played = disk_output.frames()[:, 0]
    start, _end = sounding_span(np.abs(played), 0)
    heard = played[start + SR : start + 5 * SR]
    same = PianoRender(compose(LENGTH_S, ARC, SEED), SR).read(8 * SR)[:, 0]
    other = PianoRender(compose(LENGTH_S, ARC, SEED + 1), SR).read(8 * SR)[:, 0]
    first = int(np.flatnonzero(np.abs(same) > 1e-4)[0])
    assert best_match(heard, same[max(0, first + SR - 2000):]) > 0.97
    first = int(np.flatnonzero(np.abs(other) > 1e-4)[0])
    assert best_match(heard, other[max(0, first + SR - 2000):]) < 0.5

    qtbot.mouseClick(again.button, Qt.MouseButton.LeftButton)  # a second press stops it
    qtbot.waitUntil(lambda: not previewer.previewing, timeout=5000)
    assert again.button.text() == PLAY_TEXT
    disk_output.wait_silent_tail(qtbot, 0.5)


def test_a_session_starting_stops_the_music(
        qtbot: QtBot, disk_output: Any, journal: Any, tmp_path: Path) -> None:
    database, page, previewer = journal
    add_session(database, "2026-03-05T09:00:00Z",
                seed_for(Playlist("Fresh", [FreshPiano(LENGTH_S, arc=ARC)]), SEED, ARC))
    page.refresh()
    (again,) = page.findChildren(MusicAgain)
    qtbot.mouseClick(again.button, Qt.MouseButton.LeftButton)
    disk_output.wait_sounding(qtbot, 1.0)
    assert again.playing
    service = SessionService(SessionRepository(database), previewer.player, FakeKeepAwake(),
                             FakeClock())
    previewer.hold_during(lambda: service.is_active)
    service.start(SessionPlan(40, 0), Playlist("Beats", [BinauralSegment(200, 6, 60.0)]))
    qtbot.waitUntil(lambda: again.button.text() == PLAY_TEXT, timeout=5000)
    assert not previewer.previewing
    messages: list[str] = []
    previewer.error.connect(messages.append)
    qtbot.mouseClick(again.button, Qt.MouseButton.LeftButton)  # the session owns the sound
    assert not previewer.previewing and messages
    service.shutdown()
