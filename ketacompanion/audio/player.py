"""PlayerService: the Qt-facing player the Prepare and Session pages use.

Runs entirely on the Qt main thread. A QTimer polls the mixer backend every
few tens of milliseconds: when the channel's queue slot is free, the
:class:`~ketacompanion.audio.mixer.Mixer` renders the next chunk (a fraction
of a second) and it is queued; when a queued chunk starts, the service knows
which item and position it holds and signals item changes, the position
(about 4 Hz) and quiet notices. End of track is found this way too (pygame's
end event needs a display, which we don't use).

Faults degrade quietly: an unplayable item is skipped with a notice and the
next fades in; no device at all gives state NO_DEVICE and a message; a mixer
failure while playing (device lost) gives RECOVERING, a retry every few
seconds, and a fade-in near the position where sound stopped. Time comes from
an injected clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ketacompanion.audio.backend import BackendError, MixerBackend
from ketacompanion.audio.cues import chime_clip, headphone_check_clip
from ketacompanion.audio.mix_timeline import ChunkInfo, MixerSettings
from ketacompanion.audio.mixer import Mixer
from ketacompanion.audio.sources import item_duration_s
from ketacompanion.core.models import Playlist, PlaylistItem


class PlayerState(Enum):
    """What the player is doing."""

    NO_DEVICE = "no_device"
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    STOPPING = "stopping"  # fading out
    RECOVERING = "recovering"  # the device was lost; retrying


@dataclass
class PlayerSettings:
    """Timings of the service; the mix's own timings are in ``mixer``."""

    mixer: MixerSettings = field(default_factory=MixerSettings)
    chunk_s: float = 1.0  # rendered ahead; also how long the Qt thread may stall without a gap
    poll_ms: int = 125  # a chunk lasts 1 s: plenty of time to queue the next
    position_interval_s: float = 0.25
    stop_fade_s: float = 20.0
    retry_s: float = 3.0
    stall_s: float = 4.0
    preview_fade_s: float = 3.0
    handover_fade_s: float = 1.0  # what plays fades out this fast when something else starts


