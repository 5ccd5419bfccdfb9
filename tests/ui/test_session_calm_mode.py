"""The Session page and calm mode, driven by a fake clock (no real waiting)."""

from __future__ import annotations

import random

import pytest
from calm_rig import make_rig
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QPlainTextEdit,
)

from ketacompanion.core.session_flow import Phase
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.settings import user_settings
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.hold_gesture import REPRESS_WITHIN_S
from ketacompanion.ui.session_page import SessionPage


@pytest.fixture(autouse=True)
def _no_refcount_crash():
    guard_signal_refcount_leak()


@pytest.fixture
def rig(qtbot, tmp_path):
    """The calm-mode rig (calm_rig.py), not yet started, as a tuple."""
    made = make_rig(qtbot, tmp_path)
    yield made.page, made.service, made.clock, made.player, made.notes, made.database
    made.close()


def advance(service, clock, player, seconds, step=0.5):
    """Let ``seconds`` pass for the session and its player alike."""
    for _ in range(round(seconds / step)):
        clock.advance(step)
        player.advance(step)
        service.tick()
    QApplication.processEvents()


def test_start_calm_markers_fade_chime_recovery_note(rig, qtbot):
    page, service, clock, player, notes, database = rig
    qtbot.waitUntil(lambda: "Music: every piece plays." in page.preflight.text(), timeout=3000)
    assert "Sound: ready." in page.preflight.text()
    assert page.plan(False).fade_out_s >= 30  # the default end fade
    page.intention.setPlainText("Let it come")
    page.start_button.click()
    calm = page.calm
    assert calm is not None and calm.isFullScreen() and service.phase is Phase.RUNNING
    qtbot.waitUntil(calm.isActiveWindow, timeout=2000) if calm.isActiveWindow() else None
    advance(service, clock, player, 600)
    QTest.keyClick(calm, Qt.Key.Key_Space)
    QTest.mouseClick(calm, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    markers = SessionRepository(database).markers(service.session_id)
    assert [round(m.offset_s) for m in markers] == [600, 600]
    assert markers[0].playing is None or isinstance(markers[0].playing, str)
    advance(service, clock, player, 45 * 60 - 600 - 29)
    assert service.phase is Phase.ENDING and "stop" in player.names()
    advance(service, clock, player, 30)
    assert "chime" in player.names()
    advance(service, clock, player, 8)
    assert service.phase is Phase.RECOVERY and calm.recovery.isVisible()
    assert "Recovery: about" in calm.recovery.countdown.text()
    calm.recovery.ready_button.click()
    assert notes == [service.session_id] and service.phase is Phase.DONE
    assert page.calm is None


def _key(widget, kind, key, autorepeat=False):
    event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "", autorepeat)
    QApplication.sendEvent(widget, event)


def test_thousands_of_random_keys_and_clicks_never_end_a_session(rig):
    page, service, clock, _player, _notes, _db = rig
    page.start()
    calm = page.calm
    rng = random.Random(20250304)
    keys = [Qt.Key.Key_Escape, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Q,
            Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Up, Qt.Key.Key_T, Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace, Qt.Key.Key_Enter, Qt.Key.Key_X]
    end = calm.end_button
    for _ in range(3000):
        roll = rng.random()
        if roll < 0.6:
            QTest.keyClick(calm, rng.choice(keys), rng.choice(
                [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.AltModifier,
                 Qt.KeyboardModifier.ControlModifier]))
        elif roll < 0.75:
            QTest.mouseClick(end, Qt.MouseButton.LeftButton)
        elif roll < 0.9:
            pos = QPoint(rng.randrange(calm.width()), rng.randrange(calm.height()))
            QTest.mouseClick(calm, Qt.MouseButton.LeftButton, pos=pos)
        else:
            # Esc held a little under two seconds, with key auto-repeat, then let go. Esc
            # pressed again within REPRESS_WITHIN_S of a release is the same hold (X11 reports
            # repeats so), so this hold begins and ends with Esc up for longer than that.
            clock.advance(REPRESS_WITHIN_S + 0.01)
            calm._animate()
            _key(calm, QEvent.Type.KeyPress, Qt.Key.Key_Escape)
            for _ in range(19):
                clock.advance(0.1)
                _key(calm, QEvent.Type.KeyRelease, Qt.Key.Key_Escape, autorepeat=True)
                _key(calm, QEvent.Type.KeyPress, Qt.Key.Key_Escape, autorepeat=True)
                calm._animate()
            _key(calm, QEvent.Type.KeyRelease, Qt.Key.Key_Escape)
            clock.advance(REPRESS_WITHIN_S + 0.01)
            calm._animate()
        clock.advance(rng.random() * 0.3)
        service.tick()
        calm._animate()
    calm.close()  # Alt-F4 or a window manager close is refused too
    assert service.phase is Phase.RUNNING and calm.isVisible()


