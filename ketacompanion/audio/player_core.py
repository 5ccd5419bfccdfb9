"""The player's core: its states and settings, and running one mix on the sound device.

:class:`PlayerCore` is the state machine under
:class:`~ketacompanion.audio.player.PlayerService` (which adds the commands:
play, pause, preview, cues...). A QTimer polls the output every few tens of
milliseconds (:class:`~ketacompanion.audio.player_output.PlayerOutput` feeds
the chunks); the core reports item changes, the position (about 4 Hz) and
quiet notices, and decides what each event means:

- starting a mix while another sounds fades the old one out first (a handover);
- a finished mix hands over to the next one asked for, or stops;
- a lost device (or a stalled one) gives RECOVERING and a retry every few
  seconds, then a fade-in near the position where sound stopped, paused if it
  was paused; a preview or a final fade-out is not brought back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from ketacompanion.audio.backend import BackendError, MixerBackend
from ketacompanion.audio.mix_timeline import ChunkInfo, MixerSettings
from ketacompanion.audio.mixer import Mixer
from ketacompanion.audio.player_output import PlayerOutput
from ketacompanion.core.player import PlayerState

__all__ = ["PlayerCore", "PlayerSettings", "PlayerState"]


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
    loss_notice_s: float = 60.0  # a loss within this long of the last one is not told again
    preview_fade_s: float = 3.0
    handover_fade_s: float = 1.0  # what plays fades out this fast when something else starts


class PlayerCore(QObject):
    """Runs one mix at a time on the sound device; the base of PlayerService.

    The core owns the state machine and its transport (pause, resume, stop, seek);
    PlayerService says what to play through :meth:`_begin` and :attr:`mixer`, and
    never sets the core's fields.

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
        self._clock = clock
        self._mixer = Mixer(self.settings.mixer)
        self._output = PlayerOutput(
            backend or MixerBackend(self.settings.mixer.sample_rate),
            self._mixer,
            clock,
            self.settings,
            on_notice=self.error.emit,
            on_chunk_started=self._chunk_started,
        )
        self._state = PlayerState.STOPPED
        self._start_at = 0.0  # playlist offset to start (or come back) at
        self._index = -1
        self._last_position_emit = -1e9
        self._previewing = False
        self._resume_paused = False  # the device was lost while paused: come back paused
        self._loss_told_at: float | None = None
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
    def mixer(self) -> Mixer:
        """The mix the device plays (PlayerService loads it in its setups)."""
        return self._mixer

    @property
    def previewing(self) -> bool:
        """True while a preview plays (not once it fades out, by itself or asked to)."""
        return self._previewing and self._state is PlayerState.PLAYING

    @property
    def start_at(self) -> float:
        """Seconds into the playlist where the next start (or a come-back) begins."""
        return self._start_at

    @property
    def position_s(self) -> float:
        """Seconds into the playlist of what is sounding now."""
        return self._position(self._clock())

    @property
    def item_position_s(self) -> float | None:
        """Seconds into the playlist item sounding now (None: no item sounds)."""
        return self._output.item_position(self._clock())

    def open(self) -> bool:
        """Open the sound output; on failure emit a message and go to NO_DEVICE."""
        try:
            self._output.open()
        except BackendError as exc:
            self._set_state(PlayerState.NO_DEVICE)
            self.error.emit(str(exc))
            return False
        if self._state is PlayerState.NO_DEVICE:
            self._set_state(PlayerState.STOPPED)
        return True

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

    def stop(self, fade_s: float | None = None) -> None:
        """Fade everything out over ``fade_s`` (default ``settings.stop_fade_s``), then stop."""
        self._handover = None
        if self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
            self._mixer.fade_out(self.settings.stop_fade_s if fade_s is None else fade_s)
            self._set_state(PlayerState.STOPPING)
        elif self._state is PlayerState.RECOVERING:
            self._finish()

    def seek_to(self, session_offset_s: float) -> None:
        """Continue from ``session_offset_s`` into the playlist (e.g. after a crash), fading in."""
        self._place_start(session_offset_s)
        if self._sounding() and not self._previewing:
            self._begin(lambda: self._mixer.start(*self._mixer.locate(self._start_at)))

    def shutdown(self) -> None:
        """Stop at once and close the device (application exit)."""
        self._timer.stop()
        self._output.close()
        self._handover = None
        self._set_state(PlayerState.STOPPED)

    # ------------------------------------------------------------- polling
    def poll(self) -> None:
        """Feed the backend and report progress; called by the timer."""
        now = self._clock()
        if self._state is PlayerState.RECOVERING:
            if self._output.retry_due(now):
                self._try_recover(now)
            return
        if self._state in (PlayerState.STOPPED, PlayerState.NO_DEVICE):
            return
        try:
            if self._output.feed(now):
                self._drained()
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

    # ------------------------------------------- for PlayerService (what to play)
    def _sounding(self) -> bool:
        return self._state.sounding

    def _handing_over(self) -> bool:
        """Something new waits for what sounds to fade out (or for the device)."""
        return self._handover is not None

    def _place_start(self, offset_s: float) -> None:
        """Where in the playlist the next start begins (nothing restarts now)."""
        self._start_at = max(0.0, float(offset_s))

    def _begin(self, load: Callable[[], None], *, preview: bool = False) -> None:
        """Play what ``load`` puts in the mixer (a preview if ``preview``); fade out what sounds.

        ``load`` runs when the device is free: at once, after the fade of what
        sounds, or when a lost device comes back.
        """

        def setup() -> None:
            self._previewing = preview
            load()

        if self._sounding():
            # Never cut off what is playing: fade it out, then start (see _drained).
            if self._handover is None:
                self._mixer.fade_out(self.settings.handover_fade_s)
            self._handover = setup
            return
        if self._state is PlayerState.RECOVERING:
            self._handover = setup  # played as soon as the device is back
            return
        if not self._output.is_open and not self.open():
            return
        self._restart(setup)

    # ------------------------------------------------------------ internals
    def _restart(self, start_mixer: Callable[[], None],
                 state: PlayerState = PlayerState.PLAYING) -> None:
        start_mixer()
        try:
            self._output.restart()
        except BackendError as exc:
            self._device_lost(self._clock(), str(exc))
            return
        self._set_state(state)
        self._timer.start()

    def _drained(self) -> None:
        """The mix has finished and the device has played it all: hand over or stop."""
        if self._handover is not None:
            setup, self._handover = self._handover, None
            self._restart(setup)
        else:
            self._finish()

    def _chunk_started(self, info: ChunkInfo) -> None:
        if info.index != self._index:
            self._index = info.index
            item = self._mixer.items[info.index] if info.index >= 0 else None
            self.item_changed.emit(info.index, item)

    def _position(self, now: float) -> float:
        position = self._output.position(now)
        return self._start_at if position is None else position

    def _finish(self) -> None:
        self._output.stop()
        self._timer.stop()
        self._previewing = False
        if self._index != -1:
            self._index = -1
            self.item_changed.emit(-1, None)
        self._set_state(PlayerState.STOPPED)

    def _device_lost(self, now: float, message: str) -> None:
        self._start_at = self._position(now)
        self._output.close()
        if self._state is PlayerState.STOPPING and self._handover is None:
            # It was fading out for good: bring nothing back (the next start reopens).
            self._finish()
            return
        self._resume_paused = self._state is PlayerState.PAUSED
        self._output.retry_later(now)
        # An output that fails again each time it is reopened (a disk that stays full)
        # must not bring a new notice every few seconds: once is enough to know.
        told = self._loss_told_at
        if told is None or now - told >= self.settings.loss_notice_s:
            self._loss_told_at = now
            self.error.emit(f"{message} Trying again every few seconds.")
        self._set_state(PlayerState.RECOVERING)
        self._timer.start()

    def _try_recover(self, now: float) -> None:
        if not self._output.reopen(now):
            return
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

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)
