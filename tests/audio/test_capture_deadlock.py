"""Stopping a recording never freezes the app.

SDL calls the capture callback with the device lock held and the callback needs
the GIL; pausing through pygame waits for that lock while holding the GIL. The
old code froze within a few stops; this runs many stops in a subprocess that is
killed if it ever hangs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import time
from ketacompanion.audio.capture_device import CaptureDevice
for i in range(60):
    device = CaptureDevice(rate=16000)
    device.set_paused(False)
    # Past the first 64 ms block, at varied phases of SDL's callback period.
    until = time.monotonic() + 0.07 + (i % 8) * 0.009
    while time.monotonic() < until:
        sum(range(2000))  # hold the GIL while SDL wants to call back
    device.set_paused(True)
    device.read()
    device.close()
print("stopped 60 times")
"""


def test_pausing_and_closing_capture_never_deadlocks(tmp_path: Path):
    mic = tmp_path / "in.raw"
    mic.write_bytes(os.urandom(2_000_000))
    env = {
        **os.environ,
        "SDL_AUDIODRIVER": "disk",
        "SDL_DISKAUDIOFILE": str(tmp_path / "out.raw"),
        "SDL_DISKAUDIOFILEIN": str(mic),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=45, env=env)
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout.strip() == "stopped 60 times"


def test_sound_does_not_stop_the_app_from_being_terminated():
    code = (
        "import os, signal, time, ketacompanion.audio, pygame\n"
        "pygame.mixer.init()\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
        "time.sleep(5)\n"
        "print('still running')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SDL_NO_SIGNAL_HANDLERS"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=30, env=env)
    assert result.returncode == -15 and "still running" not in result.stdout
