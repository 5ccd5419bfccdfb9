"""Real output for audio tests: SDL's disk driver records exactly what the mixer played.

SDL reads SDL_AUDIODRIVER and SDL_DISKAUDIOFILE when the audio subsystem starts,
so each test sets them before anything opens the mixer and quits the mixer after.
SDL_DISKAUDIODELAY stays unset: the driver then paces itself in real time, which
fades (timed by the wall clock through the player) need.

"Real time" is the driver's: on a loaded machine its thread wakes late and the
file grows slower than the wall clock. So tests wait on what the driver has
written (``wait_sounding``, ``wait_played``, ``wait_silent_tail``), not on fixed
sleeps, and give waits a timeout a loaded CI machine can meet (``LOADED_TIMEOUT_S``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame
import pytest
import shiboken6
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import pcm16_to_float
from ketacompanion.audio.player import PlayerService

RATE = 44100
FRAME_BYTES = 4  # signed 16-bit stereo
# A wait on audio ends as soon as its condition holds; this bound is for a loaded CI
# machine, where a starved driver thread plays at a fraction of real time.
LOADED_TIMEOUT_S = 30.0


@dataclass
class DiskOutput:
    """The raw file SDL's disk driver writes: what the mixer actually played."""

    path: Path

    def frames(self) -> np.ndarray:
        """Everything played so far as float frames (n, 2), silence included."""
        if not self.path.exists():
            return np.zeros((0, 2))
        return pcm16_to_float(self.path.read_bytes())

    def played_s(self) -> float:
        """Seconds of audio (silence included) the driver has written so far."""
        try:
            return self.path.stat().st_size / (FRAME_BYTES * RATE)
        except FileNotFoundError:
            return 0.0

    def sounding_s(self) -> float:
        """Seconds written since the first non-silent frame (0 before anything sounded)."""
        loud = self._loud()
        first = np.flatnonzero(loud)[:1]
        return (len(loud) - first[0]) / RATE if len(first) else 0.0

    def heard_s(self) -> float:
        """Seconds from the first to the last non-silent frame written."""
        loud = np.flatnonzero(self._loud())
        return (loud[-1] + 1 - loud[0]) / RATE if len(loud) else 0.0

    def silent_tail_s(self) -> float:
        """Seconds of exact silence at the end of what was written, after some sound."""
        loud = self._loud()
        last = np.flatnonzero(loud)[-1:]
        return (len(loud) - last[0] - 1) / RATE if len(last) else 0.0

    def wait_played(self, qtbot: QtBot, seconds: float) -> None:
        """Wait until the driver has written ``seconds`` more audio than it has now."""
        target = self.played_s() + seconds
        self.wait_until(qtbot, lambda: self.played_s() >= target)

    def wait_sounding(self, qtbot: QtBot, seconds: float) -> None:
        """Wait until ``seconds`` of audio were written since the sound began."""
        self.wait_until(qtbot, lambda: self.sounding_s() >= seconds)

    def wait_silent_tail(self, qtbot: QtBot, seconds: float) -> None:
        """Wait until the last ``seconds`` written after some sound are exact silence."""
        self.wait_until(qtbot, lambda: self.silent_tail_s() >= seconds)

    def _loud(self) -> np.ndarray:
        """Per frame written: is any sample non-zero."""
        if not self.path.exists():
            return np.zeros(0, dtype=bool)
        data = np.fromfile(self.path, dtype="<i2")
        return (data[: len(data) - len(data) % 2].reshape(-1, 2) != 0).any(axis=1)

    def clock(self) -> DriverClock:
        """A session clock that runs at the pace the driver plays (see DriverClock)."""
        return DriverClock(self)

    @staticmethod
    def wait_until(qtbot: QtBot, condition: Callable[[], bool]) -> None:
        """``qtbot.waitUntil`` with a timeout a loaded machine meets (audio plays slower)."""
        qtbot.waitUntil(condition, timeout=int(LOADED_TIMEOUT_S * 1000))


class DriverClock:
    """Monotonic and wall time that advance as the disk driver writes audio.

    On an idle machine this is the wall clock; on a loaded one the driver plays
    slower, and a service timed by this clock (a session's music, then its fade
    into the end) still lines up with what the recording holds.
    """

    def __init__(self, disk: DiskOutput) -> None:
        self._disk = disk
        self._wall0 = time.time()

    def monotonic(self) -> float:
        """Seconds of audio written, from an arbitrary origin."""
        return 1000.0 + self._disk.played_s()

    def wall(self) -> float:
        """The wall time at the start plus the audio written since."""
        return self._wall0 + self._disk.played_s()

    def suspended(self) -> float:
        """The machine never sleeps during an audio test."""
        return 0.0

    def boot_id(self) -> str | None:
        """No boot to tell apart: sessions here are never resumed after a crash."""
        return None


@pytest.fixture(autouse=True)
def _players_end_with_their_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Shut down every PlayerService a test made, even when the test failed half-way.

    A failed test otherwise leaves its player polling on a live QTimer: it reopens the
    shared pygame mixer in the next test and feeds the same channel, failing tests
    that have nothing wrong with them.
    """
    made: list[PlayerService] = []
    init = PlayerService.__init__

    def tracked_init(self: PlayerService, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(PlayerService, "__init__", tracked_init)
    yield
    for player in made:
        if shiboken6.isValid(player):
            player.shutdown()


@pytest.fixture
def disk_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[DiskOutput]:
    """Route the mixer to a raw file for the duration of the test."""
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    out = tmp_path / "played.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(out))
    monkeypatch.delenv("SDL_DISKAUDIODELAY", raising=False)
    yield DiskOutput(out)
    pygame.mixer.quit()


@pytest.fixture
def no_device(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine without any usable sound output."""
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "nonexistent")
    yield
    pygame.mixer.quit()


@pytest.fixture
def media(tmp_path: Path) -> dict[str, Path]:
    """Short test files made at run time: tones in several formats and a corrupt one."""
    folder = tmp_path / "media"
    folder.mkdir()
    t = np.arange(int(2.0 * RATE)) / RATE
    files: dict[str, Path] = {}
    for name, freq in (("a", 330.0), ("b", 550.0)):
        tone = 0.5 * np.sin(2 * np.pi * freq * t)
        for ext in ("wav", "flac", "ogg"):
            path = folder / f"{name}.{ext}"
            soundfile.write(path, np.column_stack([tone, tone]), RATE)
            files[f"{name}.{ext}"] = path
    rate48 = 48000
    t48 = np.arange(int(1.5 * rate48)) / rate48
    files["c48.flac"] = folder / "c48.flac"
    soundfile.write(files["c48.flac"], 0.5 * np.sin(2 * np.pi * 440 * t48), rate48)
    files["corrupt.ogg"] = folder / "corrupt.ogg"
    files["corrupt.ogg"].write_bytes(np.random.default_rng(7).bytes(20000))
    files["empty.wav"] = folder / "empty.wav"
    files["empty.wav"].write_bytes(b"")
    files["missing.mp3"] = folder / "missing.mp3"
    return files
