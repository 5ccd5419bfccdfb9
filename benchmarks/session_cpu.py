"""CPU of calm mode over the app's own playback, and memory over an hour-long session.

Three child processes run at the same time for ``seconds`` (60; 20 with
``--quick``): calm mode with its colour drift, calm mode "still", and the
baseline: the app's own PlayerService playing the same playlist with no window
(the same player, mixer and bed, so the difference is calm mode alone). Calm
mode runs the real SessionService, PlayerService and full-screen CalmWindow,
offscreen at 1920x1080 and on a 1920x1080 Xvfb (xcb). Sound goes to SDL's disk
driver, a temp file each (it paces itself like a sound card). Each child's
whole-life CPU is read with ``os.wait4``; start-up is taken out by subtracting
the CPU each child reports when it starts playing. Each run gives a ratio and a
difference; medians and spreads are printed.

Goals: calm mode adds at most 3% of one core over playback; "still" adds at
most 0.5%. Then a 60-minute session is run accelerated (a fake clock: every
tick, repaint and progress signal of an hour, a marker every 30 s) and resident
memory is compared between minute 1 and minute 60: goal at most 5 MB of growth.
``--quick`` runs 10 minutes of it and says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.common import Figure, display, load_note, median

REPO = Path(__file__).resolve().parents[1]
RATE = 44100
DRIFT_ADDS = 3.0  # % of one core over playback
STILL_ADDS = 0.5
MEMORY_GROWTH_MB = 5.0

_COMMON = """
import resource, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
"""

# The calm-mode session both children run: the real SessionService, PlayerService and
# full-screen CalmWindow. Each child first sets ``clock``, ``files`` and ``still``.
_CALM_SESSION = """
import tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ketacompanion.audio.player import PlayerService
from ketacompanion.core.models import FileItem, Playlist
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.calm_mode import CalmWindow

app = QApplication(sys.argv[:1])
guard_signal_refcount_leak()
db = Database.open(Path(tempfile.mkdtemp()) / "j.sqlite")
player = PlayerService()
service = SessionService(SessionRepository(db), lambda: player,
                         KeepAwake("none", which=lambda _n: None), clock)
service.start(SessionPlan(45, 15), Playlist("bench", [FileItem(f) for f in files]))
calm = CalmWindow(service, clock, still=still)
calm.resize(1920, 1080)
calm.showFullScreen()
"""

CALM = _COMMON + """
from PySide6.QtCore import QTimer
from ketacompanion.core.session_clock import SystemClock
seconds, still, files = float(sys.argv[1]), sys.argv[2] == "still", sys.argv[3:]
clock = SystemClock()
""" + _CALM_SESSION + """
cpu0 = cpu()
print(f"started {cpu0:.4f}", flush=True)
QTimer.singleShot(int(seconds * 1000), lambda: app.exit(0))  # quit() would ask calm mode to close
app.exec()
print(f"done {cpu() - cpu0:.4f}", flush=True)
"""

# The baseline: the app's own player, same playlist, same bed of silence-free music, no window.
PLAYBACK = _COMMON + """
from PySide6.QtCore import QCoreApplication, QTimer
from ketacompanion.audio.player import PlayerService
from ketacompanion.core.models import FileItem, Playlist
seconds, files = float(sys.argv[1]), sys.argv[3:]
app = QCoreApplication(sys.argv[:1])
player = PlayerService()
player.load(Playlist("bench", [FileItem(f) for f in files]))
player.play()
cpu0 = cpu()
print(f"started {cpu0:.4f}", flush=True)
QTimer.singleShot(int(seconds * 1000), lambda: app.exit(0))
app.exec()
print(f"done {cpu() - cpu0:.4f}", flush=True)
"""

MEMORY = """
import sys
from ketacompanion.core.session_clock import FakeClock

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6

clock, files, still = FakeClock(), sys.argv[2:], False
""" + _CALM_SESSION + """
marks, steps = 0, int(sys.argv[1]) * 600
for step in range(steps):  # 100 ms ticks, as the service's timer ticks
    clock.advance(0.1)
    service.tick()
    player.poll()
    if step % 2 == 0:
        calm.repaint()  # the drift's 5 frames a second
    if step % 300 == 0:
        service.add_marker()
        calm.toggle_time()
        marks += 1
    app.processEvents()
    if step == 599:  # minute 1: everything made once is made
        start = rss_mb()