def test_holding_esc_two_seconds_shows_a_fill_then_ends_gently(rig):
    page, service, clock, player, _notes, _db = rig
    page.start()
    calm = page.calm
    _key(calm, QEvent.Type.KeyPress, Qt.Key.Key_Escape)
    clock.advance(1.0)
    calm._animate()
    assert calm.hold_fraction() == pytest.approx(0.5) and service.phase is Phase.RUNNING
    clock.advance(1.01)
    calm._animate()
    assert service.phase is Phase.ENDING and service.remaining() == pytest.approx(10, abs=0.5)


def test_end_control_held_two_seconds_ends_and_focus_loss_cancels(rig):
    page, service, clock, _player, _notes, _db = rig
    page.start()
    calm = page.calm
    _key(calm, QEvent.Type.KeyPress, Qt.Key.Key_Escape)
    clock.advance(1.5)
    QApplication.sendEvent(calm, QEvent(QEvent.Type.FocusOut))
    clock.advance(1.0)
    calm._animate()
    assert not calm.holding and service.phase is Phase.RUNNING
    QTest.mousePress(calm.end_button, Qt.MouseButton.LeftButton)
    clock.advance(2.0)
    calm._animate()
    assert service.phase is Phase.ENDING
    # Let go, or Qt keeps sending later tests' mouse events to this button.
    QTest.mouseRelease(calm.end_button, Qt.MouseButton.LeftButton)


def test_controls_fade_in_on_mouse_move_and_time_shows_on_request(rig, qtbot):
    page, service, clock, _player, _notes, _db = rig
    page.start()
    calm = page.calm
    assert calm.controls_opacity() == 0.0 and not calm.time_shown
    # Sent to calm mode's own window: a move sent to the widget sets the cursor and lets
    # offscreen Qt pick a window under it, with no stacking order to go by.
    qtbot.waitExposed(calm)
    QTest.mouseMove(calm.windowHandle(), QPoint(180, 180))
    QTest.mouseMove(calm.windowHandle(), QPoint(200, 200))
    qtbot.waitUntil(lambda: calm.controls_opacity() > 0.8, timeout=3000)
    QTest.keyClick(calm, Qt.Key.Key_T)
    assert calm.time_shown


def test_volume_keys_and_arrows_ramp_the_volume_in_calm_mode(rig):
    page, service, _clock, player, _notes, _db = rig
    page.start()
    calm = page.calm
    start = service.volume
    for key, change in ((Qt.Key.Key_VolumeUp, 0.05), (Qt.Key.Key_Up, 0.05),
                        (Qt.Key.Key_VolumeDown, -0.05), (Qt.Key.Key_Down, -0.05),
                        (Qt.Key.Key_Down, -0.05)):
        before = service.volume
        QTest.keyClick(calm, key)
        assert service.volume == pytest.approx(before + change)
        assert player.volume == pytest.approx(service.volume)  # the player ramps to it
    assert service.volume == pytest.approx(start - 0.05)
    QTest.keyClick(calm, Qt.Key.Key_VolumeMute)
    assert service.volume == 0.0 and player.volume == 0.0
    QTest.keyClick(calm, Qt.Key.Key_Down)
    assert service.volume == 0.0  # never below silence
    assert service.phase is Phase.RUNNING  # none of these ends anything


def test_a_suspend_leaves_the_timer_right(rig):
    page, service, clock, player, _notes, _db = rig
    page.start()
    advance(service, clock, player, 300)
    clock.suspend(600)
    advance(service, clock, player, 0.5)
    assert service.elapsed() == pytest.approx(900.5, abs=0.01)
    assert service.remaining() == pytest.approx(45 * 60 - 900.5, abs=0.01)


def test_a_killed_session_is_offered_back_on_the_page(rig, qtbot, tmp_path):
    page, service, clock, player, notes, database = rig
    page.start()
    advance(service, clock, player, 1200)
    sid = service.session_id
    service.shutdown()  # the process dies: nothing is closed properly
    page.calm.hide()
    clock.advance(120)
    settings = user_settings(tmp_path / "settings.json")
    keep = KeepAwake("none", which=lambda _n: None)
    again = SessionService(SessionRepository(database), lambda: player, keep, clock)
    fresh = SessionPage(again, PlaylistRepository(database), settings, clock, keep)
    qtbot.addWidget(fresh)
    fresh.show()
    assert fresh.resume_card.isVisibleTo(fresh) and fresh.resume_button.isVisibleTo(fresh)
    fresh.resume_button.click()
    assert again.session_id == sid and again.elapsed() == pytest.approx(1320, abs=1)
    assert fresh.calm is not None and fresh.calm.isFullScreen()
    again.shutdown()
    fresh.calm.deleteLater()


def test_every_control_of_setup_calm_mode_and_recovery_has_an_accessible_name(rig):
    page, service, clock, _player, _notes, _db = rig
    page.start()
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QPlainTextEdit)
    for root in (page, page.calm, page.calm.recovery):
        controls = [w for kind in kinds for w in root.findChildren(kind)]
        assert controls
        unnamed = [w.objectName() or type(w).__name__ for w in controls
                   if not w.accessibleName()]
        assert unnamed == []
