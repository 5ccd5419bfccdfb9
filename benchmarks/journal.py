"""The Journal page at 100, 1,000 and 10,000 sessions, UI included, against an empty journal.

Goals from issue 18, at 10,000 sessions: first show <= 200 ms; search with repaint
<= 200 ms; any repaint or scroll step <= 16 ms; memory <= 10 MB over an empty journal.
At 10,000 sessions a long scroll follows (400 wheel steps, far down the journal, where
cards built and never let go grew ~175 KB each): its memory over the empty journal
doing the same steps must stay <= 10 MB too, and its slowest step <= 16 ms.

Each measurement runs in a fresh process (offscreen Qt, the Night theme, a 1280x800
page) on a database built in a temp dir; the baseline is the same process on an empty
journal doing the same work, run right after it, pair by pair. Each figure is the
slowest of its kind in the run (a search for many words, one, none; 40 wheel steps
down past the first pages), as wall time and as the process's CPU time: on a shared
machine the wall time also holds other programs' turns. Run with
``python -m benchmarks journal`` (``python -m benchmarks.journal --quick``: fewer sizes
and rounds).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import median

SIZES = (100, 1000, 10000)
ROUNDS = 5
GOALS_MS = {"first show": 200.0, "search + repaint": 200.0, "repaint": 16.0,
            "scroll step": 16.0}
GOAL_MB = 10.0
WORDS = ("velvet swamp forest purple light falling calm grief father tunnel green arms far "
         "time slow music piano warm breath letting go surrender heavy lighter").split()
QUERIES = ("purple grief", "tunnel", "zebra")  # many matches, many, none
LONG_STEPS = 400  # wheel steps of the long scroll (at 10,000 sessions)


def seed(path: Path, sessions: int, seed_value: int = 18) -> None:
    """A journal of ``sessions`` sessions (a 120-word note, 3 marks, a take each), quickly."""
    from ketacompanion.storage.database import Database

    rng = random.Random(seed_value)
    db = Database.open(path)
    days = [f"{2000 + n // 336:04d}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}T09:00:00Z"
            for n in range(sessions)]
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO sessions (id, started_at, planned_minutes, recovery_minutes, "
            "playlist_name, intention, mood_before, mood_after, rehearsal) "
            "VALUES (?, ?, 45, 15, 'Drift', ?, ?, ?, ?)",
            [(n + 1, day, " ".join(rng.choices(WORDS, k=5)), rng.randint(0, 10),
              rng.randint(0, 10), int(n % 50 == 0)) for n, day in enumerate(days)])
        conn.executemany(
            "INSERT INTO notes (session_id, text, updated_at) VALUES (?, ?, ?)",
            [(n + 1, " ".join(rng.choices(WORDS, k=120)), day) for n, day in enumerate(days)])
        conn.executemany(
            "INSERT INTO markers (session_id, offset_s, created_at, playing) "
            "VALUES (?, ?, ?, 'Drift.ogg')",
            [(n + 1, 600.0 * (k + 1), day) for n, day in enumerate(days) for k in range(3)])
        conn.executemany(
            "INSERT INTO voice_takes (session_id, path, duration_s, created_at) "
            "VALUES (?, 'x.flac', 60, ?)", [(n + 1, day) for n, day in enumerate(days)])
    db.close()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def _child(db_path: Path, long_steps: int = 0) -> dict[str, object]:
    """Build the page on ``db_path`` and time what the person does; figures in ms and MB.

    ``long_steps``: wheel steps of a long scroll after the rest (0: none).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea

    from ketacompanion.paths import assets_dir
    from ketacompanion.storage.database import Database
    from ketacompanion.storage.journal import JournalRepository
    from ketacompanion.ui.journal_page import JournalPage
    from ketacompanion.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app, assets_dir() / "themes", "dark")
    db = Database.open(db_path)
    journal = JournalRepository(db, db_path.parent)
    page = JournalPage(journal, lambda: None, lambda _sid: None)
    page.resize(1280, 800)
    app.processEvents()
    rss_before = _rss_mb()

    cpu: dict[str, float] = {}

    def timed(action, name: str = "") -> float:
        started, used = time.perf_counter(), time.process_time()
        action()
        app.processEvents()
        # What the event loop does between frames: cards let go are really deleted.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        page.repaint()  # the finished frame: every visible child painted
        if name:
            cpu[name] = max(cpu.get(name, 0.0), (time.process_time() - used) * 1000)
        return (time.perf_counter() - started) * 1000

    first = timed(page.show, "first")
    repaints = [timed(lambda: None, "repaint") for _ in range(10)]
    search = page.findChild(QLineEdit, "searchBox")
    searches = []
    for query in QUERIES * 2:
        search.blockSignals(True)  # the typing pause is not part of the work
        search.setText(query)
        search.blockSignals(False)
        searches.append(timed(page.refresh, "search"))
    search.blockSignals(True)
    search.clear()
    search.blockSignals(False)
    timed(page.refresh)
    bar = page.findChild(QScrollArea, "journalScroll").verticalScrollBar()
    steps = []
    for _ in range(40):  # a wheel's worth (120 px) at a time, down past the first pages
        steps.append(timed(lambda: bar.setValue(bar.value() + 120), "scroll"))
    figures = {"rss": _rss_mb() - rss_before, "rss_abs": _rss_mb()}
    long = [timed(lambda: bar.setValue(bar.value() + 120), "long") for _ in range(long_steps)]
    if long:
        long.sort()
        figures.update(long=long[-1], long_p95=long[int(0.95 * (len(long) - 1))],
                       long_rss=_rss_mb() - figures["rss_abs"], long_rss_abs=_rss_mb(),
                       long_px=bar.value())
    return {"first": first, "repaint": max(repaints), "search": max(searches),
            "scroll": max(steps), **figures,
            **{f"cpu_{name}": value for name, value in cpu.items()}}


