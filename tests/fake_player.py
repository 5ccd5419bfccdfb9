"""One silent player for the service and UI tests, held to the real player's contract.

:class:`FakePlayer` has PlayerService's public face (states, signals, commands) and
no sound. Time passes only when a test says so (:meth:`FakePlayer.advance`), so a
fade-out ends, or a chime dies away, exactly when the test decides. It notes every
command in ``calls``. ``tests/audio/test_player_contract.py`` runs the same contract
tests on it and on the real PlayerService, so the two cannot drift apart.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ketacompanion.audio.player_core import PlayerSettings
from ketacompanion.core.models import Playlist, PlaylistItem
from ketacompanion.core.player import PlayerState

# As long as the real clips last (audio/cues.py): the chime, and the two headphone tones.
CHIME_S = 6.0
HEADPHONE_CHECK_S = 3.5
_SOUNDING = (PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.STOPPING)


class FakePlayer(QObject):
    """PlayerService's API, silent; time passes with :meth:`advance`."""

    state_changed = Signal(PlayerState)
    item_changed = Signal(int, object)  # index (-1: none), PlaylistItem or None
    position_changed = Signal(float)
    error = Signal(str)
    preview_changed = Signal(bool)

    def __init__(self, settings: PlayerSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or PlayerSettings()
        self.calls: list[tuple] = []
        self._state = PlayerState.STOPPED
        self._playlist: Playlist | None = None
        self._start_at = 0.0
        self._volume = 1.0
        self._index = -1
        self._item_at: float | None = None  # seconds into the item sounding
        self._fade_left: float | None = None  # a fade-out running: seconds to silence
        self._clip_left = 0.0  # a cue sounding alone: seconds to its end
        self._resume_paused = False

    # ------------------------------------------------------------ as PlayerService
    @property
    def state(self) -> PlayerState:
        """The current state."""
        return self._state

    @property
    def volume(self) -> float:
        """The master volume the output is heading to."""
        return self._volume

    @property
    def item_position_s(self) -> float | None:
        """Seconds into the playlist item sounding now (None: no item sounds)."""
        return self._item_at if self._index >= 0 else None

    def load(self, playlist: Playlist) -> None:
        """Set the playlist for the next play."""
        self.calls.append(("load", playlist.name))
        self._playlist = playlist
        self._start_at = 0.0

    def play(self) -> None:
        """Start the loaded playlist at the seek point."""
        self.calls.append(("play",))
        if self._playlist is None:
            return
        if self._state is PlayerState.RECOVERING:
            self._resume_paused = False  # played once the device is back
            return
        self._fade_left, self._clip_left = None, 0.0
        self._set_state(PlayerState.PLAYING)
        self._place(self._start_at)

    def pause(self) -> None:
        """Hold the position."""
        self.calls.append(("pause",))
        if self._state is PlayerState.PLAYING:
            self._set_state(PlayerState.PAUSED)
        elif self._state is PlayerState.RECOVERING:
            self._resume_paused = True

    def resume(self) -> None:
        """Go on where paused."""
        self.calls.append(("resume",))
        if self._state is PlayerState.PAUSED:
            self._set_state(PlayerState.PLAYING)
        elif self._state is PlayerState.RECOVERING:
            self._resume_paused = False

    def stop(self, fade_s: float | None = None) -> None:
        """Fade out over ``fade_s`` (default ``settings.stop_fade_s``), then stop."""
        self.calls.append(("stop", fade_s))
        if self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
            self._fade_left = self.settings.stop_fade_s if fade_s is None else fade_s
            self._set_state(PlayerState.STOPPING)
        elif self._state is PlayerState.RECOVERING:
            self._finish()

    def set_volume(self, volume: float) -> None:
        """Head to ``volume``, kept within 0 and the ceiling."""
        self.calls.append(("volume", round(volume, 3)))
        self._volume = min(max(0.0, float(volume)), self.settings.mixer.max_volume)

    def seek_to(self, session_offset_s: float) -> None:
        """Continue from ``session_offset_s`` into the playlist."""
        self.calls.append(("seek", round(session_offset_s, 3)))
        self._start_at = max(0.0, float(session_offset_s))
        if self._state in _SOUNDING and self._playlist is not None:
            self._set_state(PlayerState.PLAYING)
            self._place(self._start_at)

    def play_chime(self) -> None:
        """The end chime: mixed into what sounds, or alone."""
        self.calls.append(("chime",))
        self._clip(CHIME_S)

    def headphone_check(self) -> None:
        """The left-then-right tone."""
        self.calls.append(("headphones",))
        self._clip(HEADPHONE_CHECK_S)

    def shutdown(self) -> None:
        """Stop at once (application exit)."""
        self._finish()

    # ------------------------------------------------------------ the test's controls
    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of sound pass: positions move, fades and cues end."""
        if self._state in (PlayerState.PLAYING, PlayerState.STOPPING) and self._item_at is not None:
            self._item_at += seconds
        if self._fade_left is not None:
            self._fade_left -= seconds
            if self._fade_left <= 0:
                self._finish()
                return
        if self._clip_left > 0:
            self._clip_left -= seconds
            if self._clip_left <= 0 and self._index < 0:
                self._finish()

    def end_fade(self) -> None:
        """The fade-out running now reaches silence."""
        assert self._fade_left is not None, "no fade-out is running"
        self.advance(self._fade_left)

    def lose_device(self, message: str = "The sound output was lost.") -> None:
        """The device goes away: RECOVERING, a quiet notice."""
        self._resume_paused = self._state is PlayerState.PAUSED
        self._fade_left = None
        self.error.emit(f"{message} Trying again every few seconds.")
        self._set_state(PlayerState.RECOVERING)

    def device_back(self) -> None:
        """The device is back: sound goes on (paused if it was paused)."""
        if self._state is PlayerState.RECOVERING:
            paused = self._resume_paused
            self._set_state(PlayerState.PAUSED if paused else PlayerState.PLAYING)

    def move_to(self, index: int, seconds_in: float = 0.0) -> None:
        """The mix reaches item ``index``, ``seconds_in`` seconds into it."""
        assert self._playlist is not None and self._state in _SOUNDING
        self._item_at = seconds_in
        self._announce(index)

    def names(self) -> list[str]:
        """The commands received, in order, by name."""
        return [call[0] for call in self.calls]

    # ------------------------------------------------------------ internals
    def _items(self) -> list[PlaylistItem]:
        return list(self._playlist.items) if self._playlist is not None else []

    def _place(self, offset: float) -> None:
        """Find the item at ``offset`` seconds into the playlist (no crossfades here)."""
        items = self._items()
        if not items:
            return
        start = 0.0
        for index, item in enumerate(items):
            length = float(getattr(item, "duration_s", 0.0) or 0.0)
            if offset < start + length or index == len(items) - 1:
                self._item_at = max(0.0, offset - start)
                self._announce(index)
                return
            start += length

    def _announce(self, index: int) -> None:
        if index != self._index:
            self._index = index
            items = self._items()
            self.item_changed.emit(index, items[index] if 0 <= index < len(items) else None)

    def _clip(self, seconds: float) -> None:
        if self._state in _SOUNDING:
            return  # mixed into what plays
        self._clip_left = seconds
        self._set_state(PlayerState.PLAYING)

    def _finish(self) -> None:
        self._fade_left, self._clip_left, self._item_at = None, 0.0, None
        if self._index != -1:
            self._index = -1
            self.item_changed.emit(-1, None)
        self._set_state(PlayerState.STOPPED)

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)
