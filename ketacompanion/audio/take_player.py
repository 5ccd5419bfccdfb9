"""Plays a voice take back in place (journal, note page), one at a time.

A take is short and small (16 kHz mono FLAC). It is decoded with soundfile, as
every file the player plays (checked, resampled to the mixer's rate, NaN and
Inf as silence), and handed to pygame as a validated array: pygame's own file
loader aborts the whole process (a double free in pygame-ce 2.5.8) on some tiny
or damaged WAVs, and a take is a file on disk like any other. SDL_mixer plays
it on a free channel without any Python in the audio callback. A timer notices
the end so the UI can reset its button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pygame.sndarray
from PySide6.QtCore import QObject, QTimer, Signal

from ketacompanion.audio.backend import to_pcm16
from ketacompanion.audio.sources import FileSource, SourceError

log = logging.getLogger(__name__)

_POLL_MS = 200
_FADE_MS = 150  # a stop never cuts the voice off with a click
_BLOCK_S = 10  # decoded this much at a time
_CANNOT_PLAY = ("This recording could not be played. The file may be missing or damaged, "
                "or there is no sound output.")


class TakePlayer(QObject):
    """Play / stop one voice take; ``playing_changed`` carries the path or None."""

    playing_changed = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None,
                 open_audio: Callable[[Path], Any] | None = None) -> None:
        """Play takes; ``open_audio`` reads a sealed one (core.file_seal.FileSeal.audio).

        ``open_audio`` gives what soundfile reads for a path (a sealed take is
        decrypted in memory); None reads the file itself.
        """
        super().__init__(parent)
        self._open_audio = open_audio
        self._sound: pygame.mixer.Sound | None = None
        self._channel: pygame.mixer.Channel | None = None
        self._path: Path | None = None
        self._poll = QTimer(self, interval=_POLL_MS)
        self._poll.timeout.connect(self._check_end)

    @property
    def playing(self) -> Path | None:
        """The take being played, if any."""
        return self._path

    def toggle(self, path: Path) -> None:
        """Play ``path``, or stop it if it is the one playing."""
        if self._path == path:
            self.stop()
        else:
            self.play(path)

    def play(self, path: Path) -> None:
        """Play ``path`` from the start (stopping any other take)."""
        self.stop()
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=2048)
            opened = pygame.mixer.get_init()
            if opened is None:
                raise SourceError("the sound output did not open")
            rate, size, channels = opened
            if (size, channels) != (-16, 2):
                raise SourceError(f"the sound output opened as {size}-bit, {channels} channels")
            sound = pygame.sndarray.make_sound(take_samples(path, rate, self._open_audio))
            channel = sound.play()
        except (pygame.error, OSError, SourceError) as exc:
            log.warning("take %s not played: %s", path.name, exc)
            self.failed.emit(_CANNOT_PLAY)
            return
        if channel is None:
            self.failed.emit("No sound channel is free right now; try again in a moment.")
            return
        self._sound, self._channel, self._path = sound, channel, path
        self._poll.start()
        self.playing_changed.emit(path)

    def stop(self) -> None:
        """Stop playing (with a short fade)."""
        if self._path is None:
            return
        if self._channel is not None and pygame.mixer.get_init() is not None:
            self._channel.fadeout(_FADE_MS)
        self._finish()

    def _check_end(self) -> None:
        if self._channel is None or pygame.mixer.get_init() is None:
            self._finish()
        elif not self._channel.get_busy() or self._channel.get_sound() is not self._sound:
            self._finish()

    def _finish(self) -> None:
        self._poll.stop()
        self._sound = self._channel = self._path = None
        self.playing_changed.emit(None)


def take_samples(path: Path, rate: int,
                 open_audio: Callable[[Path], Any] | None = None) -> np.ndarray:
    """A take as interleaved 16-bit stereo at ``rate``, ready for ``pygame.mixer.Sound``.

    Raises:
        SourceError: The file is missing, damaged or holds no sound.
    """
    data = None
    if open_audio is not None:
        try:
            data = open_audio(path)
        except Exception as exc:
            raise SourceError(f"{path.name} cannot be read ({exc.__class__.__name__})") from exc
    source = FileSource(str(path), rate, data=None if isinstance(data, Path) else data)
    try:
        if not source.remaining():  # no frames, or a length the header does not tell
            raise SourceError(f"{path.name} holds no sound")
        blocks = []
        while len(block := source.read(_BLOCK_S * rate)):
            blocks.append(to_pcm16(block))
    finally:
        source.close()
    if not blocks:
        raise SourceError(f"{path.name} holds no sound")
    return np.ascontiguousarray(np.concatenate(blocks))
