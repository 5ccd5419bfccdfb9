"""Helpers for side-by-side measurements of child processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class ChildRun:
    """What one child process cost."""

    seconds_to_marker: float
    peak_rss_mb: float
    cpu_seconds: float


def run_child(argv: Sequence[str], marker: str, env: dict[str, str] | None = None,
              timeout: float = 60.0) -> ChildRun:
    """Start ``argv``, time until it prints ``marker``, then reap it and read its rusage."""
    started = time.perf_counter()
    child_env = {**os.environ, **(env or {})}
    # Installed apps run from compiled bytecode; a developer shell that forbids writing
    # .pyc files would make every start recompile every module and measure that instead.
    child_env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=child_env)
    assert proc.stdout is not None
    marked = None
    deadline = started + timeout
    for line in proc.stdout:
        if marker in line:
            marked = time.perf_counter() - started
            break
        if time.perf_counter() > deadline:
            break
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if marked is None:
        raise RuntimeError(f"{argv[:3]} never printed {marker!r} (exit {proc.returncode})")
    return ChildRun(marked, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime)


def median(values: Sequence[float]) -> float:
    """The median, for readability at call sites."""
    return statistics.median(values)
