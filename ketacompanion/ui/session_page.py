"""The Session page: a calm setup, a preflight in plain words, and one large Start.

Nothing here blocks: the checklist is a reminder, preflight problems are said
plainly and Start stays available ("go on anyway"). An interrupted session is
offered back here, as a quiet card, never as a dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.models import Playlist
from ketacompanion.core.session_clock import Clock
from ketacompanion.core.session_flow import (
    DEFAULT_MINUTES,
    DEFAULT_RECOVERY_MINUTES,
    LENGTH_PRESETS,
    MAX_RECOVERY_MINUTES,
    MIN_FADE_OUT_S,
    SessionPlan,
)
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.settings import SettingsFile
from ketacompanion.storage.sessions import SessionRecord
from ketacompanion.ui.calm_mode import CalmWindow
from ketacompanion.ui.session_preflight import ItemCheck, PreflightSummary
from ketacompanion.ui.widgets import PageHeader

PREFLIGHT_DELAY_MS = 250  # let the page paint first: opening the sound output takes a moment


class PlaylistSource(Protocol):
    """What the page needs of the playlist repository."""

    def summaries(self) -> Sequence: ...  # noqa: D102
    def get(self, playlist_id: int) -> Playlist: ...  # noqa: D102


class SessionPage(QWidget):
    """Setup and Start; leads into calm mode and, after recovery, to the note.

    The form scrolls; a footer below it always shows the preflight and the large
    Start control, so Start is in reach at any window size without scrolling.
    """

    navigate = Signal(str)
    in_sidebar = True

    def __init__(
        self,
        service: SessionService,
        playlists: PlaylistSource,
        settings: SettingsFile,
        clock: Clock,
        keep_awake: KeepAwake,
        headphone_check: Callable[[], None] | None = None,
        audio_opens: Callable[[], bool] | None = None,
        check_items: ItemCheck | None = None,
        rehearse: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("page_session")
        self.key, self.title = "session", "Session"
        self._service, self._playlists, self._settings = service, playlists, settings
        self._clock = clock
        self.rehearse_mode = rehearse
        self.calm: CalmWindow | None = None
        self._interrupted: SessionRecord | None = None
        self.preflight = PreflightSummary(keep_awake, audio_opens, check_items)
        self._preflight_timer = QTimer(self, singleShot=True, interval=PREFLIGHT_DELAY_MS)
        self._preflight_timer.timeout.connect(self.run_preflight)

        inner = QWidget(objectName="sessionSetup")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(56, 40, 56, 24)
        layout.setSpacing(18)
        layout.addWidget(PageHeader("Session", "One press when the infusion begins."))
        self.resume_card = self._build_resume_card()
        layout.addWidget(self.resume_card)
        self.rehearsal_note = QLabel(
            "Rehearsal: the whole session runs with one minute lasting one second, so you "
            "can see and hear every step. It is not kept in your journal's series.",
            objectName="rehearsalNote", wordWrap=True)
        layout.addWidget(self.rehearsal_note)
        layout.addLayout(self._build_form(headphone_check))
        layout.addWidget(self._build_during())
        layout.addWidget(self._build_checklist())
        layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame,
                             objectName="sessionScroll")
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self._build_footer())

        service.ready_for_note.connect(self._session_over)
        self.set_rehearse_mode(rehearse)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt
        """Look again each time the page is shown; the sound check waits for the first paint."""
        super().showEvent(event)
        if not self._service.is_active:
            self.refresh()

    # ------------------------------------------------------------------ public
    @property
    def service(self) -> SessionService:
        """The session this page starts."""
        return self._service

    def refresh(self) -> None:
        """Reload playlists and look for an interrupted session; preflight follows shortly."""
        current = self.playlist_box.currentData()
        self.playlist_box.clear()
        for summary in self._playlists.summaries():
            self.playlist_box.addItem(summary.name, summary.id)
        index = self.playlist_box.findData(current)
        self.playlist_box.setCurrentIndex(max(0, index))
        self._interrupted = self._service.interrupted()
        self._show_resume_card()
        self._preflight_timer.start()

    def set_rehearse_mode(self, on: bool) -> None:
        """Switch the page between a real session and a rehearsal."""
        self.rehearse_mode = on
        self.rehearsal_note.setVisible(on)
        self.rehearse_button.setVisible(not on)
        self.start_button.setText("Start the rehearsal" if on else
                                  "Start — the infusion has begun")

    def plan(self, rehearsal: bool) -> SessionPlan:
        """The plan as set on the page."""
        minutes = self.length_box.value()
        recovery = self.recovery_box.value()
        music = self.recovery_music.isChecked()
        if rehearsal:
            return SessionPlan.rehearsal(minutes, recovery, music)
        fade = max(MIN_FADE_OUT_S, float(self._settings.get("session_fade_out_s")))
        return SessionPlan(minutes, recovery, fade, recovery_music=music)

    def selected_playlist(self) -> Playlist | None:
        """The chosen playlist, loaded."""
        playlist_id = self.playlist_box.currentData()
        return self._playlists.get(playlist_id) if playlist_id is not None else None

    def start(self, rehearsal: bool = False) -> None:
        """Store the session, start it and go full screen."""
        if self._service.is_active:
            return
        mood = self.mood_box.value()
        self._service.start(
            self.plan(rehearsal), self.selected_playlist(),
            self.intention.toPlainText(), None if mood < 0 else mood,
            float(self._settings.get("master_volume")),
        )
        self._open_calm()

    def resume_interrupted(self) -> None:
        """Carry on the interrupted session from its original start."""
        record = self._interrupted
        if record is None or self._service.is_active:
            return
        playlist = None
        if record.playlist_id is not None:
            try:
                playlist = self._playlists.get(record.playlist_id)
            except LookupError:
                playlist = None  # deleted since: the timer still matters more than music
        self._service.resume(record, playlist, float(self._settings.get("master_volume")))
        self._interrupted = None
        self.resume_card.hide()
        self._open_calm()

    def note_for_interrupted(self) -> None:
        """Close the interrupted session and go to its note."""
        if self._interrupted is not None:
            record, self._interrupted = self._interrupted, None
            self.resume_card.hide()
            self._service.close_interrupted(record)

    def run_preflight(self) -> None:
        """Check, in plain words, what could spoil the session (opens the sound output)."""
        self._preflight_timer.stop()
        self.preflight.run(self.selected_playlist(), self.length_box.value())

    def stop_preflight(self) -> None:
        """Stop a decoding check still running (page hidden, app closing)."""
        self._preflight_timer.stop()
        self.preflight.stop()

    def hideEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt
        """No decoding in the background once the page is left."""
        self.stop_preflight()
        super().hideEvent(event)

    # ------------------------------------------------------------------ building
    def _build_resume_card(self) -> QFrame:
        card = QFrame(objectName="card")
        layout = QVBoxLayout(card)
        self.resume_text = QLabel("", objectName="cardBody", wordWrap=True)
        layout.addWidget(self.resume_text)
        row = QHBoxLayout()
        self.resume_button = QPushButton("Resume the session", objectName="primaryButton")
        self.resume_button.setAccessibleName("Resume the interrupted session")
        self.resume_button.clicked.connect(self.resume_interrupted)
        self.note_button = QPushButton("Go to the note", objectName="secondaryButton")
        self.note_button.setAccessibleName("Go to the note of the interrupted session")
        self.note_button.clicked.connect(self.note_for_interrupted)
        row.addWidget(self.resume_button)
        row.addWidget(self.note_button)
        row.addStretch(1)
        layout.addLayout(row)
        card.hide()
        return card

    def _build_form(self, headphone_check: Callable[[], None] | None) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        self.playlist_box = QComboBox(objectName="playlistBox")
        self.playlist_box.setAccessibleName("Playlist for the session")
        self.playlist_box.activated.connect(lambda _i: self.run_preflight())
        prepare = QPushButton("Prepare a playlist", objectName="linkButton")
        prepare.setAccessibleName("Prepare a playlist on the Prepare page")
        prepare.clicked.connect(lambda: self.navigate.emit("prepare"))
        playlist_row = QHBoxLayout()
        playlist_row.addWidget(self.playlist_box, 1)
        playlist_row.addWidget(prepare)
        self.length_box = QSpinBox(minimum=40, maximum=60, suffix=" min", value=DEFAULT_MINUTES)
        presets = QHBoxLayout()
        self._presets = QButtonGroup(self)
        for minutes in LENGTH_PRESETS:
            button = QPushButton(f"{minutes}", objectName="presetButton", checkable=True)
            button.setChecked(minutes == DEFAULT_MINUTES)
            button.setAccessibleName(f"{minutes} minutes")
            button.clicked.connect(lambda _c=False, m=minutes: self.length_box.setValue(m))
            self._presets.addButton(button, minutes)
            presets.addWidget(button)
        presets.addWidget(self.length_box)
        self.length_box.setAccessibleName("Infusion length in minutes")
        self.length_box.valueChanged.connect(self._sync_presets)
        self.length_box.valueChanged.connect(
            lambda m: self.preflight.set_length(self.selected_playlist(), m))
        self.recovery_box = QSpinBox(minimum=0, maximum=MAX_RECOVERY_MINUTES, suffix=" min",
                                     value=DEFAULT_RECOVERY_MINUTES)
        self.recovery_box.setAccessibleName("Recovery time in minutes")
        self.recovery_music = QCheckBox("Soft music during recovery")
        self.recovery_music.setAccessibleName("Soft music during recovery")
        self.mood_box = QSpinBox(minimum=-1, maximum=10, value=-1, specialValueText="Not set")
        self.mood_box.setAccessibleName("Mood now, from 0 to 10 (optional)")
        self.intention = QPlainTextEdit(objectName="intention")
        self.intention.setPlaceholderText("An intention, if you like (a sentence or two)")
        self.intention.setFixedHeight(72)
        self.intention.setAccessibleName("Intention for the session (optional)")
        self.headphone_button = QPushButton("Play a soft tone, left then right",
                                            objectName="secondaryButton")
        self.headphone_button.setMinimumHeight(44)
        self.headphone_button.setAccessibleName("Headphone check: a soft tone left, then right")
        self.headphone_button.setEnabled(headphone_check is not None)
        if headphone_check is not None:
            self.headphone_button.clicked.connect(headphone_check)
        headphones = QHBoxLayout()
        headphones.addWidget(self.headphone_button)
        headphones.addStretch(1)
        recovery = QHBoxLayout()
        recovery.addWidget(self.recovery_box)
        recovery.addWidget(self.recovery_music)
        recovery.addStretch(1)
        rows = (("Playlist", playlist_row), ("Infusion length", presets),
                ("Recovery", recovery), ("Mood now (0-10)", self.mood_box),
                ("Intention", self.intention), ("Headphones", headphones))
        for row, (text, field) in enumerate(rows):
            grid.addWidget(QLabel(text, objectName="fieldLabel"), row, 0)
            if isinstance(field, QWidget):
                grid.addWidget(field, row, 1)
            else:
                grid.addLayout(field, row, 1)
        return grid

    def _build_during(self) -> QFrame:
        """How to mark a moment during the session, and the two choices about it."""
        box = QFrame(objectName="card")
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel("During the session", objectName="cardTitle"))
        self.marker_help = QLabel(objectName="cardBody", wordWrap=True)
        layout.addWidget(self.marker_help)
        self.click_marks = QCheckBox("A click anywhere marks a moment too")
        self.click_marks.setAccessibleName("A click anywhere on the dark screen marks a moment")
        self.click_marks.setChecked(bool(self._settings.get("marker_on_click")))
        self.click_marks.toggled.connect(self._set_click_marks)
        self.still_screen = QCheckBox("Keep the screen still (no slow colour drift)")
        self.still_screen.setAccessibleName("Keep the dark screen still, with no colour drift")
        self.still_screen.setChecked(self._settings.get("calm_motion") == "still")
        self.still_screen.toggled.connect(
            lambda on: self._settings.set("calm_motion", "still" if on else "drift"))
        layout.addWidget(self.click_marks)
        layout.addWidget(self.still_screen)
        self._set_click_marks(self.click_marks.isChecked())
        return box

    def _build_footer(self) -> QFrame:
        """Always on screen: the preflight and the large Start, never below the fold."""
        footer = QFrame(objectName="sessionFooter")
        row = QHBoxLayout(footer)
        row.setContentsMargins(56, 16, 56, 20)
        row.setSpacing(28)
        row.addWidget(self.preflight, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        self.start_button = QPushButton(objectName="startButton")
        self.start_button.setMinimumSize(340, 84)
        self.start_button.setAccessibleName("Start the session")
        self.start_button.clicked.connect(lambda: self.start(self.rehearse_mode))
        self.rehearse_button = QPushButton("Rehearse first (about a minute)",
                                           objectName="secondaryButton")
        self.rehearse_button.setMinimumHeight(44)
        self.rehearse_button.setAccessibleName("Rehearse the whole session in about a minute")
        self.rehearse_button.clicked.connect(lambda: self.start(True))
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.rehearse_button)
        row.addLayout(buttons)
        return footer

    def _build_checklist(self) -> QFrame:
        box = QFrame(objectName="card")
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel("Before you start (a reminder, nothing more)",
                                objectName="cardTitle"))
        self.checklist = [QCheckBox(text) for text in self._settings.get("checklist")]
        for check in self.checklist:
            check.setAccessibleName(check.text())
            layout.addWidget(check)
        return box

    # ------------------------------------------------------------------ internals
    def _set_click_marks(self, on: bool) -> None:
        if on != bool(self._settings.get("marker_on_click")):
            self._settings.set("marker_on_click", on)
        self.marker_help.setText(
            "Press Space to mark a moment" + (", or click anywhere" if on else "")
            + ". The mark is silent and kept with what was playing, for your note. "
            "Move the mouse to see a few soft controls. To end early, hold Esc or "
            "the End control for two seconds.")

    def _sync_presets(self, minutes: int) -> None:
        button = self._presets.button(minutes)
        self._presets.setExclusive(button is not None)
        for preset in self._presets.buttons():
            preset.setChecked(preset is button)

    def _show_resume_card(self) -> None:
        record = self._interrupted
        if record is None:
            self.resume_card.hide()
            return
        when = record.started_at.astimezone().strftime("%H:%M")
        kind = "rehearsal" if record.rehearsal else "session"
        if self._service.can_resume(record):
            self.resume_text.setText(
                f"Your {kind} that began at {when} was interrupted. It can carry on where it "
                "would be now, or you can go straight to the note.")
            self.resume_button.show()
        else:
            self.resume_text.setText(
                f"Your {kind} that began at {when} was interrupted. Its time is over; "
                "you can still write its note.")
            self.resume_button.hide()
        self.resume_card.show()

    def _open_calm(self) -> None:
        self.calm = CalmWindow(self._service, self._clock,
                               still=self._settings.get("calm_motion") == "still",
                               marker_on_click=bool(self._settings.get("marker_on_click")))
        self.calm.showFullScreen()
        self.calm.activateWindow()
        self.calm.setFocus()

    def _session_over(self, _session_id: int) -> None:
        if self.calm is not None:
            self.calm.hide()
            self.calm.deleteLater()
            self.calm = None
        if self.isVisible():
            self.refresh()
