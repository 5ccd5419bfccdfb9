"""Voice takes become words in the background, one at a time, never blocking the window.

Each take asked for is queued in the journal first (so a kill or a quit midway
is simply redone at the next start, see :meth:`TranscriptionService.resume`),
then decoded and transcribed on a worker thread that loads the engine on its
first job. The words come back to the Qt thread as a signal and are stored
there (the database connection belongs to that thread); the person's own
correction is never replaced.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ketacompanion.core.file_seal import PLAIN, FileSeal
from ketacompanion.core.records import VoiceTake
from ketacompanion.services.speech_engine import (
    ENGINE_NAME,
    SpeechEngine,
    SpeechUnavailable,
    load_audio,
    unavailable,
)
from ketacompanion.storage.transcripts import PendingTake, Transcript, TranscriptRepository

log = logging.getLogger(__name__)

_STOP = None  # put on the queue: the worker ends
_Job = tuple[int, int, Path]  # take id, session id, the take's file


class TranscriptionState(Enum):
    """What the service is doing."""

    UNAVAILABLE = "unavailable"  # no engine or model: the feature stays out of sight
    IDLE = "idle"
    WORKING = "working"


class TranscriptionService(QObject):
    """Transcribes voice takes on a worker thread; results are stored on the Qt thread.

    Args:
        transcripts: Where transcripts and the queue are kept.
        load_engine: Builds the engine (on the worker thread, on the first job).
        problem: Why transcription cannot run, or None (checked once, cheaply).
    """

    transcribed = Signal(int, int)  # take id, session id: its words are stored
    started = Signal(int)  # take id now being transcribed
    failed = Signal(int, str)  # take id, one line for the person
    state_changed = Signal(TranscriptionState)
    _done = Signal(int, int, str, str)  # take, session, text, problem: worker -> Qt thread

    def __init__(self, transcripts: TranscriptRepository,
                 load_engine: Callable[[], SpeechEngine] | None = None,
                 problem: Callable[[], str | None] = unavailable,
                 parent: QObject | None = None, seal: FileSeal = PLAIN) -> None:
        super().__init__(parent)
        self._transcripts = transcripts
        self._seal = seal  # a protected journal's takes are decrypted in memory
        self._load_engine = load_engine or (lambda: SpeechEngine.load())
        self._problem = problem()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._waiting: set[int] = set()
        self._current: int | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._state = (TranscriptionState.UNAVAILABLE if self._problem
                       else TranscriptionState.IDLE)
        self._done.connect(self._on_done)

    # -- public ----------------------------------------------------------------------

    @property
    def problem(self) -> str | None:
        """One line saying how to enable transcription, or None when it works."""
        return self._problem

    @property
    def state(self) -> TranscriptionState:
        """What the service is doing now."""
        return self._state

    def transcript(self, take_id: int) -> Transcript | None:
        """The stored words of a take, or None."""
        return self._transcripts.get(take_id)

    def is_waiting(self, take_id: int) -> bool:
        """Whether the take is queued or being transcribed now."""
        return take_id in self._waiting

    def request(self, take: VoiceTake | PendingTake) -> bool:
        """Transcribe a take in the background (its words stored when done).

        Returns:
            False when transcription is unavailable; True when queued (or already).
        """
        if self._problem or self._closed:
            return False
        take_id = take.id if isinstance(take, VoiceTake) else take.take_id
        if take_id in self._waiting:
            return True
        self._transcripts.enqueue(take_id)
        self._waiting.add(take_id)
        self._ensure_thread()
        self._jobs.put((take_id, take.session_id, take.path))
        self._set_state(TranscriptionState.WORKING)
        return True

    def resume(self) -> int:
        """Queue again what a kill or a quit left untranscribed; how many takes."""
        if self._problem or self._closed:
            return 0
        left = self._transcripts.queued()
        for take in left:
            self.request(take)
        if left:
            log.info("%d voice take(s) left untranscribed are transcribed again", len(left))
        return len(left)

    def save_edit(self, take_id: int, text: str) -> bool:
        """Keep the person's correction of a transcript (it wins over the engine)."""
        return self._transcripts.save_edit(take_id, text)

    def shutdown(self) -> None:
        """Stop after the take under way; what is left stays queued for the next start."""
        self._closed = True
        if self._thread is not None:
            while True:  # drop queued jobs: the journal's queue keeps them
                try:
                    self._jobs.get_nowait()
                except queue.Empty:
                    break
            self._jobs.put(_STOP)
            self._thread = None

    # -- worker ----------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None:
            # A daemon: a quit never waits for a long take; the queue redoes it next time.
            self._thread = threading.Thread(target=self._work, name="transcription",
                                            daemon=True)
            self._thread.start()

    def _work(self) -> None:
        _lower_priority()
        engine: SpeechEngine | None = None
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            take_id, session_id, path = job
            try:
                if engine is None:
                    engine = self._load_engine()
                text, problem = engine.transcribe(load_audio(Path(path), self._seal)).text, ""
            except SpeechUnavailable as exc:
                text, problem = "", str(exc)
            except Exception as exc:  # a bug must not end the worker
                log.exception("transcription of take %d failed", take_id)
                text, problem = "", f"This voice note could not be turned into words ({exc})."
            try:
                self._done.emit(take_id, session_id, text, problem)
            except RuntimeError:  # the app closed meanwhile: the queue redoes it next time
                return

    # -- Qt thread -------------------------------------------------------------------

    def _on_done(self, take_id: int, session_id: int, text: str, problem: str) -> None:
        if self._closed:
            return  # the database is closed: the take stays queued for the next start
        self._waiting.discard(take_id)
        if problem:
            log.warning("take %d not transcribed: %s", take_id, problem)
            self.failed.emit(take_id, problem)
        else:
            try:
                self._transcripts.save_heard(take_id, text, ENGINE_NAME)
            except Exception:  # stays queued, redone at the next start
                log.exception("transcript of take %d not stored", take_id)
            else:
                self.transcribed.emit(take_id, session_id)
        if not self._waiting:
            self._set_state(TranscriptionState.IDLE)

    def _set_state(self, state: TranscriptionState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)


def _lower_priority() -> None:
    """Let the window and the sound go first: this thread (and the engine's) runs nicer."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not on every system; only a courtesy
        pass
