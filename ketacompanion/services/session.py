"""SessionService: runs one infusion session from Start to the note.

Owns the session clock and the phase flow, drives the player (fade into the end,
chime, soft recovery music) and keep-awake, and writes the session record and
its markers as they happen. A QTimer ticks it every 100 ms; everything it does
is decided from the clock, so a fake clock drives it in tests and a suspend
leaves it right. The player is :class:`~ketacompanion.core.player.Player`, so this module never
imports pygame.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ketacompanion.core.arcs import DEFAULT_ARC
from ketacompanion.core.fresh_piano import (
    has_fresh_piano,
    new_seed,
    seed_for,
    with_arc,
    with_seed,
)
from ketacompanion.core.models import (
    BinauralSegment,
    FileItem,
    FreshPiano,
    NatureItem,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.player import Player, PlayerState
from ketacompanion.core.records import SessionRecord, SessionState
from ketacompanion.core.session_clock import Clock, SessionClock, real_since, wall_datetime
from ketacompanion.core.session_flow import EARLY_END_FADE_S, Phase, SessionFlow, SessionPlan
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.storage.sessions import SessionRepository

log = logging.getLogger(__name__)

TICK_MS = 100
PROGRESS_EVERY_S = 0.25  # real seconds between progress signals (about 4 Hz)
RECOVERY_MUSIC_LEVEL = 0.35  # of the session volume


def describe_item(item: object) -> str | None:
    """A short name for what is playing, for markers."""
    if isinstance(item, FileItem):
        return item.title or os.path.splitext(os.path.basename(item.path))[0]
    if isinstance(item, BinauralSegment):
        return item.label or f"Binaural {item.beat_hz:g} Hz"
    if isinstance(item, SilenceItem):
        return "Silence"
    if isinstance(item, FreshPiano):
        return "Fresh piano"
    if isinstance(item, NatureItem):
        return item.title
    return None


def item_kind(item: object, bundled_dir: Path | None = None) -> str | None:
    """The kind of sound ``item`` is, for markers: piano (the bundled pieces), music, beats."""
    if isinstance(item, FileItem):
        # Resolved: a link to the bundled folder (or from it) still names the pieces piano.
        bundled = (bundled_dir is not None
                   and Path(item.path).resolve().parent == bundled_dir.resolve())
        return "piano" if bundled else "music"
    if isinstance(item, BinauralSegment):
        return "binaural beat"
    if isinstance(item, FreshPiano):
        return "piano"
    if isinstance(item, NatureItem):
        return "nature"
    return None


class SessionService(QObject):
    """One session at a time, from Start to the note.

    Args:
        repository: Where sessions and markers are stored.
        player: Gives the audio player (PlayerService) when sound is first wanted,
            so pygame loads only then; None for a silent session.
        keep_awake: Keeps the screen and machine awake while a session runs.
        clock: Awake, suspended and wall time, and the boot id (a FakeClock in tests).
        bundled_audio: The folder of the bundled piano pieces (markers name them piano).
    """

    phase_changed = Signal(Phase)
    progress = Signal(float, float, float)  # elapsed s, remaining s, fraction (session time)
    marker_added = Signal(float)  # session seconds
    ready_for_note = Signal(int)  # session id

    def __init__(
        self,
        repository: SessionRepository,
        player: Callable[[], Player] | None,
        keep_awake: KeepAwake,
        clock: Clock,
        parent: QObject | None = None,
        bundled_audio: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._repo = repository
        self._bundled_audio = bundled_audio
        self._player_factory = player
        self._player: Player | None = None
        self._keep_awake = keep_awake
        self._clock = clock
        self._flow: SessionFlow | None = None
        self._session_clock: SessionClock | None = None
        self._playlist: Playlist | None = None
        self.session_id: int | None = None
        self._playing: str | None = None
        self._playing_kind: str | None = None
        self._chime_pending = False
        self._last_progress = -1e9
        self._volume = 0.7
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    # ------------------------------------------------------------------ reading
    @property
    def phase(self) -> Phase:
        """The current phase (SETUP when no session runs)."""
        return self._flow.phase if self._flow else Phase.SETUP

    @property
    def plan(self) -> SessionPlan | None:
        """The running session's plan."""
        return self._flow.plan if self._flow else None

    @property
    def is_active(self) -> bool:
        """True from Start until the person moves on to the note."""
        return self.phase not in (Phase.SETUP, Phase.DONE)

    @property
    def ended_early(self) -> bool:
        """True once the person ended the session before its planned end."""
        return bool(self._flow and self._flow.ended_early)

    @property
    def volume(self) -> float:
        """The session volume (0..1)."""
        return self._volume

    def elapsed(self) -> float:
        """Session seconds since Start (0 without a session); rehearsal-scaled."""
        return self._session_clock.elapsed() if self._session_clock else 0.0

    def real_elapsed(self) -> float:
        """Real seconds since Start, suspends counted, clock changes not (0 without a session)."""
        return self._session_clock.real_elapsed() if self._session_clock else 0.0

    def remaining(self) -> float:
        """Session seconds until the end of the infusion."""
        return self._flow.remaining(self.elapsed()) if self._flow else 0.0

    def recovery_remaining(self) -> float:
        """Session seconds of recovery left."""
        return self._flow.recovery_remaining(self.elapsed()) if self._flow else 0.0

    # ------------------------------------------------------------------ actions
    def start(
        self,
        plan: SessionPlan,
        playlist: Playlist | None,
        intention: str = "",
        mood_before: int | None = None,
        volume: float = 0.7,
        arc: str = DEFAULT_ARC,
    ) -> int:
        """Start now: store the record first, then the clock, music and keep-awake.

        Fresh piano gets new music for every session: its seed is kept with the record,
        with the arc shape (``arc``, the person's choice) the composer follows.
        """
        session_clock = SessionClock(self._clock, plan.scale)
        session_clock.start()
        # Its length is kept too, so the Journal can play the music again.
        piano = seed_for(playlist, new_seed(), arc) if has_fresh_piano(playlist) else None
        session_id = self._repo.create(
            plan, session_clock.timeline_wall(), playlist.id if playlist else None,
            playlist.name if playlist else None, intention, mood_before, session_clock.anchor,
            piano,
        )
        if playlist is not None:
            playlist = with_arc(playlist, arc)  # beats that follow the arc take it too
        if piano is not None and playlist is not None:
            playlist = with_seed(playlist, piano.seed, piano.arc)
        self._begin(session_id, plan, playlist, session_clock, volume)
        log.info("session %d started (%s min%s)", session_id, plan.minutes,
                 ", rehearsal" if plan.is_rehearsal else "")
        return session_id

    def resume(self, record: SessionRecord, playlist: Playlist | None,
               volume: float = 0.7) -> None:
        """Carry on an interrupted session from its original start (and its early end, if any)."""
        session_clock = SessionClock(self._clock, record.plan.scale)
        session_clock.resume(record.started_at.timestamp(), record.anchor)
        if session_clock.anchor != record.anchor:
            # Kept at once: a second crash in this boot is then measured, not guessed.
            self._repo.set_anchor(record.id, session_clock.anchor)
        end_s = None
        if record.ended_at is not None:
            end_s = (record.ended_at - record.started_at).total_seconds() * record.plan.scale
        if record.piano is not None and playlist is not None:
            # The same music goes on.
            playlist = with_arc(with_seed(playlist, record.piano.seed), record.piano.arc)
        self._begin(record.id, record.plan, playlist, session_clock, volume, end_s)
        log.info("session %d resumed at %.0f s (%s)", record.id, session_clock.elapsed(),
                 "measured" if session_clock.measured else "from the wall clock")

    def interrupted(self) -> SessionRecord | None:
        """A session left open by a crash or close, if there is one."""
        return None if self.is_active else self._repo.find_interrupted()

    def can_resume(self, record: SessionRecord) -> bool:
        """Whether ``record`` is still within its session window (recovery included)."""
        real_s, _measured = real_since(record.anchor, record.started_at.timestamp(), self._clock)
        return real_s < record.window_s()

    def close_interrupted(self, record: SessionRecord) -> None:
        """Give up resuming ``record`` and go to its note.

        Its end stays what was kept before the crash (none if it was still running, so
        the journal shows the planned length): the moment it is closed, hours later or
        after the wall clock jumped, is not when the infusion ended.
        """
        self._repo.set_state(record.id, SessionState.INTERRUPTED)
        self.ready_for_note.emit(record.id)

    def add_marker(self) -> bool:
        """Silently mark this moment with what is playing; False if no session runs."""
        if self.session_id is None or self.phase not in (Phase.RUNNING, Phase.ENDING):
            return False
        offset = self.elapsed()
        self._repo.add_marker(self.session_id, offset, wall_datetime(self._clock), self._playing,
                              self._playing_kind, self._track_position())
        self.marker_added.emit(offset)
        return True

    def end_early(self) -> bool:
        """End the running session now, with a short fade (after a 2 s hold in the UI)."""
        if self._flow is None or not self._flow.end_early(self.elapsed()):
            return False
        log.info("session %s ended early", self.session_id)
        if self.session_id is not None:
            # Kept at once: after a crash, a resumed session must stay ended.
            # On the session's own timeline: end minus start stays the real length.
            assert self._session_clock is not None
            self._repo.set_state(self.session_id, SessionState.RUNNING,
                                 self._session_clock.timeline_wall(EARLY_END_FADE_S))
        self.tick()
        return True

    def player(self) -> Player | None:
        """The player, built on first use."""
        if self._player is None and self._player_factory is not None:
            self._player = self._player_factory()
            self._player.item_changed.connect(self._on_item_changed)
        return self._player

    def pause_music(self) -> None:
        """Pause the music (the session clock runs on: the infusion does)."""
        if self._player is not None:
            self._player.pause()

    def resume_music(self) -> None:
        """Fade the music back in."""
        if self._player is not None:
            self._player.resume()

    def set_volume(self, volume: float) -> None:
        """Ramp the music to ``volume`` (0..1)."""
        self._volume = min(1.0, max(0.0, volume))
        if self._player is not None:
            level = RECOVERY_MUSIC_LEVEL if self.phase is Phase.RECOVERY else 1.0
            self._player.set_volume(self._volume * level)

    def ready(self) -> None:
        """The person is ready to move on: close the session and lead to the note."""
        if self._flow is None or self.session_id is None or not self._flow.finish():
            return
        state = SessionState.ENDED_EARLY if self._flow.ended_early else SessionState.COMPLETED
        self._repo.set_state(self.session_id, state)
        self._timer.stop()
        self._keep_awake.release()
        # Recovering: waiting for a lost device to play again, which must not happen now.
        if self._player is not None and (self._player.state.sounding
                                         or self._player.state is PlayerState.RECOVERING):
            self._player.stop(3.0)
        self.phase_changed.emit(Phase.DONE)
        self.ready_for_note.emit(self.session_id)

    def shutdown(self) -> None:
        """App exit: release keep-awake; an open session stays open to be resumed."""
        self._timer.stop()
        self._keep_awake.release()

    # ------------------------------------------------------------------ ticking
    def tick(self) -> None:
        """Advance the flow from the clock; called by the timer."""
        if self._flow is None or self._session_clock is None:
            return
        elapsed = self._session_clock.elapsed()
        for phase in self._flow.update(elapsed):
            self._enter(phase, elapsed)
            self.phase_changed.emit(phase)
        if self._chime_pending and self._player is not None:
            if not self._player.state.sounding:
                self._chime_pending = False
                self._player.play_chime()
        now = self._clock.monotonic()
        if now - self._last_progress >= PROGRESS_EVERY_S:
            self._last_progress = now
            self.progress.emit(elapsed, self._flow.remaining(elapsed),
                               self._flow.progress(elapsed))

    # ------------------------------------------------------------------ internals
    def _begin(self, session_id: int, plan: SessionPlan, playlist: Playlist | None,
               session_clock: SessionClock, volume: float,
               ended_at_s: float | None = None) -> None:
        self.session_id = session_id
        self._flow = SessionFlow(plan)
        self._flow.start()
        early_fade_s = EARLY_END_FADE_S * plan.scale
        # An end stored well before the planned one was an early end (clock noise is not).
        if ended_at_s is not None and ended_at_s < plan.session_s - early_fade_s:
            self._flow.end_early(ended_at_s - early_fade_s)
        self._session_clock = session_clock
        self._playlist = playlist
        self._chime_pending = False
        self._last_progress = -1e9
        self._keep_awake.inhibit()
        self.player()
        self.set_volume(volume)
        elapsed = session_clock.elapsed()
        if self._player is not None and playlist is not None and elapsed < self._flow.end_at:
            self._player.load(playlist)
            # Music runs in real time, the session clock may be scaled (rehearsal).
            self._player.seek_to(elapsed / plan.scale)
            self._player.play()
        self.phase_changed.emit(Phase.RUNNING)
        self._timer.start()
        self.tick()

    def _enter(self, phase: Phase, elapsed: float) -> None:
        assert self._flow is not None and self.session_id is not None
        flow, player = self._flow, self._player
        if phase is Phase.ENDING and player is not None:
            # Fade over exactly the time left, so silence lands on the end.
            player.stop(max(0.5, flow.remaining(elapsed) / flow.plan.scale))
        elif phase is Phase.CHIME:
            # When the infusion ended, not now (entered late after a resume or a suspend).
            assert self._session_clock is not None
            late_s = (elapsed - flow.end_at) / flow.plan.scale
            self._repo.set_state(self.session_id, SessionState.RECOVERY,
                                 self._session_clock.timeline_wall(-max(0.0, late_s)))
            # A chime long over (woken from sleep well after the end) would only startle.
            self._chime_pending = elapsed - flow.end_at < flow.plan.chime_session_s
            if player is not None and player.state is PlayerState.PLAYING:
                player.stop(0.5)
        elif phase is Phase.RECOVERY:
            self._start_recovery_music(elapsed)

    def _start_recovery_music(self, elapsed: float) -> None:
        if not (self._flow and self._flow.plan.recovery_music and self._player
                and self._playlist and self._flow.recovery_remaining(elapsed) > 0):
            return
        self._player.set_volume(self._volume * RECOVERY_MUSIC_LEVEL)
        self._player.load(self._playlist)
        self._player.play()

    def _track_position(self) -> float | None:
        """Seconds into what is playing, for a marker (None when nothing plays)."""
        if self._player is None or self._playing is None:
            return None
        return self._player.item_position_s

    def _on_item_changed(self, _index: int, item: object) -> None:
        self._playing = describe_item(item)
        self._playing_kind = item_kind(item, self._bundled_audio)

