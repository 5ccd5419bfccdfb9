"""Losing the sound output while paused or fading out must not bring the music back.

A lost device is reopened and what was playing fades back in; but music the
person paused stays paused, and music fading into the end of a session stays
gone, whatever the device does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame
from pytestqt.qtbot import QtBot

from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.models import BinauralSegment, Playlist


def make_player() -> PlayerService:
    settings = PlayerSettings(mixer=MixerSettings(fade_in_s=0.3, pause_fade_s=0.3),
                              chunk_s=0.25, retry_s=0.3)
    return PlayerService(settings=settings)


def sounding_tone(qtbot: QtBot, disk_output: Any) -> tuple[PlayerService, list[PlayerState]]:
    """A player sounding a 30 s tone, and the states it goes through from now on."""
    player = make_player()
    states: list[PlayerState] = []
    player.state_changed.connect(states.append)
    player.load(Playlist("t", [BinauralSegment(200, 6, 30)]))
    player.play()
    disk_output.wait_sounding(qtbot, 0.7)
    return player, states


def test_device_lost_while_paused_comes_back_paused_and_silent(
    qtbot: QtBot, disk_output: Any
) -> None:
    player, states = sounding_tone(qtbot, disk_output)
    player.pause()
    disk_output.wait_silent_tail(qtbot, 0.3)  # the pause fade has played out
    held = player.position_s
    pygame.mixer.quit()  # the headphones are unplugged while the music is paused
    disk_output.wait_until(qtbot, lambda: PlayerState.RECOVERING in states)
    disk_output.wait_until(qtbot, lambda: player.state is not PlayerState.RECOVERING)
    disk_output.wait_played(qtbot, 1.2)  # the reopened output plays on (a new file)
    assert player.state is PlayerState.PAUSED
    assert np.abs(disk_output.frames()).max(initial=0.0) == 0.0  # nothing sounded again
    assert abs(player.position_s - held) < 0.3
    player.resume()  # and resuming still works, with a fade-in
    assert player.state is PlayerState.PLAYING
    disk_output.wait_until(qtbot, lambda: np.abs(disk_output.frames()).max() > 0.05)
    player.stop(0.2)
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)


def test_device_lost_during_the_fade_out_does_not_start_the_music_again(
    qtbot: QtBot, disk_output: Any
) -> None:
    player, states = sounding_tone(qtbot, disk_output)
    player.stop(3.0)  # the session's fade into the end
    disk_output.wait_played(qtbot, 0.4)
    played = disk_output.path.read_bytes()
    pygame.mixer.quit()
    disk_output.wait_until(qtbot, lambda: player.state is PlayerState.STOPPED)
    for _ in range(5):  # what its timer would do, retry periods or not: nothing now
        player.poll()
    assert player.state is PlayerState.STOPPED and PlayerState.PLAYING not in states[2:]
    assert pygame.mixer.get_init() is None  # the output was not reopened to play again
    assert disk_output.path.read_bytes()[: len(played)] == played
