"""The pygame mixer, reduced to what the player needs: one channel fed with queued chunks.

pygame.mixer is opened, fed and closed only from the Qt main thread; no Python
runs inside SDL's audio callback. The player renders the mix in numpy and hands
it over chunk by chunk: ``start`` plays a chunk now, ``queue`` lines up the next
one (SDL_mixer starts a queued chunk in the same callback the previous one ends
in, so chunks join without a gap), and ``wants_data`` is polled to know when
the queue slot is free. Any mixer failure (no device, device lost) comes out as
BackendError; pygame-ce raises OSError subclasses where pygame raised
pygame.error, so both are caught. An output SDL has disabled (it failed: a
device unplugged, a disk driver's file system full) goes on taking chunks as if
it played them, so SDL is asked too (see :mod:`ketacompanion.audio.sdl_device`).
"""

from __future__ import annotations

import numpy as np
import pygame

from ketacompanion.audio.capture_device import capture_in_use
from ketacompanion.audio.sdl_device import DeviceWatch

DEFAULT_BUFFER_FRAMES = 2048  # ~46 ms at 44.1 kHz: no underruns, latency irrelevant here
_CHANNEL = 0
# Soft safety limit before 16-bit conversion: above this the signal bends smoothly
# towards full scale instead of being chopped (which would click).
_KNEE = 0.9


class BackendError(Exception):
    """The audio output cannot be used; the message is fit for a person."""


class MixerBackend:
    """pygame.mixer with a single reserved channel streaming float32 chunks.

    Args:
        sample_rate: Requested output rate; the opened rate is in ``sample_rate``.
        buffer_frames: SDL buffer size in frames (1024-2048 avoids underruns).
    """

    def __init__(
        self, sample_rate: int = 44100, buffer_frames: int = DEFAULT_BUFFER_FRAMES
    ) -> None:
        self.requested_rate = int(sample_rate)
        self.buffer_frames = int(buffer_frames)
        self.sample_rate = self.requested_rate
        self._channel: pygame.mixer.Channel | None = None
        self._watch = DeviceWatch()

    @property
    def is_open(self) -> bool:
        """True while the mixer is initialised by us."""
        return self._channel is not None

    def open(self) -> None:
        """Open the output device; raises BackendError if there is none."""
        if self.is_open:
            return
        try:
            before = None
            if pygame.mixer.get_init() is None:
                before = self._watch.live_devices()
                pygame.mixer.init(
                    frequency=self.requested_rate,
                    size=-16,
                    channels=2,
                    buffer=self.buffer_frames,
                    allowedchanges=0,
                )
            opened = pygame.mixer.get_init()
            if opened is None:
                raise BackendError("the sound output did not open")
            rate, size, channels = opened
            if size != -16 or channels != 2:
                raise BackendError(f"the sound output opened as {size}-bit, {channels} channels")
            self.sample_rate = rate
            self._watch.opened(before)
            pygame.mixer.set_reserved(1)
            self._channel = pygame.mixer.Channel(_CHANNEL)
            self._channel.set_volume(1.0, 1.0)
        except (pygame.error, OSError) as exc:
            self._channel = None
            raise BackendError(f"No sound output is available ({exc}).") from exc

    def close(self) -> None:
        """Stop and close the device; safe to call at any time.

        While a voice note is being recorded the mixer is only silenced: quitting it
        would close the microphone too (SDL's audio subsystem goes with the mixer),
        and the note matters more than the music. A lost output is then reopened
        for real once the recording ends.
        """
        channel, self._channel = self._channel, None
        self._watch.forget()
        try:
            if capture_in_use():
                if channel is not None:
                    channel.stop()
                    channel.stop()  # the queued chunk starts when the first stops
                return
            pygame.mixer.quit()
        except (pygame.error, OSError):
            pass

    def start(self, chunk: np.ndarray) -> None:
        """Play ``chunk`` (float32 stereo) now, replacing anything playing or queued."""
        self._submit(chunk, queued=False)

    def queue(self, chunk: np.ndarray) -> None:
        """Queue ``chunk`` to start the moment the playing one ends."""
        self._submit(chunk, queued=True)

    def wants_data(self) -> bool:
        """True when the queue slot is free (the last queued chunk has started)."""
        channel = self._require()
        try:
            return channel.get_queue() is None
        except (pygame.error, OSError) as exc:
            raise BackendError(f"The sound output stopped working ({exc}).") from exc

    def busy(self) -> bool:
        """True while a chunk is playing."""
        channel = self._require()
        try:
            return bool(channel.get_busy())
        except (pygame.error, OSError) as exc:
            raise BackendError(f"The sound output stopped working ({exc}).") from exc

    def stop(self) -> None:
        """Stop the channel and drop anything queued."""
        if self._channel is None:
            return
        try:
            # Halting starts the queued chunk (pygame plays the queue when a channel
            # finishes), so halt twice. (Replacing the queue with a blank Sound before
            # halting corrupts pygame-ce 2.5.8's heap.)
            self._channel.stop()
            self._channel.stop()
        except (pygame.error, OSError) as exc:
            raise BackendError(f"The sound output stopped working ({exc}).") from exc

    def _submit(self, chunk: np.ndarray, queued: bool) -> None:
        channel = self._require()
        sound = self._sound(chunk)
        try:
            if queued:
                channel.queue(sound)
            else:
                channel.play(sound)
        except (pygame.error, OSError) as exc:
            raise BackendError(f"The sound output stopped working ({exc}).") from exc

    def _require(self) -> pygame.mixer.Channel:
        if self._channel is None or pygame.mixer.get_init() is None:
            self._channel = None
            raise BackendError("The sound output is not open.")
        if self._watch.stopped():
            raise BackendError("The sound output stopped working.")
        return self._channel

    def _sound(self, chunk: np.ndarray) -> pygame.mixer.Sound:
        try:
            return pygame.mixer.Sound(buffer=to_pcm16(chunk).tobytes())
        except (pygame.error, OSError) as exc:
            raise BackendError(f"The sound output stopped working ({exc}).") from exc


def to_pcm16(chunk: np.ndarray) -> np.ndarray:
    """Float stereo frames to interleaved int16, with a soft knee instead of hard clipping."""
    x = np.asarray(chunk, dtype=np.float32)
    over = np.abs(x) > _KNEE
    if over.any():
        x = x.copy()
        excess = np.abs(x[over]) - _KNEE
        x[over] = np.sign(x[over]) * (_KNEE + (1.0 - _KNEE) * np.tanh(excess / (1.0 - _KNEE)))
    # Truncation toward zero: a peak at the ceiling never rounds up past it.
    return np.ascontiguousarray((x * 32767.0).astype(np.int16))
