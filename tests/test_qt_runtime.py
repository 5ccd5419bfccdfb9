"""The installed PySide6 survives a long session's worth of signal emits and void calls.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to True on every
emit() and to None on every void call, and Python aborts after a few thousand;
pyproject.toml excludes it. This runs in a subprocess, without the app's guard,
so a bad PySide6 fails here instead of in the middle of an infusion.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QObject, QTimer, Signal

class Probe(QObject):
    fired = Signal()

probe, timer = Probe(), QTimer()
for _ in range(20000):
    probe.fired.emit()
    timer.setInterval(10)
print("survived")
"""


def test_many_emits_and_void_calls_do_not_abort_python():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "survived"