class PlayerService(QObject):
    """Plays playlists, previews and cues through one mixer backend.

    Args:
        backend: The mixer backend (a MixerBackend by default).
        clock: Seconds from a monotonic clock.
        settings: Timings; ``settings.mixer`` holds crossfade and fades.
    """

    state_changed = Signal(PlayerState)
    item_changed = Signal(int, object)  # index (-1: none), PlaylistItem or None
    position_changed = Signal(float)  # seconds into the playlist
    error = Signal(str)  # quiet notices: skipped items, lost device

    def __init__(
        self,
        backend: MixerBackend | None = None,
        clock: Callable[[], float] = time.monotonic,
        settings: PlayerSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or PlayerSettings()
        self._backend = backend or MixerBackend(self.settings.mixer.sample_rate)
        self._clock = clock
        self._mixer = Mixer(self.settings.mixer)
        self._state = PlayerState.STOPPED
        self._items: list[PlaylistItem] = []
        self._playlist: Playlist | None = None
        self._volume = 1.0
        self._start_at = 0.0
        self._playing: ChunkInfo | None = None
        self._playing_since = 0.0
        self._pending: ChunkInfo | None = None
        self._last_rendered: ChunkInfo | None = None
        self._index = -1
        self._last_position_emit = -1e9
        self._retry_at = 0.0
        self._previewing = False
        self._resume_paused = False  # the device was lost while paused: come back paused
        self._handover: Callable[[], None] | None = None
        self._timer = QTimer(self)
        # Poll several times per chunk so the queue slot never waits long.
        self._poll_ms = max(10, min(self.settings.poll_ms, round(self.settings.chunk_s * 250)))
        self._timer.setInterval(self._poll_ms)
        self._timer.timeout.connect(self.poll)

    # ------------------------------------------------------------ public API
    @property
    def state(self) -> PlayerState:
        """The current state."""
        return self._state

    @property
    def volume(self) -> float:
        """Master volume (0..max_volume) the output is heading to."""
        return self._volume

    @property
    def position_s(self) -> float:
        """Seconds into the playlist of what is sounding now."""
        return self._position(self._clock())

    def open(self) -> bool:
        """Open the sound output; on failure emit a message and go to NO_DEVICE."""
        try:
            self._backend.open()
        except BackendError as exc:
            self._set_state(PlayerState.NO_DEVICE)
            self.error.emit(str(exc))
            return False
        self._mixer.rate = self._backend.sample_rate
        if self._state is PlayerState.NO_DEVICE:
            self._set_state(PlayerState.STOPPED)
        return True

    def load(self, playlist: Playlist) -> None:
        """Set the playlist for the next :meth:`play` (stops nothing already playing)."""
        self._playlist = playlist
        self._items = list(playlist.items)
        self._start_at = 0.0

    def play(self) -> None:
        """Start the loaded playlist from the beginning (or the seek point), fading in."""
        playlist = self._playlist
        if playlist is None:
            return
        durations = [item_duration_s(item) for item in self._items]

        def setup() -> None:
            self._previewing = False
            self._mixer.load(
                self._items,
                bed=playlist.bed,
                bed_level=playlist.bed_level,
                end=playlist.end_behaviour,
                durations=durations,
            )
            self._mixer.set_volume(self._volume, ramp_s=0.0)
            self._mixer.start(*self._mixer.locate(self._start_at))

        self._begin(setup)

    def pause(self) -> None:
        """Fade out and hold the position."""
        if self._state is PlayerState.PLAYING:
            self._mixer.pause()
            self._set_state(PlayerState.PAUSED)
        elif self._state is PlayerState.RECOVERING:
            self._resume_paused = True

    def resume(self) -> None:
        """Fade back in where paused."""
        if self._state is PlayerState.PAUSED:
            self._mixer.resume()
            self._set_state(PlayerState.PLAYING)
        elif self._state is PlayerState.RECOVERING:
            self._resume_paused = False

    def skip(self) -> None:
        """Fade to the next item (the next one fades in)."""
        if self._state is PlayerState.PLAYING:
            self._mixer.skip()

    def stop(self, fade_s: float | None = None) -> None:
        """Fade everything out over ``fade_s`` (default ``settings.stop_fade_s``), then stop."""
        self._handover = None
        if self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
            self._mixer.fade_out(self.settings.stop_fade_s if fade_s is None else fade_s)
            self._set_state(PlayerState.STOPPING)
        elif self._state is PlayerState.RECOVERING:
            self._finish()

    def set_volume(self, volume: float) -> None:
        """Ramp the master volume to ``volume`` (never a jump; capped by the ceiling)."""
        self._volume = self._mixer.set_volume(volume)

    def set_bed_level(self, level: float) -> None:
        """Ramp the binaural bed's own level."""
        self._mixer.set_bed_level(level)

    def seek_to(self, session_offset_s: float) -> None:
        """Continue from ``session_offset_s`` into the playlist (e.g. after a crash), fading in."""
        self._start_at = max(0.0, float(session_offset_s))
        if self._sounding() and not self._previewing:
            self._begin(lambda: self._mixer.start(*self._mixer.locate(self._start_at)))

    def preview(self, item: PlaylistItem, seconds: float = 15.0, volume: float = 0.3) -> None:
        """Play ``item`` alone for about ``seconds`` at a low volume, fading in and out."""
        durations = [item_duration_s(item)]
        fade = min(self.settings.preview_fade_s, seconds / 2)

        def setup() -> None:
            self._previewing = True
            self._mixer.load([item], durations=durations)
            self._mixer.set_volume(min(volume, self._volume), ramp_s=0.0)
            self._mixer.start(0, 0.0)
            self._mixer.fade_out_after(seconds - fade, fade)

        self._begin(setup)

    def headphone_check(self) -> None:
        """Play a soft tone in the left ear, then in the right."""
        self._play_clip(headphone_check_clip(self._mixer.rate))

    def play_chime(self) -> None:
        """Play a gentle chime that rises from silence."""
        self._play_clip(chime_clip(self._mixer.rate))

    def shutdown(self) -> None:
        """Stop at once and close the device (application exit)."""
        self._timer.stop()
        self._backend.close()
        self._playing = self._pending = self._handover = None
        self._set_state(PlayerState.STOPPED)

    # ------------------------------------------------------------- polling
    def poll(self) -> None:
        """Feed the backend and report progress; called by the timer."""
        now = self._clock()
        if self._state is PlayerState.RECOVERING:
            if now >= self._retry_at:
                self._try_recover(now)
            return
        if self._state in (PlayerState.STOPPED, PlayerState.NO_DEVICE):
            return
        try:
            self._feed(now)
        except BackendError as exc:
            self._device_lost(now, str(exc))
            return
        if self._state is PlayerState.STOPPED:
            return
        due = self.settings.position_interval_s - self._poll_ms / 2000.0
        if now - self._last_position_emit >= due:
            self._last_position_emit = now
            self.position_changed.emit(self._position(now))
        if self._previewing and self._mixer.stopping:
            self._set_state(PlayerState.STOPPING)

    # ------------------------------------------------------------ internals
    def _sounding(self) -> bool:
        return self._state in (PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.STOPPING)

    def _begin(self, setup: Callable[[], None]) -> None:
        """Run ``setup`` (load and start the mixer) and play; if something sounds, fade it first."""
        if self._sounding():
            # Never cut off what is playing: fade it out, then start (see _feed).
            if self._handover is None:
                self._mixer.fade_out(self.settings.handover_fade_s)
            self._handover = setup
            return
        if self._state is PlayerState.RECOVERING:
            self._handover = setup  # played as soon as the device is back
            return
        if not self._backend.is_open and not self.open():
            return
        self._restart(setup)

    def _restart(self, start_mixer: Callable[[], None],
                 state: PlayerState = PlayerState.PLAYING) -> None:
        start_mixer()
        self._playing = self._pending = self._last_rendered = None
        try:
            self._backend.stop()
            self._start_chunk(self._clock())
        except BackendError as exc:
            self._device_lost(self._clock(), str(exc))
            return
        self._set_state(state)
        self._timer.start()

    def _chunk_frames(self) -> int:
        return max(256, round(self.settings.chunk_s * self._mixer.rate))

    def _render(self) -> tuple[np.ndarray, ChunkInfo]:
        chunk, info = self._mixer.render(self._chunk_frames())
        self._last_rendered = info
        for notice in info.notices:
            self.error.emit(notice)
        return chunk, info

    def _start_chunk(self, now: float) -> None:
        chunk, info = self._render()
        self._backend.start(chunk)
        self._chunk_started(info, now)

    def _feed(self, now: float) -> None:
        if self._pending is not None and self._backend.wants_data():
            self._chunk_started(self._pending, now)
            self._pending = None
        if self._pending is not None:
            if now - self._playing_since > self.settings.chunk_s + self.settings.stall_s:
                raise BackendError("The sound output stopped responding.")
            return
        busy = self._backend.busy()
        if self._last_rendered is not None and self._last_rendered.finished:
            if busy:
                return
            if self._handover is not None:
                setup, self._handover = self._handover, None
                self._restart(setup)
            else:
                self._finish()
            return
        if not busy:  # underrun: start again, softly
            self._mixer.soften_restart()
            self._start_chunk(now)
            return
        chunk, info = self._render()
        self._backend.queue(chunk)
        self._pending = info

    def _chunk_started(self, info: ChunkInfo, now: float) -> None:
        self._playing, self._playing_since = info, now
        if info.index != self._index:
            self._index = info.index
            item = self._mixer.items[info.index] if info.index >= 0 else None
            self.item_changed.emit(info.index, item)

    def _position(self, now: float) -> float:
        info = self._playing
        if info is None:
            return self._start_at
        return info.playlist_offset_s + (self._elapsed(info, now) if info.moving else 0.0)

    def _elapsed(self, info: ChunkInfo, now: float) -> float:
        return min(max(0.0, now - self._playing_since), info.frames / self._mixer.rate)

    def _finish(self) -> None:
        try:
            self._backend.stop()
        except BackendError:
            pass
        self._timer.stop()
        self._playing = self._pending = None
        self._previewing = False
        if self._index != -1:
            self._index = -1
            self.item_changed.emit(-1, None)
        self._set_state(PlayerState.STOPPED)

    def _device_lost(self, now: float, message: str) -> None:
        self._start_at = self._position(now)
        self._backend.close()
        self._playing = self._pending = None
        if self._state is PlayerState.STOPPING and self._handover is None:
            # It was fading out for good: bring nothing back (the next start reopens).
            self._finish()
            return
        self._resume_paused = self._state is PlayerState.PAUSED
        self._retry_at = now + self.settings.retry_s
        self.error.emit(f"{message} Trying again every few seconds.")
        self._set_state(PlayerState.RECOVERING)
        self._timer.start()

    def _try_recover(self, now: float) -> None:
        try:
            self._backend.open()
        except BackendError:
            self._retry_at = now + self.settings.retry_s
            return
        self._mixer.rate = self._backend.sample_rate
        setup, self._handover = self._handover, None
        paused, self._resume_paused = self._resume_paused, False
        if setup is None:
            if self._previewing:
                self._finish()
                return
            index, offset = self._mixer.locate(self._start_at)

            def setup() -> None:
                self._mixer.start(index, offset, paused=paused)

        else:
            paused = False  # something new was asked for while the device was away
        self._restart(setup, PlayerState.PAUSED if paused else PlayerState.PLAYING)

    def _play_clip(self, clip: np.ndarray) -> None:
        if self._sounding() and self._handover is None:
            self._mixer.add_clip(clip)
            return

        def start() -> None:
            self._previewing = False
            self._mixer.load([])
            self._mixer.set_volume(self._volume, ramp_s=0.0)
            self._mixer.start()
            self._mixer.add_clip(clip)

        self._begin(start)

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)

