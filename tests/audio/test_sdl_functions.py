"""SDL calls pygame does not expose come from pygame's own SDL, found one way."""

from __future__ import annotations

import ctypes

import pygame

from ketacompanion.audio.sdl_device import sdl_function


def test_the_device_status_and_pause_come_from_the_sdl_pygame_runs_on() -> None:
    version = sdl_function("SDL_GetVersion", [ctypes.c_void_p], None)
    assert version is not None
    numbers = (ctypes.c_uint8 * 3)()
    version(ctypes.addressof(numbers))
    assert tuple(numbers) == pygame.get_sdl_version(linked=True)
    assert sdl_function("SDL_GetAudioDeviceStatus", [ctypes.c_uint32], ctypes.c_int)
    assert sdl_function("SDL_PauseAudioDevice", [ctypes.c_uint32, ctypes.c_int], None)


def test_a_name_sdl_does_not_have_is_none_not_an_error() -> None:
    assert sdl_function("SDL_NoSuchFunction", [], None) is None
