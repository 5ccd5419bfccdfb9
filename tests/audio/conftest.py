"""Real output for audio tests: SDL's disk driver records exactly what the mixer played.

SDL reads SDL_AUDIODRIVER and SDL_DISKAUDIOFILE when the audio subsystem starts,
so each test sets them before anything opens the mixer and quits the mixer after.
SDL_DISKAUDIODELAY stays unset: the driver then paces itself in real time, which
fades (timed by the wall clock through the player) need.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame
import pytest
import soundfile

from ketacompanion.audio.analysis import pcm16_to_float

RATE = 44100


@dataclass
class DiskOutput:
    """The raw file SDL's disk driver writes: what the mixer actually played."""

    path: Path

    def frames(self) -> np.ndarray:
        """Everything played so far as float frames (n, 2), silence included."""
        if not self.path.exists():
            return np.zeros((0, 2))
        return pcm16_to_float(self.path.read_bytes())


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
