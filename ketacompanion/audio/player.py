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

This module holds the service's commands: what to play (a playlist, a
preview, a cue) and the transport (pause, resume, skip, stop, seek, volume).
Its states, settings, polling and device recovery are in
:mod:`ketacompanion.audio.player_core`; feeding chunks to the device in
:mod:`ketacompanion.audio.player_output`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Signal

from ketacompanion.audio.backend import MixerBackend
from ketacompanion.audio.cues import chime_clip, headphone_check_clip
from ketacompanion.audio.player_core import PlayerCore, PlayerSettings
from ketacompanion.core.fitting import bed_for
from ketacompanion.core.models import Playlist, PlaylistItem
from ketacompanion.core.player import PlayerState
from ketacompanion.core.timeline import MAX_CROSSFADE_S


class PlayerService(PlayerCore):
    """Plays playlists, previews and cues through one mixer backend.

    Args:
        backend: The mixer backend (a MixerBackend by default).
        clock: Seconds from a monotonic clock.
        settings: Timings; ``settings.mixer`` holds crossfade and fades.
        crossfade: The person's crossfade setting in seconds (0: gapless), read each
            time a playlist starts; None keeps ``settings.mixer.crossfade_s``.
    """

    preview_changed = Signal(bool)  # a preview is (or is no longer) playing

    def __init__(
        self,
        backend: MixerBackend | None = None,
        clock: Callable[[], float] = time.monotonic,
        settings: PlayerSettings | None = None,
        parent: QObject | None = None,
        crossfade: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(backend, clock, settings, parent)
        self._crossfade = crossfade
        self._items: list[PlaylistItem] = []
        self._playlist: Playlist | None = None
        self._volume = 1.0
        self._preview_shown = False
        self._want_levels: Callable[[list[PlaylistItem]], None] | None = None
        # A preview starts or ends with a change of state or of item (a handover from a
        # cue to a preview keeps the state PLAYING): both are checked.
        self.state_changed.connect(self._check_preview)
        self.item_changed.connect(self._check_preview)

    # ------------------------------------------------------------ public API
    @property
    def volume(self) -> float:
        """Master volume (0..max_volume) the output is heading to."""
        return self._volume

    def load(self, playlist: Playlist) -> None:
        """Set the playlist for the next :meth:`play` (stops nothing already playing)."""
        self._playlist = playlist
        self._items = list(playlist.items)
        self._place_start(0.0)
        if self._want_levels is not None:  # files not measured yet are measured now
            self._want_levels(self._items)

    def play(self) -> None:
        """Start the loaded playlist from the beginning (or the seek point), fading in."""
        playlist = self._playlist
        if playlist is None:
            return

        def setup() -> None:
            if self._crossfade is not None:  # as the fit the page showed was laid out
                self.settings.mixer.crossfade_s = min(max(0.0, float(self._crossfade())),
                                                      MAX_CROSSFADE_S)
            mixer = self.mixer
            mixer.load(
                self._items,
                bed=playlist.bed,
                bed_level=playlist.bed_level,
                end=playlist.end_behaviour,
                fill=bed_for(playlist, playlist.target_minutes),  # as the fit fills the end
            )
            mixer.set_volume(self._volume, ramp_s=0.0)
            mixer.start(*mixer.locate(self.start_at))

        self._begin(setup)

    def skip(self) -> None:
        """Fade to the next item (the next one fades in)."""
        if self.state is PlayerState.PLAYING:
            self.mixer.skip()

    def set_volume(self, volume: float) -> None:
        """Ramp the master volume to ``volume`` (never a jump; capped by the ceiling)."""
        self._volume = self.mixer.set_volume(volume)

    def set_item_gains(self, gain_of: Callable[[PlaylistItem], float],
                       request: Callable[[list[PlaylistItem]], None] | None = None) -> None:
        """Bring every item to one loudness (see :meth:`Mixer.set_item_gains`).

        ``request`` is told each loaded playlist's items, to measure those not yet known.
        """
        self.mixer.set_item_gains(gain_of)
        self._want_levels = request

    def set_bed_level(self, level: float) -> None:
        """Ramp the binaural bed's own level."""
        self.mixer.set_bed_level(level)

    def preview(self, item: PlaylistItem, seconds: float = 15.0, volume: float = 0.3) -> None:
        """Play ``item`` alone for about ``seconds`` at a low volume, fading in and out."""
        fade = min(self.settings.preview_fade_s, seconds / 2)

        def setup() -> None:
            mixer = self.mixer
            mixer.load([item])
            mixer.set_volume(min(volume, self._volume), ramp_s=0.0)
            mixer.start(0, 0.0)
            mixer.fade_out_after(seconds - fade, fade)

        self._begin(setup, preview=True)

    def stop_preview(self, fade_s: float = 2.0) -> None:
        """Fade a playing preview out over ``fade_s``; anything else plays on."""
        if self.previewing:
            self.stop(fade_s)

    def headphone_check(self) -> None:
        """Play a soft tone in the left ear, then in the right."""
        self._play_clip(headphone_check_clip(self.mixer.rate))

    def play_chime(self) -> None:
        """Play a gentle chime that rises from silence."""
        self._play_clip(chime_clip(self.mixer.rate))

    # ------------------------------------------------------------ internals
    def _check_preview(self, *_args: object) -> None:
        if self.previewing != self._preview_shown:
            self._preview_shown = self.previewing
            self.preview_changed.emit(self._preview_shown)

    def _play_clip(self, clip: np.ndarray) -> None:
        mixer = self.mixer
        if self._sounding() and not self._handing_over():
            mixer.add_clip(clip)
            return

        def start() -> None:
            mixer.load([])
            mixer.set_volume(self._volume, ramp_s=0.0)
            mixer.start()
            mixer.add_clip(clip)

        self._begin(start)
