"""The Session page: a calm setup, a preflight in plain words, and one large Start.

Nothing here blocks: the checklist is a reminder, preflight problems are said
plainly and Start stays available ("go on anyway"). An interrupted session is
offered back here, as a quiet card, never as a dialog. While a session runs the
page says so, and its large control becomes "Return to the session" (calm mode
may have been left behind by Alt-Tab or a click on the taskbar). The fields are
``session_form.SessionForm``, the cards ``session_cards`` and the footer with Start
``session_footer``; this module holds the page that joins them: the plan, the
length, resuming, and calm mode.

The infusion length is the plan's one :class:`InfusionLength`, shared with Prepare:
choosing a playlist prepared for 60 minutes makes it 60, Start says it ("Start ·
60 min"), and a playlist that still disagrees with it is settled before Start by a
plain choice in large type (``length_question``) shown in Start's place: one click,
either answer leads back to Start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from ketacompanion.core.length_choice import LengthQuestion, length_question
from ketacompanion.core.models import Playlist
from ketacompanion.core.records import SessionRecord
from ketacompanion.core.session_clock import Clock
from ketacompanion.core.session_flow import MIN_FADE_OUT_S, SessionPlan
from ketacompanion.services.infusion_length import InfusionLength
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.settings import SettingsFile
from ketacompanion.ui.arc_strip import piano_span
from ketacompanion.ui.session_cards import ChecklistCard, DuringCard, ResumeCard
from ketacompanion.ui.session_footer import SessionFooter
from ketacompanion.ui.session_form import SessionForm
from ketacompanion.ui.session_preflight import ItemCheck, PreflightSummary
from ketacompanion.ui.widgets import PageHeader, scrolling_body

if TYPE_CHECKING:
    from ketacompanion.ui.calm_mode import CalmWindow

PREFLIGHT_DELAY_MS = 250  # let the page paint first: opening the sound output takes a moment
SETUP_WIDTH = 1100  # on a wide screen the setup is a column, as the note and the Journal


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
        length: InfusionLength | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_session")
        self.key, self.title = "session", "Session"
        self._service, self._playlists, self._settings = service, playlists, settings
        self._clock = clock
        self.length = length or InfusionLength(parent=self)
        self._kept: tuple[int | None, int] | None = None  # "Keep 45 min" for this playlist
        self.rehearse_mode = rehearse
        self.calm: CalmWindow | None = None
        self._interrupted: SessionRecord | None = None
        self.preflight = PreflightSummary(keep_awake, audio_opens, check_items, crossfade=lambda:
                                          float(settings.get("crossfade_s")))
        self._preflight_timer = QTimer(self, singleShot=True, interval=PREFLIGHT_DELAY_MS)
        self._preflight_timer.timeout.connect(self.run_preflight)

        layout = scrolling_body(self, "sessionScroll", "sessionSetup", (56, 40, 56, 24), 18,
                                max_width=SETUP_WIDTH)
        layout.addWidget(PageHeader("Session", "One press when the infusion begins."))
        self.resume_card = ResumeCard()
        self.resume_card.resume_requested.connect(self.resume_interrupted)
        self.resume_card.note_requested.connect(self.note_for_interrupted)
        self.resume_button = self.resume_card.resume_button
        layout.addWidget(self.resume_card)
        self.rehearsal_note = QLabel(
            "Rehearsal: the whole session runs with one minute lasting one second, so you "
            "can see and hear every step. It is not kept in your journal's series.",
            objectName="rehearsalNote", wordWrap=True)
        layout.addWidget(self.rehearsal_note)
        self.running_note = QLabel(
            "A session is running in calm mode. Its music and timer go on; return to it "
            "below.", objectName="runningNote", wordWrap=True)
        layout.addWidget(self.running_note)
        self.form = SessionForm(headphone_check)
        self.form.prepare_requested.connect(lambda: self.navigate.emit("prepare"))
        self.form.playlist_chosen.connect(self._playlist_chosen)
        self.form.length_chosen.connect(self.length.set)
        self.form.arc_chosen.connect(lambda arc: settings.set("arc", arc))
        self.form.show_length(self.length.minutes)
        self.playlist_box, self.intention = self.form.playlist_box, self.form.intention
        layout.addWidget(self.form)
        layout.addWidget(DuringCard(settings))
        layout.addWidget(ChecklistCard(settings))
        layout.addStretch(1)
        self.footer = SessionFooter(self.preflight, max_width=SETUP_WIDTH)
        self.start_button, self.rehearse_button = (self.footer.start_button,
                                                   self.footer.rehearse_button)
        self.length_card = self.footer.length_card
        self.footer.start_clicked.connect(self._start_or_return)
        self.footer.rehearse_clicked.connect(lambda: self.start(True))
        self.length_card.use_length.connect(self.length.set)
        self.length_card.keep_length.connect(self._keep_length)
        self.length_card.prepare_requested.connect(lambda: self.navigate.emit("prepare"))
        outer = self.layout()
        assert outer is not None  # scrolling_body gave the page its layout
        outer.addWidget(self.footer)

        service.ready_for_note.connect(self._session_over)
        self.length.changed.connect(self._length_changed)
        self.set_rehearse_mode(rehearse)

    def showEvent(self, event) -> None:
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
        self.form.set_playlists(self._playlists.summaries())
        self._show_arc()
        self._interrupted = self._service.interrupted()
        self._show_resume_card()
        self._ask_about_length()
        self._preflight_timer.start()

    def set_rehearse_mode(self, on: bool) -> None:
        """Switch the page between a real session and a rehearsal."""
        self.rehearse_mode = on
        self.rehearsal_note.setVisible(on)
        self._show_running(self._service.is_active)

    def return_to_session(self) -> None:
        """Bring calm mode back in front of everything."""
        if self.calm is not None:
            self.calm.raise_()  # it may sit behind the main window after Alt-Tab
            self._show_calm()

    def plan(self, rehearsal: bool) -> SessionPlan:
        """The plan as set on the page; its length is the one infusion length."""
        minutes = self.length.minutes
        recovery = self.form.recovery_box.value()
        music = self.form.recovery_music.isChecked()
        if rehearsal:
            return SessionPlan.rehearsal(minutes, recovery, music)
        fade = max(MIN_FADE_OUT_S, float(self._settings.get("session_fade_out_s")))
        return SessionPlan(minutes, recovery, fade, recovery_music=music)

    def selected_playlist(self) -> Playlist | None:
        """The chosen playlist, loaded."""
        playlist_id = self.playlist_box.currentData()
        return self._playlists.get(playlist_id) if playlist_id is not None else None

    def length_question(self) -> LengthQuestion | None:
        """How the chosen playlist disagrees with the infusion length (None: it agrees)."""
        playlist = self.selected_playlist()
        question = length_question(playlist, self.length.minutes, self.preflight.crossfade_s)
        kept = (playlist.id if playlist else None, self.length.minutes)
        if question is None or self._kept == kept:
            return None
        return question

    def start(self, rehearsal: bool = False) -> None:
        """Store the session, start it and go full screen.

        The mood and intention belong to this session: the form is emptied of them,
        so a later session (or rehearsal) in the same run never records them again.
        """
        if self._service.is_active:
            return
        self._service.start(
            self.plan(rehearsal), self.selected_playlist(),
            self.intention.toPlainText(), self.form.mood(),
            float(self._settings.get("master_volume")), arc=str(self._settings.get("arc")),
        )
        self.form.start_fresh()
        self._open_calm()

    def choose_playlist(self, playlist_id: int) -> None:
        """Make ``playlist_id`` the session's playlist (chosen on Prepare); not mid-session."""
        if self._service.is_active:
            return
        if self.playlist_box.findData(playlist_id) < 0:
            self.form.set_playlists(self._playlists.summaries())  # made since the page looked
        index = self.playlist_box.findData(playlist_id)
        if index >= 0:
            self.playlist_box.setCurrentIndex(index)
            self._playlist_chosen(check=self.isVisible())

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
        self.preflight.run(self.selected_playlist(), self.length.minutes)

    def stop_preflight(self) -> None:
        """Stop a decoding check still running (page hidden, app closing)."""
        self._preflight_timer.stop()
        self.preflight.stop()

    def hideEvent(self, event) -> None:
        """No decoding in the background once the page is left."""
        self.stop_preflight()
        super().hideEvent(event)

    # ------------------------------------------------------------------ the length
    def _playlist_chosen(self, check: bool = True) -> None:
        """A playlist prepared for 60 minutes makes the infusion 60 minutes.

        The start checks run now when chosen here (``check``); chosen on Prepare, when
        this page is next shown.
        """
        playlist = self.selected_playlist()
        if playlist is not None:
            self.length.set(playlist.target_minutes)
        self._show_arc()
        self._ask_about_length()
        if check:
            self.run_preflight()

    def _length_changed(self, minutes: int) -> None:
        self.form.show_length(minutes)
        self._show_arc()
        self.preflight.set_length(self.selected_playlist(), minutes)
        self._label_start()
        self._ask_about_length()

    def _show_arc(self) -> None:
        """The arc over the length; only a playlist with fresh piano follows it (arc_strip)."""
        self.form.show_arc(str(self._settings.get("arc")), self.length.minutes,
                           piano_span(self.selected_playlist(), self.preflight.crossfade_s))

    def _keep_length(self) -> None:
        playlist = self.selected_playlist()
        self._kept = (playlist.id if playlist else None, self.length.minutes)
        self._ask_about_length()

    def _ask_about_length(self) -> None:
        """Ask in Start's place while the playlist and the length disagree."""
        self.footer.ask(None if self._service.is_active else self.length_question())

    # ------------------------------------------------------------------ internals
    def _start_or_return(self) -> None:
        if self._service.is_active:
            self.return_to_session()
        else:
            self.start(self.rehearse_mode)

    def _show_running(self, running: bool) -> None:
        """While a session runs, nothing here can start another or change its plan."""
        self.running_note.setVisible(running)
        # The plan and the pre-start checks belong to a session not yet started.
        self.form.setVisible(not running)
        if running:
            self.resume_card.hide()
        self._label_start()
        self._ask_about_length()

    def _label_start(self) -> None:
        """Start says the length it starts: "Start · 60 min"."""
        self.footer.show_state(self.length.minutes, self._service.is_active, self.rehearse_mode)

    def _show_resume_card(self) -> None:
        record = self._interrupted
        if record is None:
            self.resume_card.hide()
            return
        self.resume_card.offer(record, self._service.can_resume(record))

    def _open_calm(self) -> None:
        # Loaded at the first Start (a few ms), not before the page's first frame.
        from ketacompanion.ui.calm_mode import CalmWindow
        from ketacompanion.ui.crisis_panel import CrisisPanel, CrisisWords

        self.calm = CalmWindow(self._service, self._clock,
                               still=self._settings.get("calm_motion") == "still",
                               marker_on_click=bool(self._settings.get("marker_on_click")),
                               crisis=CrisisPanel(CrisisWords(self._settings), choose=False))
        self._show_running(True)
        self._show_calm()

    def _show_calm(self) -> None:
        assert self.calm is not None
        self.calm.showFullScreen()
        self.calm.activateWindow()
        self.calm.setFocus()

    def _session_over(self, _session_id: int) -> None:
        if self.calm is not None:
            self.calm.hide()
            self.calm.deleteLater()
            self.calm = None
        self._show_running(False)
        if self.isVisible():
            self.refresh()
