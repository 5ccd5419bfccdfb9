"""Recovery inside calm mode: the cursor, the words, the keys and the fade."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from calm_rig import Rig, make_rig, move_to
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from ketacompanion.core.session_flow import Phase
from ketacompanion.qt_compat import guard_signal_refcount_leak

# The offscreen platform can neither resize nor raise a shown window; it says so.
pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
              pytest.mark.qt_log_ignore("This plugin does not support raise")]

LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
SESSION_S = 45 * 60


@pytest.fixture(autouse=True)
def _no_refcount_crash() -> None:
    guard_signal_refcount_leak()


@pytest.fixture
def rig(qtbot, tmp_path) -> Iterator[Rig]:  # noqa: ANN001 - pytest-qt's fixture
    made = make_rig(qtbot, tmp_path)
    made.page.start()
    made.calm.resize(1280, 800)
    yield made
    made.close()


def test_the_cursor_stays_through_recovery_after_a_stir_at_the_chime(rig):
    calm, window = rig.calm, rig.calm.windowHandle()
    rig.advance(SESSION_S + 2)
    assert rig.service.phase is Phase.CHIME
    move_to(window, QPoint(600, 300))  # a hand stirs as the chime sounds
    assert calm._idle.isActive()
    rig.advance(8)
    assert rig.service.phase is Phase.RECOVERY and calm.recovery.isVisible()

    assert not calm._idle.isActive()
    calm._idle.timeout.emit()  # even a tick already on its way hides nothing
    assert calm.cursor().shape() is not Qt.CursorShape.BlankCursor
    QTest.mouseClick(window, LEFT, NO_MOD, QPoint(100, 100))  # a click on the dim screen
    assert not calm._idle.isActive()
    button = calm.recovery.ready_button
    move_to(window, button.mapTo(calm, button.rect().center()))
    assert button.cursor().shape() is not Qt.CursorShape.BlankCursor
