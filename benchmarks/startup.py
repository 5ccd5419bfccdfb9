"""Cold start to first painted window, and peak memory, against a bare PySide6 window.

The processes run alternately in one session, several times each, and the
medians are compared, so machine load affects all sides alike.

A third process, the floor, is the least a window built on this stack can be:
the ``Qt`` namespace (alignments, keys and model roles need its enums), the
app's QSS theme, a sidebar naming the three pages, a heading and a button, and
a SQLite file in WAL mode. It has none of the app's own code, so its ratio is
what PySide6 and SQLite charge before the app adds anything.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from benchmarks.common import median, run_child
from ketacompanion.paths import assets_dir

RUNS = 7
# Both windows quit right after their first paint, as the app's --exit-after-first-paint does.
_FIRST_PAINT = """
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("first-paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False
"""

BASELINE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
""" + _FIRST_PAINT + """
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 720)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""

FLOOR = """
import sqlite3
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)
""" + _FIRST_PAINT + """
theme, db_path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
db.commit()
app = QApplication(sys.argv[:1])
app.setStyleSheet(Path(theme).read_text(encoding="utf-8"))
window = QMainWindow()
central = QWidget(window)
row = QHBoxLayout(central)
sidebar = QListWidget(central)
sidebar.addItems(["Prepare", "Session", "Journal"])
pages = QStackedWidget(central)
page = QWidget(pages)
column = QVBoxLayout(page)
heading = QLabel("Prepare", page)
heading.setAlignment(Qt.AlignmentFlag.AlignLeft)
column.addWidget(heading)
column.addWidget(QPushButton("New playlist", page))
pages.addWidget(page)
row.addWidget(sidebar)
row.addWidget(pages, 1)
window.setCentralWidget(central)
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
        theme = assets_dir() / "themes" / "dark.qss"
        floor_argv = [sys.executable, "-c", FLOOR, str(theme), str(Path(tmp) / "floor.db")]
        sides = (app_argv, base_argv, floor_argv)
        # One warm-up each so all start with the same disk cache.
        for argv in sides:
            run_child(argv, "first-paint", env)
        app_runs, base_runs, floor_runs = [], [], []
        for _ in range(RUNS):
            for argv, runs in zip(sides, (app_runs, base_runs, floor_runs), strict=True):
                runs.append(run_child(argv, "first-paint", env))
    app_t = median([r.seconds_to_marker for r in app_runs])
    base_t = median([r.seconds_to_marker for r in base_runs])
    floor_t = median([r.seconds_to_marker for r in floor_runs])
    app_m = median([r.peak_rss_mb for r in app_runs])
    base_m = median([r.peak_rss_mb for r in base_runs])
    platform = env.get("QT_QPA_PLATFORM", "xcb")
    return [
        f"platform {platform}, {RUNS} runs each, medians",
        f"cold start to first paint: app {app_t * 1000:.0f} ms, bare PySide6 window "
        f"{base_t * 1000:.0f} ms -> ratio {app_t / base_t:.2f}x (goal <= 1.3x)",
        f"floor (themed three-page window with Qt enums and SQLite, no app code): "
        f"{floor_t * 1000:.0f} ms -> ratio {floor_t / base_t:.2f}x; app / floor "
        f"{app_t / floor_t:.2f}x",
        f"peak memory: app {app_m:.0f} MB, bare {base_m:.0f} MB -> ratio "
        f"{app_m / base_m:.2f}x (goal <= 1.5x)",
    ]
