"""Holding Esc ends the session with X11's auto-repeat too; "Ending gently…" answers at once.

Key events are sent as X11 delivers them for a held key (measured under Xvfb
with xdotool, see test_hold_to_end_x11.py): a first press, then every 40 ms
either an auto-repeat release+press pair or, as often, a *real* release with a
real press a few milliseconds behind it. The fake clock moves in calm mode's
animation frames; nothing waits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from calm_rig import OFFSCREEN_MARKS, Rig  # the rig fixture is in conftest.py
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication

from ketacompanion.core.session_flow import Phase
from ketacompanion.paths import assets_dir
from ketacompanion.ui.calm_ending import ENDING_TEXT
from ketacompanion.ui.calm_mode import ANIMATION_FRAME_MS, CalmWindow
from ketacompanion.ui.theme import theme_path

pytestmark = OFFSCREEN_MARKS

FRAME_S = ANIMATION_FRAME_MS / 1000
REPEAT_S = 0.040  # X11's default: a repeat every 40 ms after a 660 ms delay
REPEAT_DELAY_S = 0.660
PRESS, RELEASE = QEvent.Type.KeyPress, QEvent.Type.KeyRelease


def _key(calm: CalmWindow, kind: QEvent.Type, autorepeat: bool = False) -> None:
    event = QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "", autorepeat)
    QApplication.sendEvent(calm, event)


def _wait(rig: Rig, seconds: float) -> None:
    """Let ``seconds`` pass in animation frames, the session ticking as its timer does."""
    end = rig.clock.monotonic() + seconds
    while rig.clock.monotonic() < end - 1e-9:
        step = min(FRAME_S, end - rig.clock.monotonic())
        rig.clock.advance(step)
        rig.player.advance(step)
        rig.service.tick()
        rig.calm._animate()


def _hold_esc_x11(rig: Rig, seconds: float) -> Iterator[float]:
    """Hold Esc for ``seconds`` as X11 reports it; yields each moment a repeat came."""
    calm, start = rig.calm, rig.clock.monotonic()
    _key(calm, PRESS)
    _wait(rig, REPEAT_DELAY_S)
    n = 0
    while rig.clock.monotonic() - start < seconds:
        n += 1
        if n % 2:  # Qt saw the press queued behind the release: marked as a repeat
            _key(calm, RELEASE, autorepeat=True)
            _key(calm, PRESS, autorepeat=True)
        else:  # the press was not there yet: a real release, then a real press
            _key(calm, RELEASE)
            _wait(rig, 0.003)
            _key(calm, PRESS)
        yield rig.clock.monotonic() - start
        _wait(rig, REPEAT_S)


def _ended_after(rig: Rig, seconds: float) -> float | None:
    """Hold Esc the X11 way for ``seconds``; how long after the press the session ended."""
    start = rig.clock.monotonic()
    for _ in _hold_esc_x11(rig, seconds):
        if rig.service.phase is not Phase.RUNNING:
            return rig.clock.monotonic() - start
    _key(rig.calm, RELEASE)
    return None


def test_holding_esc_with_x11_auto_repeat_ends_the_session_in_two_seconds(rig):
    took = _ended_after(rig, 3.0)
    assert took is not None, "held Esc for 3 s with auto-repeat: the session ran on"
    assert 2.0 <= took <= 2.1 and rig.service.phase is Phase.ENDING


def test_a_held_esc_with_only_auto_repeat_pairs_or_presses_ends_too(rig):
    calm = rig.calm
    _key(calm, PRESS)
    for _ in range(20):
        _wait(rig, 0.1)
        _key(calm, RELEASE, autorepeat=True)
        _key(calm, PRESS, autorepeat=True)
    _wait(rig, FRAME_S)
    assert rig.service.phase is Phase.ENDING


@pytest.mark.parametrize("down_s", [0.0, 0.08, 0.5, 1.9])
def test_esc_pressed_once_and_let_go_never_ends_the_session(rig, down_s):
    calm = rig.calm
    _key(calm, PRESS)
    _wait(rig, down_s)
    _key(calm, RELEASE)
    _wait(rig, 4.0)
    assert rig.service.phase is Phase.RUNNING and not calm.holding
    assert calm.hold_fraction() == 0.0 and calm.ending_opacity() == 0.0


def test_let_go_for_longer_than_a_repeat_and_the_hold_starts_over(rig):
    calm = rig.calm
    for _ in _hold_esc_x11(rig, 1.5):
        pass
    _key(calm, RELEASE)
    _wait(rig, 0.25)  # well past 150 ms: a real let-go
    assert not calm.holding
    assert _ended_after(rig, 1.9) is None and rig.service.phase is Phase.RUNNING


def _end_by_hold(rig: Rig) -> float:
    """Hold Esc until the session ends; the fake clock's time when the hold completed."""
    ended: list[float] = []
    rig.service.phase_changed.connect(lambda _phase: ended.append(rig.clock.monotonic()))
    calm = rig.calm
    _key(calm, PRESS)
    for _ in range(round(3.0 / REPEAT_S)):
        _key(calm, RELEASE)  # X11's real release and press, 3 ms apart
        _wait(rig, 0.003)
        _key(calm, PRESS)
        _wait(rig, REPEAT_S - 0.003)
        if ended:
            break
    assert ended and rig.service.phase is Phase.ENDING, "held Esc for 3 s: it ran on"
    return ended[0]


