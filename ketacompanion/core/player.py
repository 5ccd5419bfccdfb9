"""The player as the layers above audio see it: its states and what may be asked of it.

``audio.player.PlayerService`` is the one real player; services and pages depend
on :class:`Player` only, so they never import pygame, and a fake for tests must
do what this says (the player contract tests check both).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Protocol

from ketacompanion.core.models import Playlist


class PlayerState(Enum):
    """What the player is doing."""

    NO_DEVICE = "no_device"
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    STOPPING = "stopping"  # fading out
    RECOVERING = "recovering"  # the device was lost; retrying

    @property
    def sounding(self) -> bool:
        """Something is (or is about to be) heard: playing, paused on a fade, fading out."""
        return self in _SOUNDING


_SOUNDING = frozenset({PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.STOPPING})


class SignalLike(Protocol):
    """A Qt signal as a subscriber sees it (``SignalInstance``)."""

    def connect(self, slot: Callable[..., Any], /) -> Any:
        """Call ``slot`` each time the signal is emitted."""


class Player(Protocol):
    """What the session (and the pages through it) may ask of the player."""

    @property
    def item_changed(self) -> SignalLike:
        """Emitted with (index, PlaylistItem) when another item sounds; (-1, None): none."""

    @property
    def state(self) -> PlayerState:
        """What the player is doing now."""

    @property
    def volume(self) -> float:
        """The master volume the output is heading to."""

    @property
    def item_position_s(self) -> float | None:
        """Seconds into the item sounding now (None: no item sounds)."""

    def load(self, playlist: Playlist) -> None:
        """Set the playlist for the next :meth:`play`."""

    def play(self) -> None:
        """Start the loaded playlist, fading in (what sounds fades out first)."""

    def pause(self) -> None:
        """Fade out and hold the position."""

    def resume(self) -> None:
        """Fade back in where paused."""

    def stop(self, fade_s: float | None = None) -> None:
        """Fade everything out over ``fade_s`` (None: the player's own stop fade)."""

    def set_volume(self, volume: float) -> None:
        """Ramp the master volume to ``volume``."""

    def seek_to(self, session_offset_s: float) -> None:
        """Continue from ``session_offset_s`` into the playlist, fading in."""

    def play_chime(self) -> None:
        """Play the end chime, rising from silence."""
