"""A microphone opened through SDL capture (pygame._sdl2.audio), as raw mono 16-bit PCM.

pygame only offers capture through a Python callback that SDL calls on its own
audio thread. That callback is kept as small as it can be: it copies the block
into a bytearray under a lock and returns. Everything else (file writing,
levels, signals) happens on the Qt main thread, which drains the buffer.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable

import pygame
from pygame._sdl2 import audio as sdl_audio

from ketacompanion.audio.sdl_device import sdl_function

log = logging.getLogger(__name__)

SAMPLE_WIDTH = 2
CHANNELS = 1
DEFAULT_RATE = 16000
# ~64 ms blocks at 16 kHz: small enough for a lively level meter.
CHUNK_FRAMES = 1024

NO_MICROPHONE = (
    "No microphone was found. Plug one in, or write your note below; "
    "it is saved as you type."
)
MICROPHONE_REFUSED = (
    "The microphone could not be opened. It may be in use, or access may be "
    "turned off in your system's privacy settings. Your text note still works."
)


# Capture devices open now. Quitting pygame's mixer quits SDL's audio subsystem and
# closes every device with it, the microphone included; the output asks here first.
_OPEN: set[int] = set()


def capture_in_use() -> bool:
    """A microphone is open: SDL's audio subsystem must stay up for it."""
    return bool(_OPEN)


class CaptureError(Exception):
    """The microphone cannot be used; the message is fit for a person."""


def capture_device_names() -> list[str]:
    """Names of the capture devices SDL sees (opens the audio subsystem if needed)."""
    _ensure_audio()
    try:
        return list(sdl_audio.get_audio_device_names(True))
    except (pygame.error, OSError):
        return []


class CaptureDevice:
    """One open capture device delivering mono signed 16-bit little-endian samples.

    Starts paused; call :meth:`set_paused` (False) to begin.

    Args:
        rate: Sample rate; SDL converts from the hardware rate if needed.
        device_name: Which device; the first one when None.

    Raises:
        CaptureError: No device, or it could not be opened.
    """

    def __init__(self, rate: int = DEFAULT_RATE, device_name: str | None = None) -> None:
        names = capture_device_names()
        if not names:
            raise CaptureError(NO_MICROPHONE)
        self.rate = rate
        self.device_name = device_name if device_name in names else names[0]
        self._lock = threading.Lock()
        self._buffer = bytearray()
        try:
            self._device = sdl_audio.AudioDevice(
                devicename=self.device_name,
                iscapture=True,
                frequency=rate,
                audioformat=sdl_audio.AUDIO_S16,
                numchannels=CHANNELS,
                chunksize=CHUNK_FRAMES,
                allowed_changes=0,  # SDL converts, so the bytes are always what we asked for
                callback=self._on_audio,
            )
        except (pygame.error, OSError, ValueError) as exc:
            raise CaptureError(MICROPHONE_REFUSED) from exc
        _OPEN.add(id(self))

    def set_paused(self, paused: bool) -> None:
        """Stop or start delivering samples."""
        if paused:
            _pause_without_gil(self._device)
        else:
            self._device.pause(0)  # a paused device never calls back: no lock to wait for

    def read(self) -> bytes:
        """Everything captured since the last read (whole frames)."""
        with self._lock:
            data = bytes(self._buffer)
            self._buffer.clear()
        return data

    def close(self) -> None:
        """Stop capturing and release the device."""
        _pause_without_gil(self._device)
        self._device.close()  # paused, the audio thread no longer needs the GIL
        _OPEN.discard(id(self))

    def _on_audio(self, _device: object, memory: memoryview) -> None:
        # Runs on SDL's audio thread: copy and leave, nothing more.
        with self._lock:
            self._buffer.extend(memory)


def _pause_without_gil(device: sdl_audio.AudioDevice) -> None:
    """Pause a capture device without holding the GIL while SDL waits for its lock.

    SDL runs our callback with the device lock held, and the callback needs the GIL;
    pygame's ``pause`` waits for that lock while holding the GIL, so pressing Stop
    at the wrong moment froze the whole app. ctypes releases the GIL during the call.
    """
    pause = _sdl_pause_function()
    if pause is None:
        device.pause(1)
        return
    pause(device.deviceid, 1)


def _sdl_pause_function() -> Callable[[int, int], None] | None:
    """SDL_PauseAudioDevice from the SDL library pygame itself loaded, or None."""
    function = sdl_function("SDL_PauseAudioDevice", [ctypes.c_uint32, ctypes.c_int], None)
    if function is None and not _WARNED:
        _WARNED.append(True)
        log.warning("SDL_PauseAudioDevice not found; pausing capture through pygame")
    return function


_WARNED: list[bool] = []


def _ensure_audio() -> None:
    """SDL capture needs the audio subsystem, which pygame opens with the mixer."""
    if pygame.mixer.get_init() is None:
        try:
            pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=2048)
        except (pygame.error, OSError) as exc:
            raise CaptureError(NO_MICROPHONE) from exc
