"""A rehearsal from first launch, through the whole app with the real player.

The app is built as ``ketacompanion --rehearse`` builds it, with the real
PlayerService on SDL's dummy driver (tests/conftest.py) and a fake session
clock, so the infusion's minutes pass at once while the music's fades take
their real time. A ready-made playlist plays; the rehearsal goes through calm
mode, the end fade, the chime and recovery, and lands on the note page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ketacompanion.app import Companion, build
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import Phase
from ketacompanion.services.session import SessionService
from ketacompanion.storage.sessions import SessionRepository

# The offscreen platform cannot resize or raise windows, and says so.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture
def rehearsal(qtbot: QtBot, data_dir: Path) -> Iterator[tuple[Companion, FakeClock]]:
    clock = FakeClock()
    companion = build(QApplication.instance(), data_dir, rehearse=True, clock=clock)
    qtbot.addWidget(companion.window)
    yield companion, clock
    page = companion.window.page("session")
    page.service.shutdown()
    player = page.service.player()
    if player is not None:
        player.shutdown()
    companion.close()


def advance_to(service: SessionService, clock: FakeClock, phase: Phase,
               step: float = 30.0) -> None:
    """Let session time pass (in rehearsal-sized steps) until ``phase`` is reached."""
    for _ in range(10_000):
        if service.phase is phase:
            return
        clock.advance(step / service.plan.scale)
        service.tick()
    raise AssertionError(f"never reached {phase}")


def test_a_rehearsal_reaches_the_note_through_every_step(
    qtbot: QtBot, rehearsal: tuple[Companion, FakeClock]
) -> None:
    companion, clock = rehearsal
    window = companion.window
    window.show()
    page = window.page("session")
    assert window.current_page() == "session" and page.rehearse_mode
    # The bundled piano (the ready-made default is the fresh piano): its pieces have titles.
    index = page.playlist_box.findText("Piano - 45 min")
    page.playlist_box.setCurrentIndex(index)
    page.playlist_box.activated.emit(index)
    playlist = page.selected_playlist()
    assert playlist is not None and playlist.items  # a ready-made playlist, first launch
    qtbot.waitUntil(lambda: "Sound: ready." in page.preflight.text(), timeout=15000)

    page.start_button.click()
    service, calm = page.service, page.calm
    assert calm is not None and calm.isFullScreen() and calm.rehearsal
    assert service.phase is Phase.RUNNING and service.plan.is_rehearsal
    player = service.player()
    assert player.state.value == "playing"
    phases: list[Phase] = []
    service.phase_changed.connect(phases.append)

    clock.advance(10 * 60 / service.plan.scale)  # ten session minutes
    service.tick()
    QTest.keyClick(calm, Qt.Key.Key_Space)
    markers = SessionRepository(companion.database).markers(service.session_id)
    assert len(markers) == 1 and markers[0].offset_s == pytest.approx(600, abs=1)
    # Ten minutes in, the first bundled piece plays: the marker names it as piano.
    assert (markers[0].playing, markers[0].kind) == (playlist.items[0].title, "piano")

    advance_to(service, clock, Phase.ENDING)
    assert player.state.value == "stopping"  # the real player fades the music out
    advance_to(service, clock, Phase.CHIME)
    # The chime waits for the fade (real seconds) to finish, then rises.
    qtbot.waitUntil(lambda: player.state.value == "playing", timeout=45000)
    advance_to(service, clock, Phase.RECOVERY)
    assert calm.recovery.isVisible() and calm.recovery.ready_button.isVisible()
    qtbot.waitUntil(lambda: "Recovery: about" in calm.recovery.countdown.text(), timeout=10000)

    session_id = service.session_id
    calm.recovery.ready_button.click()
    assert phases == [Phase.ENDING, Phase.CHIME, Phase.RECOVERY, Phase.DONE]
    assert window.current_page() == "note"
    note = window.page("note")
    assert note.session_id == session_id
    context = note.findChild(QLabel, "noteContext").text()
    # Ten session minutes in; the real player had played well under a second of real time.
    assert f"10 min in · '{playlist.items[0].title}' at 0:0" in context
    assert page.calm is None and not calm.isVisible()
    assert player.state.value in ("stopping", "stopped")  # the chime's tail fades away
