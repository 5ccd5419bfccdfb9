"""Plays a voice take back in place (journal, note page), one at a time.

A take is short and small (16 kHz mono FLAC), so it is loaded whole as a
pygame Sound; SDL_mixer plays it on a free channel without any Python in the
audio callback. A timer notices the end so the UI can reset its button.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pygame
from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

_POLL_MS = 200
_FADE_MS = 150  # a stop never cuts the voice off with a click


class TakePlayer(QObject):
    """Play / stop one voice take; ``playing_changed`` carries the path or None."""

    playing_changed = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
            sound = pygame.mixer.Sound(str(path))
            channel = sound.play()
        except (pygame.error, OSError) as exc:
            log.warning("take %s not played: %s", path.name, exc)
            self.failed.emit("This recording could not be played. The file may be missing, "
                             "or there is no sound output.")
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
