"""Helpers shared by the benchmarks: child processes, pairs, and one way to print a figure.

Every figure is a ratio against a baseline doing the same work. The two sides run
pair by pair in one run, alternating which goes first, so machine load falls on
both alike; the ratio of each pair is kept, and the median and the spread of those
ratios are printed with MET or MISSED against a goal declared next to the code.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass
class ChildRun:
    """What one child process cost."""

    seconds_to_marker: float
    peak_rss_mb: float
    cpu_seconds: float
    whole_s: float  # from start to exit, as a whole-process timer sees it


def run_child(argv: Sequence[str], marker: str, env: dict[str, str] | None = None,
              timeout: float = 120.0) -> ChildRun:
    """Start ``argv``, time until it prints ``marker``, then reap it and read its rusage.

    A marker line may carry the child's own ``time.monotonic()`` after the marker
    (``first-frame 1234.5``): the moment the event happened, not when the line was
    read. CLOCK_MONOTONIC is one clock for every process on Linux.
    """
    child_env = {**os.environ, **(env or {})}
    # Installed apps run from compiled bytecode; a developer shell that forbids writing
    # .pyc files would make every start recompile every module and measure that instead.
    child_env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=child_env)
    assert proc.stdout is not None
    # A child that stops silently (an error dialog at start-up) prints no line to wake
    # the loop below, so a timer ends it: the benchmark says so instead of hanging.
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    marked = None
    try:
        for line in proc.stdout:
            if line.startswith(marker):
                parts = line.split()
                at = float(parts[1]) if len(parts) > 1 else time.monotonic()
                marked = at - started
                break
        proc.stdout.read()
    finally:
        watchdog.cancel()
    _, status, usage = os.wait4(proc.pid, 0)
    whole = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if marked is None:
        raise RuntimeError(f"{argv[:3]} never printed {marker!r} within {timeout:.0f} s "
                           f"(exit {proc.returncode})")
    return ChildRun(marked, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime, whole)


def median(values: Sequence[float]) -> float:
    """The median, for readability at call sites."""
    return statistics.median(values)


@dataclass
class Figure:
    """Pairs of (measured, baseline) values and the goal for their ratio.

    Args:
        name: What was measured.
        goal: The ratio to meet (None: printed for reference, no verdict).
        higher_is_better: True when the ratio must be at least ``goal`` (speed);
            False when at most ``goal`` (time, CPU, memory).
        unit: How to print each side's median ("ms", "%", "MB", "x").
        scale: Multiplies the raw values for printing (1000 for seconds as ms).
    """

    name: str
    goal: float | None
    higher_is_better: bool = False
    unit: str = "ms"
    scale: float = 1000.0
    pairs: list[tuple[float, float]] | None = None

    def add(self, measured: float, baseline: float) -> None:
        """Keep one pair."""
        if self.pairs is None:
            self.pairs = []
        self.pairs.append((measured, baseline))

    @property
    def ratios(self) -> list[float]:
        """The ratio of each pair."""
        return [m / b if b > 0 else float("inf") for m, b in self.pairs or []]

    @property
    def met(self) -> bool:
        """Whether the median ratio meets the goal."""
        ratio = median(self.ratios)
        if self.goal is None:
            return True
        return ratio >= self.goal if self.higher_is_better else ratio <= self.goal

    def line(self) -> str:
        """One line: median ratio, spread, both sides' medians, MET or MISSED."""
        ratios = self.ratios
        mine = median([m for m, _ in self.pairs or []]) * self.scale
        base = median([b for _, b in self.pairs or []]) * self.scale
        sign = ">=" if self.higher_is_better else "<="
        verdict = ("(for reference)" if self.goal is None else
                   f"{'MET' if self.met else 'MISSED'} (goal {sign} {self.goal:g}x)")
        return (f"{self.name}: {median(ratios):.2f}x (spread {min(ratios):.2f}-"
                f"{max(ratios):.2f}, {len(ratios)} pairs; {mine:.{_digits(mine)}f} {self.unit} "
                f"against {base:.{_digits(base)}f} {self.unit}) {verdict}")


def _digits(value: float) -> int:
    return 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2


def alternate(pairs: int, measured: Callable[[], float], baseline: Callable[[], float],
              figure: Figure) -> Figure:
    """Measure ``pairs`` pairs into ``figure``, swapping which side goes first each time."""
    for n in range(pairs):
        if n % 2 == 0:
            mine = measured()
            base = baseline()
        else:
            base = baseline()
            mine = measured()
        figure.add(mine, base)
    return figure


def rotate(rounds: int, sides: dict[str, Callable[[], T]]) -> dict[str, list[T]]:
    """Measure every side once a round, the order turning each round; each side's results.

    Three or more sides measured this way give pairs between any two of them that
    ran close together, as ``alternate`` does for two.
    """
    names = list(sides)
    values: dict[str, list[T]] = {name: [] for name in names}
    for n in range(rounds):
        turn = n % len(names)
        for name in names[turn:] + names[:turn]:
            values[name].append(sides[name]())
    return values


def load_note() -> str:
    """How busy the machine was, to print beside the figures."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


@contextmanager
def display(platform: str, size: str = "1920x1080") -> Iterator[dict[str, str]]:
    """The environment for ``platform``; for xcb, an Xvfb of our own (``size``, 24-bit)."""
    # No sound card is opened before the first frame; a dummy driver keeps it that way.
    base = {"SDL_AUDIODRIVER": "dummy"}
    if platform == "offscreen":
        yield {**base, "QT_QPA_PLATFORM": "offscreen"}
        return
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is needed for the xcb figures (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            display = numbers.readline().strip()
        yield {**base, "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}"}
    finally:
        server.terminate()
        server.wait(timeout=10)
