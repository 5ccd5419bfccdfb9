"""The sound output as the player drives it: chunks fed ahead, the position, device loss.

:class:`PlayerOutput` stands between the :class:`~ketacompanion.audio.mixer.Mixer`
and the mixer backend. Each poll of the player it moves on: when the queued
chunk has started it becomes the one sounding (so the position is known to the
sample and item changes are reported), and when the backend's queue slot is
free the next chunk is rendered and queued. An underrun restarts the sound
with a fade-in; a queued chunk that never starts is a stall, reported like a
lost device (:class:`~ketacompanion.audio.backend.BackendError`). It also
opens the device, and after a loss closes it and reopens it every few seconds.

It has no state machine and no signals: the :class:`PlayerService` decides
what each event means (finish, hand over, recover) and tells the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from ketacompanion.audio.backend import BackendError, MixerBackend
from ketacompanion.audio.mix_timeline import ChunkInfo
from ketacompanion.audio.mixer import Mixer


class OutputTimings(Protocol):
    """The timings the output reads (the player's PlayerSettings has them)."""

    chunk_s: float  # length of a rendered chunk
    stall_s: float  # a queued chunk not started this long after its due time: a stall
    retry_s: float  # between tries to reopen a lost device


class PlayerOutput:
    """Feeds the mixer's chunks to the backend and knows which one sounds.

    Args:
        backend: The mixer backend the chunks go to.
        mixer: The mix the chunks come from.
        clock: Seconds from a monotonic clock.
        settings: The player's timings (its PlayerSettings).
        on_notice: Called with each quiet notice a rendered chunk brings.
        on_chunk_started: Called with a chunk's info once it has started sounding.
    """

    def __init__(
        self,
        backend: MixerBackend,
        mixer: Mixer,
        clock: Callable[[], float],
        settings: OutputTimings,
        on_notice: Callable[[str], None],
        on_chunk_started: Callable[[ChunkInfo], None],
    ) -> None:
        self._backend = backend
        self._mixer = mixer
        self._clock = clock
        self._settings = settings
        self._on_notice = on_notice
        self._on_chunk_started = on_chunk_started
        self._playing: ChunkInfo | None = None
        self._playing_since = 0.0
        self._pending: ChunkInfo | None = None
        self._last_rendered: ChunkInfo | None = None
        self._retry_at = 0.0

    @property
    def is_open(self) -> bool:
        """The device is open."""
        return self._backend.is_open

    def open(self) -> None:
        """Open the device and mix at its rate; raises BackendError."""
        self._backend.open()
        self._mixer.rate = self._backend.sample_rate

    def restart(self) -> None:
        """Drop what is queued and start the mix's next chunk at once; raises BackendError."""
        self._playing = self._pending = self._last_rendered = None
        self._backend.stop()
        self._start_chunk(self._clock())

    def feed(self, now: float) -> bool:
        """Move on; True once the mix has finished and the device has played it all.

        Raises BackendError when the device fails or a queued chunk never starts.
        """
        if self._pending is not None and self._backend.wants_data():
            self._chunk_started(self._pending, now)
            self._pending = None
        if self._pending is not None:
            if now - self._playing_since > self._settings.chunk_s + self._settings.stall_s:
                raise BackendError("The sound output stopped responding.")
            return False
        busy = self._backend.busy()
        if self._last_rendered is not None and self._last_rendered.finished:
            return not busy
        if not busy:  # underrun: start again, softly
            self._mixer.soften_restart()
            self._start_chunk(now)
            return False
        chunk, info = self._render()
        self._backend.queue(chunk)
        self._pending = info
        return False

    def position(self, now: float) -> float | None:
        """Seconds into the playlist of what sounds now (None: nothing has started)."""
        info = self._playing
        if info is None:
            return None
        return info.playlist_offset_s + (self._elapsed(info, now) if info.moving else 0.0)

    def item_position(self, now: float) -> float | None:
        """Seconds into the item that sounds now (None: no playlist item sounds)."""
        info = self._playing
        if info is None or info.index < 0:
            return None
        return info.item_offset_s + (self._elapsed(info, now) if info.moving else 0.0)

    def stop(self) -> None:
        """Silence the device (errors ignored) and forget the chunks."""
        try:
            self._backend.stop()
        except BackendError:
            pass
        self.forget()

    def close(self) -> None:
        """Close the device and forget the chunks."""
        self._backend.close()
        self.forget()

    def forget(self) -> None:
        """Forget the chunk sounding and the one queued."""
        self._playing = self._pending = None

    def retry_later(self, now: float) -> None:
        """Try to reopen the device ``settings.retry_s`` from ``now``."""
        self._retry_at = now + self._settings.retry_s

    def retry_due(self, now: float) -> bool:
        """It is time to try reopening the device."""
        return now >= self._retry_at

    def reopen(self, now: float) -> bool:
        """Try to open the lost device again; on failure try again later."""
        try:
            self._backend.open()
        except BackendError:
            self.retry_later(now)
            return False
        self._mixer.rate = self._backend.sample_rate
        return True

    def _chunk_frames(self) -> int:
        return max(256, round(self._settings.chunk_s * self._mixer.rate))

    def _render(self) -> tuple[np.ndarray, ChunkInfo]:
        chunk, info = self._mixer.render(self._chunk_frames())
        self._last_rendered = info
        for notice in info.notices:
            self._on_notice(notice)
        return chunk, info

    def _start_chunk(self, now: float) -> None:
        chunk, info = self._render()
        self._backend.start(chunk)
        self._chunk_started(info, now)

    def _chunk_started(self, info: ChunkInfo, now: float) -> None:
        self._playing, self._playing_since = info, now
        self._on_chunk_started(info)

    def _elapsed(self, info: ChunkInfo, now: float) -> float:
        return min(max(0.0, now - self._playing_since), info.frames / self._mixer.rate)
