"""Cold start to the first finished frame, against a bare PySide6 window (goal: <= 1.5x).

Every landing page (Prepare, Session, Journal) with an empty journal and with
1,000 and 10,000 sessions, offscreen and on an X server (a 1920x1080 Xvfb this
benchmark starts itself). The app and the bare window run pair by pair,
alternating; both are timed by the same marker (``ketacompanion.first_frame``:
the end of the first frame, children painted and flushed), the bare window
running that module's source text, not our package.

Three more figures explain a miss. Each page's own widgets alone: its first
frame written down and built again, with the same theme, by a program with none
of the app's code (``benchmarks.widget_tree``), run in the same rounds; the bare
window shows no widget and draws no text, so this is the part of the ratio that
is what the person sees, not how the app makes it. The floor: a themed
three-page window with Qt's enums and a SQLite file in WAL mode and none of the app's code, what any
window on this stack pays. And the whole process, start to exit, as
hyperfine or ``/usr/bin/time`` would see it. Peak memory is compared too
(goal <= 1.5x, from issue 2).
"""

from __future__ import annotations

import json
import sys
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.common import Figure, alternate, display, load_note, rotate, run_child
from benchmarks.data import seed_sessions
from benchmarks.widget_tree import dump_program, replay_program
from ketacompanion import first_frame
from ketacompanion.paths import assets_dir

GOAL = 1.5
MEMORY_GOAL = 1.5
PAGES = ("prepare", "session", "journal")
SIZES = (0, 1000, 10000)
MARKER = "first-frame"
REPO = Path(__file__).resolve().parents[1]  # the copy of a frame imports benchmarks/

# The marker's own source (it imports only QtCore), then the window.
_MARKER_SOURCE = Path(first_frame.__file__).read_text(encoding="utf-8")

BASELINE = _MARKER_SOURCE + """
import sys
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 720)
watcher = FirstFinishedFrame(window)
window.show()
app.exec()
"""

FLOOR = _MARKER_SOURCE + """
import sqlite3
import sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

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
watcher = FirstFinishedFrame(window)
window.show()
app.exec()
"""


def run(quick: bool = False) -> list[str]:
    """Lines to print: one figure per platform, page and journal size."""
    pairs = 3 if quick else 7
    platforms = ("offscreen",) if quick else ("offscreen", "xcb")
    sizes = (0, 10000) if quick else SIZES
    lines = [f"{pairs} pairs each, alternating; {load_note()}"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = {size: _data_folder(root / f"data-{size}", size) for size in sizes}
        for platform in platforms:
            with display(platform) as env:
                lines.extend(_platform(platform, env, root, folders, pairs, quick))
    return lines


def _platform(platform: str, env: dict[str, str], root: Path, folders: dict[int, Path],
              pairs: int, quick: bool) -> list[str]:
    base_argv = [sys.executable, "-c", BASELINE]
    replay = replay_program(_MARKER_SOURCE, REPO)
    lines = [f"-- {platform}"]
    run_child(base_argv, MARKER, env)
    cases = [(0, "prepare"), (10000, "journal")] if quick else [
        (size, page) for size in SIZES for page in PAGES]
    for size, page in cases:
        folder = folders[size]
        _land_on(folder, page)
        tree = root / f"{platform}-{page}-{size}.json"
        app_argv = [sys.executable, "-m", "ketacompanion", "--data-dir", str(folder),
                    "--exit-after-first-paint"]
        # The tree's run is a warm-up too: the same disk cache for all.
        run_child([sys.executable, "-c", dump_program(REPO), str(tree), *app_argv[3:]],
                  MARKER, env)
        alone_argv = [sys.executable, "-c", replay, str(tree)]
        run_child(alone_argv, MARKER, env)
        runs = rotate(pairs, {side: partial(run_child, argv, MARKER, env) for side, argv in
                              (("app", app_argv), ("bare", base_argv), ("alone", alone_argv))})
        lines.extend(_case_lines(page, size, {
            side: [run.seconds_to_marker for run in kept] for side, kept in runs.items()}))
        if size == 0 and page == "prepare":
            whole = Figure("   whole process, start to exit (as hyperfine sees it)", GOAL)
            memory = Figure("   peak memory (RSS)", MEMORY_GOAL, unit="MB", scale=1.0)
            for mine, base in zip(runs["app"], runs["bare"], strict=True):
                whole.add(mine.whole_s, base.whole_s)
                memory.add(mine.peak_rss_mb, base.peak_rss_mb)
            lines.extend([whole.line(), memory.line(), _floor_line(env, root, pairs)])
    return lines


def _case_lines(page: str, size: int, seconds: dict[str, list[float]]) -> list[str]:
    """The goal's figure, then what the same frame costs with no app code at all."""
    figures = (
        Figure(f"{page:8s} {size:6,d} sessions, first finished frame", GOAL),
        Figure("   its own widgets alone, no app code (the least this frame costs)", None),
        Figure("   the app over its own widgets alone", None),
    )
    for sides, figure in zip((("app", "bare"), ("alone", "bare"), ("app", "alone")), figures,
                             strict=True):
        for mine, base in zip(seconds[sides[0]], seconds[sides[1]], strict=True):
            figure.add(mine, base)
    return [figure.line() for figure in figures]


def _floor_line(env: dict[str, str], root: Path, pairs: int) -> str:
    theme = assets_dir() / "themes" / "dark.qss"
    floor_argv = [sys.executable, "-c", FLOOR, str(theme), str(root / "floor.db")]
    base_argv = [sys.executable, "-c", BASELINE]
    run_child(floor_argv, MARKER, env)
    figure = alternate(pairs, lambda: run_child(floor_argv, MARKER, env).seconds_to_marker,
                       lambda: run_child(base_argv, MARKER, env).seconds_to_marker,
                       Figure("   floor (themed three-page window, Qt enums, SQLite; no app "
                              "code)", GOAL))
    return figure.line()


def _data_folder(folder: Path, sessions: int) -> Path:
    """A data folder the app has opened once (migrated, ready-made playlists added)."""
    env = {"QT_QPA_PLATFORM": "offscreen", "SDL_AUDIODRIVER": "dummy"}
    run_child([sys.executable, "-m", "ketacompanion", "--data-dir", str(folder),
               "--exit-after-first-paint"], MARKER, env)
    if sessions:
        seed_sessions(folder / "ketacompanion.sqlite3", sessions)
    return folder


def _land_on(folder: Path, page: str) -> None:
    state = folder / "window-state.json"
    saved = json.loads(state.read_text(encoding="utf-8")) if state.exists() else {}
    saved["last_page"] = page
    state.write_text(json.dumps(saved), encoding="utf-8")
