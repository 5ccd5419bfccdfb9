"""Cold start to first painted window, and peak memory, against a bare PySide6 window.

Both processes run alternately in one session, several times each, and the
medians are compared, so machine load affects both sides alike.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from benchmarks.common import median, run_child

RUNS = 7
BASELINE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("first-paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 720)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def run() -> list[str]:
    env = {} if os.environ.get("DISPLAY") else {"QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        app_argv = [sys.executable, "-m", "ketacompanion", "--data-dir", str(data),
                    "--exit-after-first-paint"]
        base_argv = [sys.executable, "-c", BASELINE]
        # One warm-up each so both start with the same disk cache.
        run_child(app_argv, "first-paint", env)
        run_child(base_argv, "first-paint", env)
        app_runs, base_runs = [], []
        for _ in range(RUNS):
            app_runs.append(run_child(app_argv, "first-paint", env))
            base_runs.append(run_child(base_argv, "first-paint", env))
    app_t = median([r.seconds_to_marker for r in app_runs])
    base_t = median([r.seconds_to_marker for r in base_runs])
    app_m = median([r.peak_rss_mb for r in app_runs])
    base_m = median([r.peak_rss_mb for r in base_runs])
    platform = env.get("QT_QPA_PLATFORM", "xcb")
    return [
        f"platform {platform}, {RUNS} runs each, medians",
        f"cold start to first paint: app {app_t * 1000:.0f} ms, bare PySide6 window "
        f"{base_t * 1000:.0f} ms -> ratio {app_t / base_t:.2f}x (goal <= 1.3x)",
        f"peak memory: app {app_m:.0f} MB, bare {base_m:.0f} MB -> ratio "
        f"{app_m / base_m:.2f}x (goal <= 1.5x)",
    ]
