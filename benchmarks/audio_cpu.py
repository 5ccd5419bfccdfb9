"""CPU of playing a 2-minute playlist (music plus a binaural bed) through the app's player,
side by side with a bare pygame script playing the same files.

Both run as child processes at the same time on SDL's disk driver (it paces
itself in real time like a sound card; each writes to its own scratch file). Each child reports
the CPU it used while playing (``resource.getrusage``, start-up excluded) and
the wall time; the parent also reads each child's whole-life CPU with
``os.wait4``. The ratio is taken run by run (both sides ran together); its median
and spread are printed. Goals: app <= 1.5x bare, and under 2% of
one core. ``--quick`` plays 20 s twice; ``KETACOMPANION_BENCH_SECONDS`` sets the length.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.common import Figure, load_note, median
from ketacompanion.cli.binaural import write_file
from ketacompanion.core.models import BinauralSegment

RUNS = 3
GOAL = 1.5
TRACKS = 3
RATE = 44100
REPO = Path(__file__).resolve().parents[1]

APP = """
import resource, sys, time
from PySide6.QtCore import QCoreApplication
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.models import BinauralSegment, FileItem, Playlist

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

app = QCoreApplication(sys.argv[:1])
player = PlayerService(settings=PlayerSettings(mixer=MixerSettings(end_fade_s=1.0)))
player.load(Playlist("bench", [FileItem(f) for f in sys.argv[1:]],
                     bed=BinauralSegment(200, 6, 3600), bed_level=0.3))
player.state_changed.connect(lambda s: app.quit() if s is PlayerState.STOPPED else None)
cpu0, t0 = cpu(), time.monotonic()
player.play()
if player.state is not PlayerState.PLAYING:
    sys.exit("no sound output")
app.exec()
print(f"playback {cpu() - cpu0:.4f} {time.monotonic() - t0:.3f}", flush=True)
"""

# The bare script sleeps through each track (its length read before timing starts) and
# only looks for the end in its last moments: polling all along would bill the baseline
# for work that is not playback.
BARE = """
import resource, sys, time
import pygame
import soundfile

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

pygame.mixer.init(44100, -16, 2, 2048)
bed = pygame.mixer.Sound(sys.argv[1])
lengths = [soundfile.info(path).duration for path in sys.argv[2:]]
cpu0, t0 = cpu(), time.monotonic()
bed.play(loops=-1)
for path, length in zip(sys.argv[2:], lengths):
    pygame.mixer.music.load(path)
    pygame.mixer.music.play()
    time.sleep(max(0.0, length - 0.25))
    while pygame.mixer.music.get_busy():
        time.sleep(0.01)
print(f"playback {cpu() - cpu0:.4f} {time.monotonic() - t0:.3f}", flush=True)
"""


@dataclass
class Cost:
    """CPU of one child: while playing, and over its whole life."""

    playback_cpu_s: float
    wall_s: float
    total_cpu_s: float

    @property
    def percent(self) -> float:
        """Playback CPU as a percentage of one core."""
        return 100.0 * self.playback_cpu_s / self.wall_s


def run(quick: bool = False) -> list[str]:
    """Lines to print: the ratio of each side-by-side run, both sides' CPU, the verdicts."""
    default = "20" if quick else "120"
    seconds = float(os.environ.get("KETACOMPANION_BENCH_SECONDS", default))
    runs = 2 if quick else RUNS
    figure = Figure("app player / bare pygame, CPU while playing", GOAL, unit="% of a core",
                    scale=1.0)
    app_costs, bare_costs = [], []
    with tempfile.TemporaryDirectory() as folder:
        tracks = _make_tracks(Path(folder), seconds)
        bed = Path(folder) / "bed.wav"
        write_file(BinauralSegment(200, 6, 10.0), bed, fade_in_s=0, fade_out_s=0)
        for _ in range(runs):
            app, bare = _side_by_side(
                [sys.executable, "-c", APP, *map(str, tracks)],
                [sys.executable, "-c", BARE, str(bed), *map(str, tracks)],
                Path(folder), timeout_s=2 * seconds + 60,
            )
            figure.add(app.percent, bare.percent)
            app_costs.append(app)
            bare_costs.append(bare)
    app_pct = median([c.percent for c in app_costs])
    return [
        f"playlist: {TRACKS} OGG tracks, {seconds:.0f} s in all, binaural bed; {runs} runs side "
        f"by side; {load_note()}",
        figure.line(),
        f"   whole process CPU: app {median([c.total_cpu_s for c in app_costs]):.2f} s, bare "
        f"{median([c.total_cpu_s for c in bare_costs]):.2f} s (start-up included)",
        f"   app under 2% of one core: {app_pct:.2f}% {'MET' if app_pct < 2.0 else 'MISSED'}",
    ]


def _make_tracks(folder: Path, seconds: float) -> list[Path]:
    """Calm synthetic 'music': slow chords with a little noise, as OGG Vorbis."""
    rng = np.random.default_rng(1)
    paths = []
    length = int(seconds / TRACKS * RATE)
    for i in range(TRACKS):
        path = folder / f"track{i}.ogg"
        t = np.arange(length) / RATE
        base = 196.0 * 2 ** (i / 12)
        chord = sum(0.12 * np.sin(2 * np.pi * base * r * t) for r in (1.0, 1.26, 1.5, 2.0))
        swell = 0.6 + 0.4 * np.sin(2 * np.pi * t / 7.0)
        left = chord * swell + 0.01 * rng.standard_normal(length)
        right = chord * swell[::-1] + 0.01 * rng.standard_normal(length)
        with soundfile.SoundFile(path, "w", RATE, 2, format="OGG", subtype="VORBIS") as sink:
            for start in range(0, length, 32768):  # one huge Vorbis write crashes libsndfile
                sink.write(np.column_stack([left, right])[start : start + 32768])
        paths.append(path)
    return paths


def _side_by_side(
    app_argv: list[str], bare_argv: list[str], scratch: Path, timeout_s: float
) -> tuple[Cost, Cost]:
    env = {**os.environ, "SDL_AUDIODRIVER": "disk", "QT_QPA_PLATFORM": "offscreen",
           "PYGAME_HIDE_SUPPORT_PROMPT": "1", "PYTHONPATH": str(REPO)}
    env.pop("SDL_DISKAUDIODELAY", None)
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         env={**env, "SDL_DISKAUDIOFILE": str(scratch / f"{name}.raw")}, cwd=REPO)
        for name, argv in (("app", app_argv), ("bare", bare_argv))
    ]
    watchdogs = [threading.Timer(timeout_s, proc.kill) for proc in procs]
    for watchdog in watchdogs:
        watchdog.start()
    costs = []
    for proc in procs:
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, so rusage is this child's
        proc.returncode = os.waitstatus_to_exitcode(status)
        line = next((ln for ln in out.splitlines() if ln.startswith("playback ")), None)
        if line is None:
            raise RuntimeError(f"child exited {os.waitstatus_to_exitcode(status)} without a result")
        _, cpu_s, wall_s = line.split()
        costs.append(Cost(float(cpu_s), float(wall_s), usage.ru_utime + usage.ru_stime))
    for watchdog in watchdogs:
        watchdog.cancel()
    return costs[0], costs[1]
