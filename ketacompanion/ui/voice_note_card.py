"""The voice card of the note page: Record and Pause, time and level, and the takes.

The recorder is asked for on the first press only (pygame loads then). Each take
becomes a FLAC in the journal as soon as it is stopped; a take that cannot be
stored yet stays in drafts and is recovered at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.recording import RecorderState, clock_text
from ketacompanion.core.records import VoiceTake
from ketacompanion.services.take_bin import TakeBin
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.ui.take_list import PlayerSource, TakeList
from ketacompanion.ui.take_removal import TakeRemovalBar

if TYPE_CHECKING:
    from ketacompanion.services.transcription import TranscriptionService

log = logging.getLogger(__name__)


class RecorderLike(Protocol):
    """What the card needs from audio.recorder.Recorder."""

    state_changed: SignalInstance
    level_changed: SignalInstance
    elapsed_changed: SignalInstance
    failed: SignalInstance
    finished: SignalInstance

    @property
    def state(self) -> RecorderState: ...  # noqa: D102
    def start(self, path: Path) -> bool: ...  # noqa: D102
    def pause(self) -> None: ...  # noqa: D102
    def resume(self) -> None: ...  # noqa: D102
    def stop(self) -> Path | None: ...  # noqa: D102


class VoiceNoteCard(QFrame):
    """Records voice takes for the session shown and lists the ones kept.

    Args:
        journal: Where the session's takes are read from.
        takes: Turns recordings into stored takes.
        recorder: Returns the recorder, built on first use (pygame loads then).
        player: Returns the take player, built on first use.
        take_bin: Removed voice takes (None: takes cannot be removed here).
        transcription: Turns each take into words as soon as it is stopped (None: not).
    """

    def __init__(
        self, journal: JournalRepository, takes: TakeStore,
        recorder: Callable[[], RecorderLike], player: PlayerSource,
        take_bin: TakeBin | None = None, parent: QWidget | None = None,
        transcription: TranscriptionService | None = None,
    ) -> None:
        super().__init__(parent)
        self._transcription = transcription
        self.setObjectName("card")
        self._journal, self._takes, self._bin = journal, takes, take_bin
        self._recorder_source = recorder
        self._recorder: RecorderLike | None = None
        self._session: int | None = None
        self._recording_for: int | None = None
        self._build(player)
        if take_bin is not None:
            take_bin.changed.connect(self._show_takes)

    # -- public ------------------------------------------------------------------------

    def show_session(self, session_id: int, takes: Sequence[VoiceTake]) -> None:
        """Record for ``session_id`` from now on and list its ``takes``."""
        self._session = session_id
        self._show_takes(takes)

    def stop_recording(self) -> None:
        """Stop a recording under way; the take is kept."""
        if self._recorder is not None and self._recorder.state is not RecorderState.IDLE:
            self._recorder.stop()

    def say(self, text: str) -> None:
        """Show ``text`` under the controls (empty: no line at all)."""
        self._message.setText(text)
        self._message.setVisible(bool(text))

    # -- building ----------------------------------------------------------------------

    def _build(self, player: PlayerSource) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(QLabel("Say what you saw and felt, while it is fresh",
                                objectName="cardTitle"))
        row = QHBoxLayout()
        row.setSpacing(16)
        self._record = QPushButton("●  Record", objectName="recordButton")
        self._record.setAccessibleName("Record a voice note")
        self._record.setCursor(Qt.CursorShape.PointingHandCursor)
        self._record.clicked.connect(self._record_clicked)
        self._record.setMinimumSize(240, 80)  # large even without a theme: a groggy hand
        self._pause = QPushButton("Pause", objectName="bigButton")
        self._pause.setAccessibleName("Pause recording")
        self._pause.clicked.connect(self._pause_clicked)
        self._pause.setEnabled(False)
        self._pause.setMinimumSize(140, 80)
        self._elapsed = QLabel("0:00", objectName="elapsed")
        self._elapsed.setAccessibleName("Recording time")
        self._level = QProgressBar(objectName="levelMeter")
        self._level.setRange(0, 100)
        self._level.setTextVisible(False)
        self._level.setAccessibleName("Microphone level")
        row.addWidget(self._record)
        row.addWidget(self._pause)
        row.addWidget(self._elapsed)
        row.addWidget(self._level, 1)
        layout.addLayout(row)
        self._message = QLabel(objectName="noteMessage")
        self._message.setWordWrap(True)
        self._message.hide()  # an empty line here left a gap above the takes
        layout.addWidget(self._message)
        self._take_list = TakeList(player, allow_delete=self._bin is not None,
                                   transcription=self._transcription)
        layout.addWidget(self._take_list)
        problem = self._transcription.problem if self._transcription is not None else None
        # No engine: the feature stays out of sight but for this one line under the takes.
        self._enable_hint = QLabel(problem or "", objectName="transcriptHint")
        self._enable_hint.setWordWrap(True)
        self._enable_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._enable_hint.setVisible(False)
        self._has_hint = bool(problem)
        layout.addWidget(self._enable_hint)
        if self._bin is not None:
            self._removal = TakeRemovalBar(self._bin)
            self._take_list.delete_requested.connect(self._removal.request)
            layout.addWidget(self._removal)

    # -- behaviour ---------------------------------------------------------------------

    def _show_takes(self, takes: Sequence[VoiceTake] | None = None) -> None:
        if takes is None:
            if self._session is None:
                return
            takes = self._journal.takes(self._session)
        shown = self._bin.visible(takes) if self._bin else takes
        self._take_list.set_takes(shown)
        self._enable_hint.setVisible(self._has_hint and bool(shown))

    def _ensure_recorder(self) -> RecorderLike:
        if self._recorder is None:
            recorder = self._recorder_source()
            recorder.state_changed.connect(self._on_state)
            recorder.level_changed.connect(lambda v: self._level.setValue(round(v * 100)))
            recorder.elapsed_changed.connect(lambda s: self._elapsed.setText(clock_text(s)))
            recorder.failed.connect(self.say)
            recorder.finished.connect(self._on_finished)
            self._recorder = recorder
        return self._recorder

    def _record_clicked(self) -> None:
        if self._session is None:
            return
        recorder = self._ensure_recorder()
        if recorder.state is RecorderState.IDLE:
            self.say("")
            self._elapsed.setText("0:00")
            self._recording_for = self._session
            if not recorder.start(self._takes.new_draft_path(self._session)):
                self._recording_for = None
        else:
            recorder.stop()

    def _pause_clicked(self) -> None:
        if self._recorder is None:
            return
        if self._recorder.state is RecorderState.RECORDING:
            self._recorder.pause()
        elif self._recorder.state is RecorderState.PAUSED:
            self._recorder.resume()

    def _on_state(self, state: RecorderState) -> None:
        recording = state is not RecorderState.IDLE
        self._record.setText("■  Stop" if recording else "●  Record")
        self._record.setAccessibleName("Stop and keep the recording" if recording
                                       else "Record a voice note")
        self._record.setProperty("recording", recording)
        self._record.style().polish(self._record)
        self._pause.setEnabled(recording)
        paused = state is RecorderState.PAUSED
        self._pause.setText("Resume" if paused else "Pause")
        self._pause.setAccessibleName("Resume recording" if paused else "Pause recording")

    def _on_finished(self, path: Path, _seconds: float) -> None:
        session, self._recording_for = self._recording_for, None
        if session is None:
            return
        try:
            take = self._takes.finish(session, path)
        except Exception:  # the WAV stays in drafts and is recovered at start
            log.exception("take for session %d not finished", session)
            self.say("The recording is safe, but could not be stored yet. "
                     "It will be added the next time the app starts.")
            return
        if take is None:
            self.say("That recording was empty, so it was not kept.")
        elif self._transcription is not None:
            self._transcription.request(take)  # its words appear under it when ready
        if session == self._session:
            self._show_takes()