print(f"memory {start:.2f} {rss_mb():.2f} {marks}", flush=True)
"""


def run(quick: bool = False) -> list[str]:
    """Lines to print: calm mode against playback per platform, then memory growth."""
    seconds = float(os.environ.get("KETACOMPANION_BENCH_SECONDS", "20" if quick else "60"))
    runs, minutes = (1, 10) if quick else (3, 60)
    platforms = ("offscreen",) if quick else ("offscreen", "xcb")
    lines = [f"{seconds:.0f} s of music per run, {runs} run(s) of three processes side by side "
             f"at 1920x1080, SDL disk driver; {load_note()}"]
    with tempfile.TemporaryDirectory() as folder:
        files = [str(p) for p in _make_tracks(Path(folder), seconds)]
        for platform in platforms:
            drift = Figure("calm mode, drift / app playback", None, unit="% of a core",
                           scale=1.0)
            still = Figure("calm mode, still / app playback", None, unit="% of a core",
                           scale=1.0)
            with display(platform) as screen:
                for _ in range(runs):
                    costs = _side_by_side(Path(folder), screen, [
                        [sys.executable, "-c", CALM, str(seconds), "drift", *files],
                        [sys.executable, "-c", CALM, str(seconds), "still", *files],
                        [sys.executable, "-c", PLAYBACK, str(seconds), "-", *files],
                    ])
                    drift_pct, still_pct, play_pct = (100 * c / seconds for c in costs)
                    drift.add(drift_pct, play_pct)
                    still.add(still_pct, play_pct)
            lines.append(f"-- {platform}")
            lines.extend(_calm_lines(drift, DRIFT_ADDS) + _calm_lines(still, STILL_ADDS))
        before, after, marks = _memory(Path(folder), files, minutes)
    growth = after - before
    lines.append(
        f"{minutes}-minute session, accelerated ({marks} markers): RSS at minute 1 "
        f"{before:.1f} MB, at minute {minutes} {after:.1f} MB, growth {growth:+.2f} MB: "
        f"{'MET' if growth <= MEMORY_GROWTH_MB else 'MISSED'} (goal <= {MEMORY_GROWTH_MB:g} MB)"
        + (" (quick: 10 minutes, not 60)" if quick else ""))
    return lines


def _calm_lines(figure: Figure, goal: float) -> list[str]:
    adds = [mine - base for mine, base in figure.pairs or []]
    added = median(adds)
    verdict = "MET" if added <= goal else "MISSED"
    return [figure.line(), f"   adds {added:+.2f}% of a core (spread {min(adds):+.2f} to "
            f"{max(adds):+.2f}): {verdict} (goal <= {goal:g}%)"]


def _env(output: Path, screen: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(screen or {}),
           "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(output),
           "PYGAME_HIDE_SUPPORT_PROMPT": "1", "PYTHONPATH": str(REPO)}
    env.pop("SDL_DISKAUDIODELAY", None)
    return env


def _side_by_side(folder: Path, screen: dict[str, str], argvs: list[list[str]]) -> list[float]:
    """CPU seconds each child spent after it started playing (whole life minus start-up)."""
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=_env(folder / f"out{i}.raw", screen), cwd=REPO)
             for i, argv in enumerate(argvs)]
    costs = []
    for proc in procs:
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
        if "started" not in lines or "done" not in lines:
            raise RuntimeError(f"child exited {os.waitstatus_to_exitcode(status)}: {out!r}")
        costs.append(usage.ru_utime + usage.ru_stime - float(lines["started"]))
    return costs


def _memory(folder: Path, files: list[str], minutes: int) -> tuple[float, float, int]:
    result = subprocess.run([sys.executable, "-c", MEMORY, str(minutes), *files],
                            capture_output=True, text=True, env=_env(folder / "memory.raw"),
                            cwd=REPO, timeout=3600,
                            check=False)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("memory ")), None)
    if line is None:
        raise RuntimeError(f"memory run failed: {result.stderr[-500:]}")
    _, before, after, marks = line.split()
    return float(before), float(after), int(marks)


def _make_tracks(folder: Path, seconds: float, count: int = 3) -> list[Path]:
    """Calm synthetic piano-like chords as OGG Vorbis, ``seconds`` long in all."""
    paths, length = [], int(seconds / count * RATE) + RATE
    t = np.arange(length) / RATE
    for i in range(count):
        base = 196.0 * 2 ** (i / 12)
        chord = sum(0.1 * np.sin(2 * np.pi * base * r * t) for r in (1.0, 1.26, 1.5, 2.0))
        wave = chord * (0.6 + 0.4 * np.sin(2 * np.pi * t / 7.0))
        path = folder / f"track{i}.ogg"
        with soundfile.SoundFile(path, "w", RATE, 2, format="OGG", subtype="VORBIS") as sink:
            for start in range(0, length, 32768):  # one huge Vorbis write crashes libsndfile
                sink.write(np.column_stack([wave, wave])[start : start + 32768])
        paths.append(path)
    return paths
