"""Whether SDL still plays the mixer's output device, asked of SDL itself.

When an output fails (a sound card unplugged, the disk driver's file system
full), SDL marks the device disabled but goes on calling the mixer at the same
pace with a scratch buffer, so that programs timed by the callback keep going
("they can use hotplug to know if the device failed"). The queued chunks are
still consumed and the position still advances: from pygame nothing looks
wrong while nothing is heard. pygame exposes neither the hotplug event (it
needs the video subsystem) nor the device's status, so the status is read with
``SDL_GetAudioDeviceStatus`` from the very SDL library pygame loaded.

SDL_mixer does not say which device id it opened: the id that became live when
the mixer opened is taken. Where that cannot be told (SDL not found, another
device opened at the same time), :meth:`DeviceWatch.stopped` is always False
and the player relies on its stall check alone, as before.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os
import sys

import pygame
import pygame.base

log = logging.getLogger(__name__)

_SDL_AUDIO_STOPPED = 0
_MAX_DEVICE_ID = 32  # SDL2 keeps at most this many devices open at once


class DeviceWatch:
    """Finds the output device the mixer opened and tells when SDL has disabled it."""

    def __init__(self) -> None:
        self._status = _device_status_function()
        self._device: int | None = None

    def live_devices(self) -> set[int]:
        """Ids of the audio devices SDL plays (or holds paused) now."""
        if self._status is None:
            return set()
        return {d for d in range(1, _MAX_DEVICE_ID + 1) if self._status(d) != _SDL_AUDIO_STOPPED}

    def opened(self, before: set[int] | None) -> None:
        """Take note of the mixer's device; ``before``: the live ids before it opened."""
        live = self.live_devices()
        new = live - before if before is not None else live
        self._device = next(iter(new)) if len(new) == 1 else None
        if self._status is not None and self._device is None:
            log.info("sound output's device not identified (live: %s); watch off", sorted(live))

    def forget(self) -> None:
        """The mixer was closed."""
        self._device = None

    def stopped(self) -> bool:
        """True if SDL has disabled the mixer's device (it failed, or was lost)."""
        if self._status is None or self._device is None:
            return False
        return self._status(self._device) == _SDL_AUDIO_STOPPED


def _device_status_function() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """``SDL_GetAudioDeviceStatus`` of the SDL library pygame uses, or None."""
    function = sdl_function("SDL_GetAudioDeviceStatus", [ctypes.c_uint32], ctypes.c_int)
    if function is None:
        log.info("SDL library not found; the sound output's status cannot be watched")
    return function


# By name and signature: each finding is its own function object, typed as asked.
_FOUND: dict[tuple[object, ...], ctypes._CFuncPtr | None] = {}  # type: ignore[name-defined]


def sdl_function(name: str, argtypes: list[type], restype: type | None,
                 ) -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """``name`` from the very SDL library pygame loaded, typed; None if it cannot be found.

    One finder for every SDL call pygame does not expose: a second copy of SDL
    would have devices of its own, so the function must come from pygame's.
    """
    key = (name, tuple(argtypes), restype)
    if key not in _FOUND:
        _FOUND[key] = None
        for path in _sdl_candidates():
            try:
                function = getattr(ctypes.CDLL(path), name)
            except (OSError, AttributeError):
                continue
            function.argtypes = argtypes
            function.restype = restype
            _FOUND[key] = function
            break
    return _FOUND[key]


def _sdl_candidates() -> list[str]:
    """Where pygame's SDL2 may be found, surest first.

    pygame's own module reaches SDL through its dependencies (dlsym searches them);
    Windows' GetProcAddress does not, so there SDL2.dll beside pygame comes first.
    Then the library mapped into this process (Linux), then pygame's bundled copies.
    """
    base = os.path.dirname(pygame.__file__)
    found: list[str] = []
    if sys.platform == "win32":
        found.append(os.path.join(base, "SDL2.dll"))
    found.append(pygame.base.__file__)
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:  # Linux: exactly the one loaded
            found += sorted({line.split()[-1] for line in maps
                             if os.path.basename(line.split()[-1]).startswith("libSDL2-2")})
    except OSError:
        pass
    for pattern in ("libSDL2-2*", ".dylibs/libSDL2-2*", "../pygame_ce.libs/libSDL2-2*"):
        found += sorted(glob.glob(os.path.join(base, pattern)))
    return found