def _run_child(db_path: Path, long_steps: int = 0) -> dict[str, float]:
    import subprocess

    out = subprocess.run([sys.executable, "-m", "benchmarks.journal", "--child", str(db_path),
                          str(long_steps)], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout
    return json.loads(out.strip().splitlines()[-1])


def _verdict(value: float, goal: float) -> str:
    return "MET" if value <= goal else "MISSED"


def run(quick: bool = False, sizes: tuple[int, ...] | None = None,
        rounds: int | None = None) -> list[str]:
    """Measure each size pair by pair with the empty journal; one line per figure."""
    sizes = sizes or ((100, 10000) if quick else SIZES)
    rounds = rounds or (2 if quick else ROUNDS)
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.sqlite3"
        seed(empty, 0)
        for size in sizes:
            path = Path(tmp) / f"j{size}.sqlite3"
            started = time.perf_counter()
            seed(path, size)
            built = time.perf_counter() - started
            steps = LONG_STEPS if size == 10000 else 0
            pairs = [(_run_child(path, steps), _run_child(empty, steps)) for _ in range(rounds)]
            lines.append(f"{size} sessions (built in {built:.1f} s), {rounds} pairs "
                         "against the empty journal:")
            for key, name in (("first", "first show"), ("search", "search + repaint"),
                              ("repaint", "repaint"), ("scroll", "scroll step")):
                ours = [p[0][key] for p in pairs]
                used = [p[0][f"cpu_{key}"] for p in pairs]
                ratios = [p[0][key] / max(p[1][key], 0.1) for p in pairs]
                goal = GOALS_MS[name]
                verdict = (f"  {_verdict(median(ours), goal)} by wall time, "
                           f"{_verdict(median(used), goal)} by CPU time (goal <= {goal:.0f} ms)"
                           if size == 10000 else "")
                lines.append(
                    f"  {name} (the slowest of the run): median {median(ours):.1f} ms "
                    f"(spread {min(ours):.1f}-{max(ours):.1f}; CPU {median(used):.1f} ms); "
                    f"empty journal {median([p[1][key] for p in pairs]):.1f} ms; "
                    f"{median(ratios):.1f}x pair by pair "
                    f"(spread {min(ratios):.1f}-{max(ratios):.1f}){verdict}")
            growth = [p[0]["rss_abs"] - p[1]["rss_abs"] for p in pairs]
            verdict = f"  {_verdict(median(growth), GOAL_MB)} (goal <= {GOAL_MB:.0f} MB)" \
                if size == 10000 else ""
            lines.append(f"  memory over the empty journal: median {median(growth):+.1f} MB "
                         f"(spread {min(growth):+.1f} to {max(growth):+.1f}){verdict}")
            if steps:
                lines.extend(_long_scroll_lines(pairs, steps))
    return lines


def _long_scroll_lines(pairs: list[tuple[dict[str, float], dict[str, float]]],
                       steps: int) -> list[str]:
    """The long scroll's memory (against the empty journal) and its slowest steps."""
    growth = [p[0]["long_rss_abs"] - p[1]["long_rss_abs"] for p in pairs]
    during = [p[0]["long_rss"] for p in pairs]
    slowest = [p[0]["long"] for p in pairs]
    used = [p[0]["cpu_long"] for p in pairs]
    goal = GOALS_MS["scroll step"]
    return [
        f"  long scroll ({steps} wheel steps, {median([p[0]['long_px'] for p in pairs]):,.0f} px "
        "down):",
        f"    memory over the empty journal: median {median(growth):+.1f} MB (spread "
        f"{min(growth):+.1f} to {max(growth):+.1f}; grown during the scroll "
        f"{median(during):+.1f} MB)  {_verdict(median(growth), GOAL_MB)} "
        f"(goal <= {GOAL_MB:.0f} MB)",
        f"    slowest step: median {median(slowest):.1f} ms (spread {min(slowest):.1f}-"
        f"{max(slowest):.1f}; CPU {median(used):.1f} ms; 95th percentile "
        f"{median([p[0]['long_p95'] for p in pairs]):.1f} ms)  {_verdict(median(slowest), goal)}"
        f" by wall time, {_verdict(median(used), goal)} by CPU time (goal <= {goal:.0f} ms)",
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child(Path(sys.argv[2]), int(sys.argv[3]) if sys.argv[3:] else 0)))
    else:
        import argparse

        parser = argparse.ArgumentParser(prog="python -m benchmarks.journal")
        parser.add_argument("--quick", action="store_true")
        parser.add_argument("--sizes", type=lambda t: tuple(int(n) for n in t.split(",")))
        parser.add_argument("--rounds", type=int)
        args = parser.parse_args()
        print("\n".join(run(args.quick, args.sizes, args.rounds)))
