"""Run by test_hold_to_end_x11.py under xvfb-run: a real X hold of Esc on a rehearsal.

    xvfb-run -a -s "-screen 0 1280x800x24" python hold_driver.py DATA_DIR

Starts openbox (real full-screen geometry and focus), builds the app as app.py
does with the real clock, starts a rehearsal and, once calm mode has the focus,
taps Esc once with xdotool, then holds it down for three seconds with the X
server's key auto-repeat on (its default), exactly as a person would. Every Esc
event Qt delivers, the phases and when "Ending gently…" showed are timed on the
monotonic clock (when "Ending gently…" first shows, and when it is 70% faded
in, are looked at every 10 ms) and printed as one ``REPORT {json}`` line; then the process
leaves at once (``os._exit``: no audio thread may keep it alive).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build

HOLD_S = 3.0
GIVE_UP_S = 30.0


class Watch(QObject):
    """Times every Esc event the app receives, as Qt delivers them."""

    def __init__(self, start: float) -> None:
        super().__init__()
        self.start = start
        self.keys: list[tuple[str, bool, float]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note Esc presses and releases (each once: the window's, not its children's)."""
        kinds = {QEvent.Type.KeyPress: "press", QEvent.Type.KeyRelease: "release"}
        if event.type() in kinds and watched.isWidgetType() and watched.isWindow():
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.keys.append((kinds[event.type()], event.isAutoRepeat(),
                                  round(time.monotonic() - self.start, 3)))
        return False


def xdotool(*args: str) -> None:
    """One xdotool command on this display."""
    subprocess.run(["xdotool", *args], check=True, timeout=10)


def main() -> int:
    data = Path(sys.argv[1])
    wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = QApplication(sys.argv[:1])
    companion = build(app, data, rehearse=True)
    window = companion.window
    page = window.page("session")
    service = page.service
    start = time.monotonic()
    report: dict = {"phases": []}
    watch = Watch(start)
    app.installEventFilter(watch)

    def now() -> float:
        return round(time.monotonic() - start, 3)

    def finish(code: int) -> None:
        report["keys"] = watch.keys
        report["phase_at_end"] = service.phase.value
        print("REPORT " + json.dumps(report), flush=True)
        wm.terminate()
        os._exit(code)

    def on_phase(phase: object) -> None:
        report["phases"].append((str(getattr(phase, "value", phase)), now()))
        if str(getattr(phase, "value", phase)) == "ending":
            QTimer.singleShot(1500, lambda: finish(0))

    service.phase_changed.connect(on_phase)

    def look() -> None:
        opacity = page.calm.ending_opacity() if page.calm is not None else 0.0
        if opacity > 0 and "ending_appeared" not in report:
            report["ending_appeared"] = now()
        if opacity >= 0.7 and "ending_legible" not in report:
            report["ending_legible"] = now()

    looking = QTimer(interval=10)
    looking.timeout.connect(look)
    looking.start()

    def hold() -> None:
        report["keydown"] = now()
        xdotool("keydown", "Escape")
        QTimer.singleShot(round(HOLD_S * 1000), release)

    def release() -> None:
        xdotool("keyup", "Escape")
        report["keyup"] = now()
        QTimer.singleShot(1500, lambda: finish(0))

    def tap() -> None:
        report["tap"] = now()
        xdotool("key", "Escape")
        QTimer.singleShot(700, hold)

    def when_focused() -> None:
        calm = page.calm
        if calm is None or not calm.isActiveWindow():
            QTimer.singleShot(50, when_focused)
            return
        report["ready"] = now()
        QTimer.singleShot(300, tap)

    window.show()
    page.start(True)
    QTimer.singleShot(0, when_focused)
    QTimer.singleShot(round(GIVE_UP_S * 1000), lambda: finish(2))
    app.exec()
    finish(1)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # the app's own hook would only show it in the window
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)
