"""CPU of calm mode with music, side by side with bare pygame playback; memory over a long run.

Three child processes run at the same time for ``KETACOMPANION_BENCH_SECONDS``
(default 60): calm mode with its colour drift, calm mode "still", and a bare
pygame script playing the same files. Calm mode runs the real SessionService,
PlayerService and full-screen CalmWindow under Qt's offscreen platform; sound
goes to SDL's disk driver writing to a temp file each (it paces itself like a
sound card; SDL 2.32 refuses /dev/null). Each child's whole-life CPU is read
with ``os.wait4``; start-up is taken out by subtracting the CPU each child
reports when it starts playing.

Goals: calm mode adds at most 3% of one core over bare playback; "still" adds
at most 0.5%. Then a 10-minute session is run accelerated (a fake clock, every
tick, repaint and progress signal of ten minutes, with markers) and the growth
of resident memory is measured: goal at most 5 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile

REPO = Path(__file__).resolve().parents[1]
RATE = 44100

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
calm.resize(1280, 800)
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

BARE = _COMMON + """
import pygame
seconds, files = float(sys.argv[1]), sys.argv[3:]
pygame.mixer.init(44100, -16, 2, 2048)
cpu0, t0 = cpu(), time.monotonic()
print(f"started {cpu0:.4f}", flush=True)
while time.monotonic() - t0 < seconds:
    for path in files:
        pygame.mixer.music.load(path)
        pygame.mixer.music.play()
        while pygame.mixer.music.get_busy() and time.monotonic() - t0 < seconds:
            time.sleep(0.05)
print(f"done {cpu() - cpu0:.4f}", flush=True)
"""

MEMORY = """
import sys
from ketacompanion.core.session_clock import FakeClock

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6

clock, files, still = FakeClock(), sys.argv[1:], False
""" + _CALM_SESSION + """
marks = 0
for step in range(6000):  # ten minutes in 100 ms ticks, as the service's timer ticks
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
    if step == 599:
        start = rss_mb()
print(f"memory {start:.2f} {rss_mb():.2f} {marks}", flush=True)
"""


def run() -> list[str]:
    """Lines to print: the three CPU figures side by side, the differences, memory growth."""
    seconds = float(os.environ.get("KETACOMPANION_BENCH_SECONDS", "60"))
    with tempfile.TemporaryDirectory() as folder:
        files = [str(p) for p in _make_tracks(Path(folder), seconds)]
        drift, still, bare = _side_by_side(Path(folder), [
            [sys.executable, "-c", CALM, str(seconds), "drift", *files],
            [sys.executable, "-c", CALM, str(seconds), "still", *files],
            [sys.executable, "-c", BARE, str(seconds), "-", *files],
        ])
        before, after, marks = _memory(Path(folder), files)
    drift_pct, still_pct, bare_pct = (100 * cpu / seconds for cpu in (drift, still, bare))
    drift_add, still_add, growth = drift_pct - bare_pct, still_pct - bare_pct, after - before
    return [
        f"{seconds:.0f} s of music, three processes side by side (offscreen Qt, SDL disk driver)",
        f"bare pygame playback   {bare_pct:5.2f}% of one core",
        f"calm mode, drift       {drift_pct:5.2f}% (adds {drift_add:+.2f}%: "
        f"{'meets' if drift_add <= 3.0 else 'MISSES'} the goal of <= 3%)",
        f"calm mode, still       {still_pct:5.2f}% (adds {still_add:+.2f}%: "
        f"{'meets' if still_add <= 0.5 else 'MISSES'} the goal of <= 0.5%)",
        f"10-minute accelerated run ({marks} markers): RSS {before:.1f} -> {after:.1f} MB, "
        f"growth {growth:+.2f} MB: {'meets' if growth <= 5.0 else 'MISSES'} the goal of <= 5 MB",
    ]


def _env(output: Path) -> dict[str, str]:
    env = {**os.environ, "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(output),
           "QT_QPA_PLATFORM": "offscreen", "PYGAME_HIDE_SUPPORT_PROMPT": "1",
           "PYTHONPATH": str(REPO)}
    env.pop("SDL_DISKAUDIODELAY", None)
    return env


def _side_by_side(folder: Path, argvs: list[list[str]]) -> list[float]:
    """CPU seconds each child spent after it started playing (whole life minus start-up)."""
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=_env(folder / f"out{i}.raw"), cwd=REPO)
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


def _memory(folder: Path, files: list[str]) -> tuple[float, float, int]:
    result = subprocess.run([sys.executable, "-c", MEMORY, *files], capture_output=True,
                            text=True, env=_env(folder / "memory.raw"), cwd=REPO, timeout=900,
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
