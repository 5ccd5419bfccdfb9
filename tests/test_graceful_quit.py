"""A logout or shutdown (SIGTERM) closes the app as a normal quit does, not on the spot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketacompanion.gui import LOCK_NAME, quit_on_termination


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_termination_signal_closes_the_app_gracefully(tmp_path: Path, number: int) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SDL_AUDIODRIVER": "dummy"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.Popen([sys.executable, "-m", "ketacompanion", "--data-dir", str(data)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        log = data / "logs" / "ketacompanion.log"
        while time.monotonic() < deadline:
            if (data / LOCK_NAME).exists() and log.exists() and "starting" in log.read_text():
                break
            time.sleep(0.1)
        time.sleep(1.0)  # the window is up and the event loop waiting
        proc.send_signal(number)
        assert proc.wait(timeout=20) == 0  # before: killed by the signal (-15 / KeyboardInterrupt)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not (data / LOCK_NAME).exists()  # let go: the next start finds nothing stale
    assert (data / "window-state.json").exists()  # the window's place was saved on close
    assert "closed with code 0" in log.read_text()


def test_the_signal_set_up_is_put_back_when_the_window_is_done(qapp) -> None:
    before = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGINT)}
    before_fd = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(before_fd)
    with quit_on_termination(qapp):
        assert signal.getsignal(signal.SIGINT) is not before[signal.SIGINT]
    assert {n: signal.getsignal(n) for n in before} == before  # Ctrl+C works as before
    assert signal.set_wakeup_fd(before_fd) == before_fd  # and no pipe is left writing
