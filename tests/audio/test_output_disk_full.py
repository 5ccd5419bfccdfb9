"""Sound that stops because the output itself failed is noticed and brought back.

SDL's disk driver writes onto a file system that fills up (a small tmpfs when the
tests run as root, else a file-size limit on this process: the same failed write
either way). SDL then disables the device but goes on taking the mixer's chunks,
so the player used to stay "playing", its position advancing, with nothing
heard and nothing noticed for as long as one cared to wait. Now the failure is
noticed at once, a quiet notice says so, and the output is reopened a few
seconds later with the music fading in where it stopped: all within 5 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import pcm16_to_float
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerState
from ketacompanion.core.models import BinauralSegment, Playlist

resource = pytest.importorskip("resource", reason="needs POSIX file-size limits")

RATE = 44100
FRAME_BYTES = 4
ROOM_BYTES = 400 * 1024  # about 2.3 s of audio before the disk is full
TIMEOUT_MS = 30_000  # a loaded machine's driver plays slower than real time


def _mount_small_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={ROOM_BYTES}", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def filling_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The disk driver's output file, on a file system with room for ~2.3 s of audio."""
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = _mount_small_tmpfs(folder)
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = None
    if not mounted:  # not root: this process may write no file past ROOM_BYTES instead
        old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (ROOM_BYTES, limit[1]))
    out = folder / "played.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(out))
    monkeypatch.delenv("SDL_DISKAUDIODELAY", raising=False)
    try:
        yield out
    finally:
        pygame.mixer.quit()
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            resource.setrlimit(resource.RLIMIT_FSIZE, limit)
            signal.signal(signal.SIGXFSZ, old_handler)


def test_a_full_disk_under_the_output_is_noticed_and_recovered_within_5_s(
        qtbot: QtBot, filling_output: Path) -> None:
    player = PlayerService()  # the app's own timings
    states: list[tuple[float, PlayerState, float]] = []
    notices: list[str] = []
    player.state_changed.connect(
        lambda state: states.append((time.time(), state, player.position_s)))
    player.error.connect(notices.append)
    player.load(Playlist("t", [BinauralSegment(200, 6, 60)]))
    player.play()
    written_when_lost: list[tuple[int, float]] = []

    def lost() -> bool:
        if states and states[-1][1] is PlayerState.RECOVERING:
            stat = filling_output.stat()  # not reopened yet: the last write that went through
            written_when_lost.append((stat.st_size, stat.st_mtime))
            return True
        return False

    qtbot.waitUntil(lost, timeout=TIMEOUT_MS)  # on main: "playing" on and on
    size, failed_at = written_when_lost[0]
    noticed_at, _, lost_position = states[-1]
    assert size >= ROOM_BYTES - 64 * 1024  # it was the full disk that stopped it
    assert noticed_at - failed_at < 5.0
    assert notices and "stopped working" in notices[-1]  # the quiet notice line

    qtbot.waitUntil(lambda: states[-1][1] is PlayerState.PLAYING, timeout=TIMEOUT_MS)
    back_at, _, back_position = states[-1]
    assert back_at - failed_at < 5.0
    # It comes back where the sound stopped (the disk held what was played until then).
    heard_s = size / (FRAME_BYTES * RATE)
    assert abs(back_position - lost_position) < 0.3
    assert abs(back_position - heard_s) < 0.5

    # The reopened output fades in from silence: no jolt.
    def sounding() -> bool:
        return filling_output.exists() and filling_output.stat().st_size > RATE * FRAME_BYTES
    qtbot.waitUntil(sounding, timeout=TIMEOUT_MS)
    frames = pcm16_to_float(filling_output.read_bytes())
    loud = np.flatnonzero(np.abs(frames).max(axis=1) > 0)
    assert len(loud)
    start = loud[0]
    first = np.abs(frames[start:start + RATE // 20]).max()
    later = np.abs(frames[start + RATE // 2:start + RATE // 2 + RATE // 20]).max()
    assert first < 0.5 * later
    assert np.abs(np.diff(frames[:, 0])).max() < 0.05  # and no click on the way

    # The disk fills up again: handled the same way, but the person is not told twice.
    qtbot.waitUntil(lambda: states[-1][1] is PlayerState.RECOVERING, timeout=TIMEOUT_MS)
    assert len(notices) == 1
    player.shutdown()
