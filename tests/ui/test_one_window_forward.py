"""A second start brings the open window forward, and says so in the person's theme.

The message used to come in Qt's plain grey whatever the theme, and the open
window stayed wherever it was (behind others, minimised) for the person to find.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from modal import when_a_box_shows
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ketacompanion.gui import ALREADY_OPEN, BROUGHT_FORWARD, LOCK_NAME, run_gui
from ketacompanion.window_nudge import REQUEST_NAME, ForwardWatcher, ask_open_window_forward

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
assert lock.tryLock(1000)
print("locked", flush=True)
time.sleep(60)
"""
BACKGROUND = {"dark": QColor("#15171d"), "dawn": QColor("#f5f1ea")}


@pytest.fixture(autouse=True)
def _unthemed(qapp):
    yield
    qapp.setStyleSheet("")


def _holder(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / LOCK_NAME)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.parametrize("theme", ["dark", "dawn"])
def test_the_already_open_message_wears_the_persons_theme(qtbot, data_dir, theme):
    data_dir.mkdir(mode=0o700)
    (data_dir / "settings.json").write_text(json.dumps({"theme": theme}))
    other = _holder(data_dir)  # holds the lock but cannot answer: the plain message
    try:
        seen: list[tuple[str, QColor]] = []

        def look(box) -> None:
            image = box.grab().toImage()
            seen.append((box.text(), image.pixelColor(2, 2)))
            box.accept()

        when_a_box_shows(look)
        assert run_gui(data_dir) == 1
        assert [text for text, _ in seen] == [ALREADY_OPEN]
        assert seen[0][1].name() == BACKGROUND[theme].name(), theme
        assert not (data_dir / REQUEST_NAME).exists()  # nothing left behind
    finally:
        other.kill()
        other.wait()


def test_a_second_start_brings_the_first_window_forward(qtbot, companion):
    window = companion.window
    window.show()
    qtbot.waitExposed(window)
    forward = ForwardWatcher(companion.paths.root, companion.bring_forward)
    window.showMinimized()
    assert window.isMinimized()
    assert ask_open_window_forward(companion.paths.root)  # as the second start asks
    assert not window.isMinimized() and window.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert not (companion.paths.root / REQUEST_NAME).exists()
    del forward


def test_a_second_process_brings_a_real_first_one_forward_and_says_so(qtbot, data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen([sys.executable, "-m", "ketacompanion", "--data-dir",
                              str(data_dir)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    log = data_dir / "logs" / "ketacompanion.log"
    try:
        def first_is_up() -> bool:
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            return "second start will bring" in (log.read_text() if log.exists() else "")

        qtbot.waitUntil(first_is_up, timeout=60000)  # the first window opened
        said: list[str] = []
        when_a_box_shows(lambda box: (said.append(box.text()), box.accept()))
        assert run_gui(data_dir) == 1
        assert said == [BROUGHT_FORWARD]
        qtbot.waitUntil(lambda: "bringing it forward" in log.read_text(), timeout=10000)
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)