def test_ending_gently_shows_within_200_ms_and_the_ring_stops(rig):
    calm = rig.calm
    _wait(rig, 60)
    ended_at = _end_by_hold(rig)
    _key(calm, RELEASE)
    ring = calm.ring_fraction()
    assert ring > 0 and calm.ending.isVisible() and calm.ending.text() == ENDING_TEXT
    opacities = []
    while rig.clock.monotonic() - ended_at < 0.2:
        _wait(rig, FRAME_S)
        opacities.append(calm.ending_opacity())
    # Fades in, never jumps: each frame a little more, the first barely there.
    steps = [b - a for a, b in zip(opacities, opacities[1:], strict=False)]
    assert opacities[0] <= 0.2 and all(0 < step <= 0.2 for step in steps)
    assert opacities[-1] >= 0.7  # legible within 200 ms
    assert _brightest(calm.grab().toImage(), calm.ending.geometry()) >= 150
    _wait(rig, 6)  # the music fades; the session clock runs on
    assert rig.service.phase is Phase.ENDING and calm.ring_fraction() == ring
    assert calm.hold_fraction() == 0.0 and calm.controls_opacity() == 0.0
    assert calm.ending_opacity() == 1.0


def test_holding_again_while_it_ends_changes_nothing(rig):
    calm = rig.calm
    _end_by_hold(rig)
    _key(calm, RELEASE)
    end_in = rig.service.remaining()
    _wait(rig, 1.0)
    for _ in _hold_esc_x11(rig, 3.0):  # held again, in doubt
        assert calm.hold_fraction() == 0.0 and calm.ending_opacity() > 0.9
    _key(calm, RELEASE)
    calm.end_button.pressed.emit()
    calm.end_button.released.emit()
    assert rig.service.remaining() == pytest.approx(end_in - 1.0 - 3.0, abs=0.1)
    _wait(rig, 15)
    assert rig.service.phase is Phase.RECOVERY and calm.recovery.isVisible()


def test_a_planned_end_says_nothing_until_a_hand_asks(rig):
    calm = rig.calm
    rig.advance(45 * 60 - 20)  # inside the planned 30 s fade-out
    _wait(rig, 0.5)
    assert rig.service.phase is Phase.ENDING and calm.ending_opacity() == 0.0
    _key(calm, PRESS)  # Esc, to end what is already ending: told so at once
    _wait(rig, 0.2)
    assert calm.ending_opacity() >= 0.7 and rig.service.phase is Phase.ENDING


@pytest.mark.parametrize("theme", ["dark", "dawn"])
def test_ending_gently_is_large_and_high_contrast_in_each_theme(rig, theme):
    calm = rig.calm
    # The theme's sheet on calm mode alone: taking a sheet off the whole application
    # again while windows live on has crashed Qt in a later test.
    themes = assets_dir() / "themes"
    sheet = theme_path(themes, theme).read_text(encoding="utf-8")
    calm.setStyleSheet(sheet.replace("@THEMES@", themes.resolve().as_posix()))  # as apply_theme
    _end_by_hold(rig)
    _key(calm, RELEASE)
    _wait(rig, 1.0)
    image = calm.grab().toImage()
    box = calm.ending.geometry()
    ink = _rows_with_ink(image, box)
    assert ink >= 30, f"letters {ink} px tall"
    text = QColor(image.pixel(*_brightest_spot(image, box))).lightnessF()
    ground = QColor(image.pixel(box.left() + 2, box.top() + 2)).lightnessF()
    assert _contrast(text, ground) >= 7.0


def _brightest(image: QImage, box: QRect) -> int:
    return QColor(image.pixel(*_brightest_spot(image, box))).lightness()


def _brightest_spot(image: QImage, box: QRect) -> tuple[int, int]:
    best, spot = -1, (box.left(), box.top())
    for y in range(box.top(), box.bottom(), 2):
        for x in range(box.left(), box.right(), 2):
            level = QColor(image.pixel(x, y)).lightness()
            if level > best:
                best, spot = level, (x, y)
    return spot


def _rows_with_ink(image: QImage, box: QRect) -> int:
    """From the highest to the lowest row holding a bright pixel (the letters' height)."""
    rows = [y for y in range(box.top(), box.bottom())
            if any(QColor(image.pixel(x, y)).lightness() > 128
                   for x in range(box.left(), box.right(), 2))]
    return rows[-1] - rows[0] + 1 if rows else 0


def _contrast(a: float, b: float) -> float:
    """WCAG contrast of two greys given as lightness 0..1 (near enough for near-greys)."""
    def lum(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(("width", "height"), [(960, 540), (1024, 600), (1280, 800),
                                               (1920, 1080)])
def test_ending_gently_stands_whole_above_the_ring_on_any_screen(rig, width, height):
    calm = rig.calm
    calm.showNormal()  # the offscreen screen is 800x800: full screen would be that size
    calm.resize(width, height)
    calm.layout().activate()
    QApplication.processEvents()
    _end_by_hold(rig)
    _key(calm, RELEASE)
    _wait(rig, 0.5)
    words = calm.ending.geometry()
    assert words.top() >= 0 and words.left() >= 0 and words.right() < width
    assert words.bottom() < calm.hold_fill_rect().top()  # clear of the ring and its circle
    assert calm.ending.sizeHint().width() <= words.width()  # never cut off


def test_a_window_opened_on_a_session_already_ending_early_says_so(rig, qtbot):
    _end_by_hold(rig)  # as if the app then crashed and the session was resumed
    _key(rig.calm, RELEASE)
    again = CalmWindow(rig.service, rig.clock)
    qtbot.addWidget(again)
    again.show()
    rig.clock.advance(0.2)
    again._animate()
    assert again.ending_opacity() >= 0.7 and again.ending.text() == ENDING_TEXT
    rig.service.shutdown()
