"""The one place where objects are built and wired.

paths -> logging -> settings -> database -> services -> window. Nothing else in
the package constructs services or reaches for globals; everything gets what it
needs through its constructor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ketacompanion import __version__
from ketacompanion.core.file_seal import FileSeal
from ketacompanion.core.session_clock import Clock, SystemClock
from ketacompanion.diagnostics import ExceptionGuard, setup_logging
from ketacompanion.lazy_audio import (
    LazyAudio,
    LazyLevels,
    LazyPreviewer,
    file_problems,
    undecodable_items,
)
from ketacompanion.paths import DataPaths, assets_dir, make_private
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.infusion_length import InfusionLength
from ketacompanion.services.wal_scrubber import WalScrubber
from ketacompanion.settings import SettingsFile, user_settings, window_state
from ketacompanion.storage.database import Database, DatabaseError
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.storage.ready_made import seed_ready_made
from ketacompanion.storage.session_files import left_behind
from ketacompanion.ui.main_window import MainWindow, PageSpec
from ketacompanion.ui.theme import apply_theme

if TYPE_CHECKING:
    from ketacompanion.core.keychain import DataKey
    from ketacompanion.services.notes import NoteDrafts
    from ketacompanion.services.session import SessionService
    from ketacompanion.services.take_bin import TakeBin
    from ketacompanion.services.takes import TakeStore
    from ketacompanion.services.transcription import TranscriptionService
    from ketacompanion.storage.journal import JournalRepository, VoiceTake
    from ketacompanion.ui.journal_page import JournalPage
    from ketacompanion.ui.note_page import NotePage
    from ketacompanion.ui.prepare_page import PreparePage
    from ketacompanion.ui.session_page import SessionPage

log = logging.getLogger(__name__)

RESUME_TRANSCRIPTION_MS = 1500  # after the first paint, before the person needs the words
WATCH_SLEEP_MS = 3000  # the system bus (QtDBus) is opened after the first paint
OFFER_LOOKBACK_DAYS = 6  # core.integration's last day (3), with days to spare for time zones

# Asked for the journal's key when it is protected: returns it, or None when the
# person closes instead (the UI's unlock screen; the CLI's prompt).
Unlocker = Callable[[], "DataKey | None"]


class JournalLockedError(DatabaseError):
    """The journal is protected and no way to unlock it was given."""


class UnlockCancelled(Exception):
    """The person closed the unlock screen: the app closes, the journal untouched."""


def journal_key(paths: DataPaths, unlock: Unlocker | None) -> DataKey | None:
    """The key a protected journal opens with; None for a plain one (nothing loaded).

    A conversion a kill left half done is settled first (storage.vault.settle).

    Raises:
        JournalLockedError: Protected, and ``unlock`` is None.
        UnlockCancelled: ``unlock`` returned None.
    """
    from ketacompanion.storage.vault import VaultStatus, vault_status

    if vault_status(paths) is VaultStatus.PLAIN:
        return None
    if unlock is None:
        raise JournalLockedError(
            "This journal is protected by a passphrase, and this window has no way to ask "
            "for it. Nothing has been changed. The command line can open it (for example "
            "'ketacompanion export --out FOLDER').")
    key = unlock()
    if key is None:
        raise UnlockCancelled()
    return key


class Notes:
    """The notes and journal parts (issue 6), each built the first time it is wanted.

    An ordinary start needs none of them before its first frame, so their modules
    (the journal's repository, drafts, takes, transcription) load only then: when
    a page needs them, or when a crash left something to recover at start-up.

    Args:
        database: The open journal.
        paths: The data folder (drafts and recordings live there).
        seal: Seals drafts and takes as they are written (a protected journal's).
        audio: The voice recorder and take player, built on first use.
    """

    window: MainWindow  # set once made: it is made after its pages' makers

    def __init__(self, database: Database, paths: DataPaths, seal: FileSeal,
                 audio: LazyAudio) -> None:
        self.database = database
        self.paths = paths
        self.seal = seal  # a protected journal's drafts and takes are sealed as written
        self.audio = audio

    @cached_property
    def journal(self) -> JournalRepository:
        """Sessions, notes and takes as the journal keeps them."""
        from ketacompanion.storage.journal import JournalRepository

        return JournalRepository(self.database, self.paths.recordings, self.paths.drafts)

    @cached_property
    def drafts(self) -> NoteDrafts:
        """The note being written, autosaved as a draft until committed."""
        from ketacompanion.services.notes import NoteDrafts

        return NoteDrafts(self.journal, self.paths.drafts, seal=self.seal)

    @cached_property
    def takes(self) -> TakeStore:
        """Voice takes on disk."""
        from ketacompanion.services.takes import TakeStore

        return TakeStore(self.journal, self.paths.recordings, self.paths.drafts,
                         seal=self.seal)

    @cached_property
    def take_bin(self) -> TakeBin:
        """Takes removed with an undo, deleted for good at the end."""
        from ketacompanion.services.take_bin import TakeBin

        return TakeBin(self.takes)

    @cached_property
    def transcription(self) -> TranscriptionService:
        """Voice takes to words (the engine and its model load on the first take)."""
        from ketacompanion.services.transcription import TranscriptionService
        from ketacompanion.storage.transcripts import TranscriptRepository

        return TranscriptionService(TranscriptRepository(self.database, self.paths.recordings),
                                    seal=self.seal)

    @property
    def note_page(self) -> NotePage:
        """The note page (built now if it was not yet)."""
        return self.window.page("note")

    @property
    def journal_page(self) -> JournalPage:
        """The Journal page (built now if it was not yet)."""
        return self.window.page("journal")

    def unsaved_note(self) -> str | None:
        """Commit the note being written; its text if it could not be saved anywhere."""
        if not self._built("drafts"):
            return None  # no note was opened: nothing to commit
        return self.drafts.unsaved_after_commit()

    def close(self) -> None:
        """Stop a recording, commit the note being written, apply confirmed deletions."""
        note_page = self.window.built_page("note")
        if note_page is not None:
            note_page.leave()
        if self._built("drafts"):
            self.drafts.close()
        if self._built("transcription"):
            self.transcription.shutdown()  # what is left stays queued for the next start
        journal_page = self.window.built_page("journal")
        if journal_page is not None:
            journal_page.purge_deleted()
        if self._built("take_bin"):
            self.take_bin.purge()

    def _built(self, part: str) -> bool:
        return part in self.__dict__  # where cached_property keeps what it built


@dataclass
class Companion:
    """Everything the running app is made of, so it can be closed in order."""

    paths: DataPaths
    settings: SettingsFile
    window_state: SettingsFile
    database: Database
    window: MainWindow
    guard: ExceptionGuard
    notes: Notes | None = field(default=None)
    previewer: LazyPreviewer | None = field(default=None)  # the sound output, opened on use
    levels: LazyLevels | None = field(default=None)  # the loudness worker, started on use
    scrubber: WalScrubber | None = field(default=None)  # empties the WAL as saves settle

    def bring_forward(self) -> None:
        """Bring the app to the front: calm mode while a session runs in it, else the window."""
        session = self.window.built_page("session")
        if session is not None and getattr(session, "calm", None) is not None:
            session.return_to_session()
            return
        _bring_forward(self.window)

    def close(self) -> None:
        """Close the window and the database; restore the exception hook.

        Each step runs even if an earlier one fails: the database must be closed
        (and its WAL checkpointed) whatever happened to the note being saved.
        """
        try:
            if self.notes is not None:
                self.notes.close()
        except Exception:  # drafts on disk still hold the note
            log.exception("closing the notes failed")
        finally:
            # Closing for good (the app is quitting): the note has had its last chance
            # above, and the window's question about it was asked when it was closed.
            self.window.set_unsaved_note_check(None)
            if self.previewer is not None:
                # The player's timer polls SDL's one mixer: left running it would go on
                # driving the sound output after the app it belongs to has closed.
                self.previewer.shutdown()
            self.window.close()
            # Delete the window now, at a known point: left to Python's garbage collector,
            # a window can be freed midway through Qt code (a style sheet change) and crash.
            self.window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            if self.levels is not None:
                self.levels.close()  # its own connection: closed before the database
            if self.scrubber is not None:
                self.scrubber.stop()  # the close below empties the WAL itself
                _disconnect(QApplication.instance(), self.scrubber)
            self.database.close()
            self.guard.uninstall()


def build(app: QApplication, data_root: Path, rehearse: bool = False,
          clock: Clock | None = None, unlock: Unlocker | None = None) -> Companion:
    """Build and wire the whole app around the data folder ``data_root``.

    With ``rehearse``, the Session page opens ready for a rehearsal. ``clock`` is
    the session's time (the system's unless a test passes a fake one). ``unlock``
    is asked for the key when the journal is protected (see :func:`journal_key`).

    Raises:
        DatabaseError: The database is from a newer version, damaged or unreadable.
        JournalLockedError: The journal is protected and ``unlock`` is None.
        UnlockCancelled: The person closed the unlock screen.
    """
    paths = DataPaths(data_root).ensure()
    setup_logging(paths.logs)
    guard_signal_refcount_leak()
    log.info("ketacompanion %s starting", __version__)
    settings = user_settings(paths.settings)
    state = window_state(paths.window_state)
    themes = assets_dir() / "themes"
    apply_theme(app, themes, settings.get("theme"))  # before any question about the journal
    key = journal_key(paths, unlock)
    database = Database.open(paths.database, key=key)
    make_private(paths.database)
    # Removed words leave the WAL once saves settle, or at once when the app steps back.
    scrubber = WalScrubber(database)
    app.applicationStateChanged.connect(scrubber.application_state)

    playlists = PlaylistRepository(database)
    seed_ready_made(playlists, assets_dir() / "audio")
    # The blend between pieces: the Prepare page's fit and the player read the one setting.
    # One loudness for every item: files measured in the background, kept in the database.
    levels = LazyLevels(paths.database, key)
    previewer = LazyPreviewer(crossfade=lambda: float(settings.get("crossfade_s")),
                              levels=levels.get)
    app.aboutToQuit.connect(previewer.shutdown)
    app.aboutToQuit.connect(levels.close)
    # A protected journal's drafts and takes are sealed as they are written.
    seal = FileSeal.for_data_key(key)
    notes = Notes(database, paths, seal, LazyAudio(seal if seal.on else None))
    # The infusion length is one fact of the plan: Prepare and Session share this one.
    length = InfusionLength(settings.get("infusion_minutes"),
                            lambda minutes: settings.set("infusion_minutes", minutes))
    maker = _PageMaker(app, database, playlists, settings, previewer, notes,
                       clock or SystemClock(), rehearse, length, levels=levels)
    window = MainWindow(
        [
            PageSpec("prepare", "Prepare", maker.prepare_page),
            PageSpec("session", "Session", maker.session_page),
            PageSpec("journal", "Journal", maker.journal_page),
            PageSpec("note", "Note", maker.note_page, in_sidebar=False),
        ],
        state,
        settings.get("theme"),
    )
    maker.window = notes.window = window
    # Sound problems reach the notice whichever page is open (or was ever built).
    previewer.error.connect(window.notice.show_message)
    window.set_unsaved_note_check(notes.unsaved_note)

    def change_theme(name: str) -> None:
        if apply_theme(app, themes, name):
            settings.set("theme", name)
            window.set_theme_label(name)

    window.theme_requested.connect(change_theme)
    if rehearse:
        window.show_page("session")
    guard = ExceptionGuard(window.notice.show_message)
    guard.install()
    _offer_recovered_notes(notes)
    maker.offer = None if rehearse else _offer_integration(window, maker)
    QTimer.singleShot(WATCH_SLEEP_MS, window, scrubber.watch_sleep)  # not once closed
    return Companion(paths, settings, state, database, window, guard, notes, previewer, levels,
                     scrubber)


@dataclass
class _PageMaker:
    """Builds each page, with its services, the first time the window shows it.

    A page's module is imported here too, so a page never visited costs neither
    import time nor memory.
    """

    app: QApplication
    database: Database
    playlists: PlaylistRepository
    settings: SettingsFile
    previewer: LazyPreviewer
    notes: Notes
    clock: Clock
    rehearse: bool
    length: InfusionLength
    levels: LazyLevels | None = None
    window: MainWindow | None = None  # set once made; pages reach others through it
    session_service: SessionService | None = None  # set once the Session page is made
    offer: QWidget | None = None  # "Would you like to add to Tuesday's note?", if shown
    chosen_playlist: int | None = None  # the playlist last chosen on Prepare, for the session

    def prepare_page(self, parent: QWidget | None = None) -> PreparePage:
        """The Prepare page."""
        from ketacompanion.ui.playlist_library_state import LibraryState
        from ketacompanion.ui.prepare_page import PreparePage

        settings = self.settings
        page = PreparePage(LibraryState(self.playlists, assets_dir() / "audio"), self.previewer,
                           check_files=(self.levels.checking(file_problems) if self.levels
                                        else file_problems), length=self.length,
                           crossfade_s=float(settings.get("crossfade_s")), parent=parent)
        page.crossfade_changed.connect(lambda seconds: settings.set("crossfade_s", seconds))
        # The arc chosen on the Session page; read as the timeline paints, so it follows.
        page.fit_panel.timeline.arc_source = lambda: str(settings.get("arc"))
        page.playlist_chosen.connect(self._playlist_chosen)
        return page

    def session_page(self, parent: QWidget | None = None) -> SessionPage:
        """The Session page and the session service behind it."""
        from ketacompanion.services.keep_awake import KeepAwake
        from ketacompanion.services.session import SessionService
        from ketacompanion.storage.sessions import SessionRepository
        from ketacompanion.ui.session_page import SessionPage

        keep_awake = KeepAwake()
        service = SessionService(SessionRepository(self.database), self.previewer.player,
                                 keep_awake, self.clock, bundled_audio=assets_dir() / "audio")
        self.app.aboutToQuit.connect(service.shutdown)
        self.session_service = service
        # The offer to add to a note never stays up once a session begins.
        service.phase_changed.connect(lambda _phase: self._hide_offer_in_session())
        self.previewer.hold_during(lambda: service.is_active)
        page = SessionPage(
            service, self.playlists, self.settings, self.clock, keep_awake,
            headphone_check=lambda: self.previewer.player().headphone_check(),
            audio_opens=self.previewer.check_output,
            check_items=undecodable_items, rehearse=self.rehearse, length=self.length,
            parent=parent,
        )

        service.ready_for_note.connect(self._note_after_session)
        if self.chosen_playlist is not None:
            page.choose_playlist(self.chosen_playlist)
        return page

    def journal_page(self, parent: QWidget | None = None) -> JournalPage:
        """The Journal page."""
        from ketacompanion.storage.course import CourseRepository
        from ketacompanion.ui.course_card import CourseCard
        from ketacompanion.ui.crisis_panel import CrisisWords
        from ketacompanion.ui.journal_page import JournalPage

        words = CrisisWords(self.settings)
        card = CourseCard(CourseRepository(self.database), self.settings, self.now,
                          self.session_running, words.text)
        notes = self.notes
        page = JournalPage(
            notes.journal, notes.audio.take_player, self._open_note,
            crisis_words=words, take_bin=notes.take_bin, course_card=card,
            transcription=cast("TranscriptionService", _OnFirstUse(lambda: notes.transcription)),
            previewer=self.previewer, seal=notes.seal, parent=parent)
        card.plan_changed.connect(page.refresh)  # "Session 3" becomes "Infusion 3 of 6"
        return page

    def _hide_offer_in_session(self) -> None:
        if self.offer is not None and self.session_running():
            self.offer.hide()

    def now(self) -> datetime:
        """The wall time of the app's clock (a fake one in tests)."""
        return datetime.fromtimestamp(self.clock.wall(), UTC)

    def session_running(self) -> bool:
        """True while a session (or rehearsal) is under way."""
        return self.session_service is not None and self.session_service.is_active

    def note_page(self, parent: QWidget | None = None) -> NotePage:
        """The note page, reached after a session or from the Journal."""
        from ketacompanion.ui.crisis_panel import CrisisPanel, CrisisWords
        from ketacompanion.ui.note_page import NotePage

        settings, notes = self.settings, self.notes
        return NotePage(notes.journal, notes.drafts, notes.takes, notes.audio.recorder,
                        notes.audio.take_player, settings.get("integration_prompts"),
                        save_prompts=lambda prompts: settings.set("integration_prompts", prompts),
                        take_bin=notes.take_bin, crisis=CrisisPanel(CrisisWords(settings)),
                        transcription=notes.transcription, parent=parent)

    def _playlist_chosen(self, playlist_id: int) -> None:
        """The playlist chosen on Prepare is the one the Session page offers to start."""
        self.chosen_playlist = playlist_id
        assert self.window is not None
        session = self.window.built_page("session")
        if session is not None:
            session.choose_playlist(playlist_id)

    def _open_note(self, session_id: int) -> None:
        assert self.window is not None
        page = self.window.page("note")
        page.set_prompts(self.settings.get("integration_prompts"))
        page.open_session(session_id)

    def open_note_days_after(self, session_id: int) -> None:
        """Open a note with the questions for the days after an infusion."""
        from ketacompanion.core.integration import DAYS_AFTER_QUESTIONS

        assert self.window is not None
        page = self.window.page("note")
        page.set_prompts(DAYS_AFTER_QUESTIONS)
        page.open_session(session_id)

    def _note_after_session(self, session_id: int) -> None:
        assert self.window is not None
        self.window.page("note").open_session(session_id, just_ended=True)
        _bring_forward(self.window)


class _OnFirstUse:
    """Stands for a part that is built when first used, e.g. the Journal's transcription.

    A Journal without a voice note in view never uses its transcription, so the
    service's modules (and the speech engine's checks) wait until a card shows a
    take's words: not before the first frame of most journals.

    Args:
        build: Returns the part (built on the first call, the same one after).
    """

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build

    def __getattr__(self, name: str) -> object:
        return getattr(self._build(), name)


def _offer_recovered_notes(notes: Notes) -> None:
    """After a crash, bring back interrupted recordings and uncommitted drafts.

    The newest draft comes back on the note page. Only one note can be open, so the
    other sessions' drafts go into their notes now, as leaving each note would have
    done: the Journal, its search and the export then hold those words too. When
    nothing was left behind (the usual start), the recovery code is not even loaded.
    """
    paths = notes.paths
    recovered = _recover(notes) if left_behind(paths.drafts, paths.recordings) else []

    def resume() -> None:
        # A kill or a quit during transcription: redone, once the window is painted
        # (the engine's import, and the service's own, would hold it back otherwise).
        # A recovered take was just stopped: it is transcribed as any other.
        service = notes.transcription
        for take in recovered:
            service.request(take)
        service.resume()

    QTimer.singleShot(RESUME_TRANSCRIPTION_MS, notes.window, resume)  # not once closed


def _recover(notes: Notes) -> list[VoiceTake]:
    """Recover what a crash left in drafts and recordings; the takes kept from it."""
    from ketacompanion.services.draft_writes import settle_unfinished_writes

    notes.takes.clear_unfinished_copies()  # before recover() writes its own
    recovered = notes.takes.recover()
    # A kill cut a save short:
    settle_unfinished_writes(notes.journal, notes.drafts.folder, notes.drafts.seal)
    if notes.takes.set_aside:
        notes.window.notice.show_message(unreadable_takes_line(
            len(notes.takes.set_aside), notes.takes.set_aside[0].parent))
    drafts = notes.drafts.recoverable()
    session = drafts[0].session_id if drafts else (recovered[-1].session_id if recovered else None)
    kept = notes.drafts.commit_drafts(d for d in drafts if d.session_id != session)
    if session is not None:
        notes.note_page.open_session(session)
        notes.note_page.show_recovered_takes(sum(t.session_id == session for t in recovered))
        notes.note_page.show_other_drafts(kept)
    return recovered


def unreadable_takes_line(count: int, folder: Path) -> str:
    """The quiet line saying that recordings start-up could not read were kept aside."""
    if count == 1:
        return f"One recording could not be read; it was kept aside in {folder}."
    return f"{count} recordings could not be read; they were kept aside in {folder}."


def _offer_integration(window: MainWindow, maker: _PageMaker) -> QWidget | None:
    """A day to three after an infusion, offer once to add to its note (never mid-session).

    Not when a session was interrupted: resuming it, or its note, comes first.
    """
    from ketacompanion.storage.course import CourseRepository

    course = CourseRepository(maker.database)
    now = maker.now()
    # An offer is due only for a session 1-3 local days old: with days to spare for
    # time zones, most starts learn from one query that none is (and load no more).
    if not course.offer_may_be_due(now - timedelta(days=OFFER_LOOKBACK_DAYS)):
        return None
    from ketacompanion.core.integration import offer_text, session_to_offer

    # Only the latest real session can be offered; reading all of them costs 40 ms at 10,000.
    chosen = session_to_offer(course.latest_real_starts(), course.offered_ids(), now)
    if chosen is None:
        return None  # most starts: the sessions' own module need not load before the frame
    from ketacompanion.storage.sessions import SessionRepository

    if SessionRepository(maker.database).find_interrupted() is not None:
        return None
    from ketacompanion.ui.integration_offer import IntegrationOffer  # only when it is offered

    offer = IntegrationOffer()
    window.add_top_line(offer)
    offer.offer(chosen.session_id, offer_text(chosen))
    course.mark_offered(chosen.session_id, now)
    offer.accepted.connect(maker.open_note_days_after)
    return offer


def _disconnect(app: object, scrubber: WalScrubber) -> None:
    """Stop telling a closed companion's scrubber of the app's state (a lock reopens one)."""
    if isinstance(app, QApplication):
        try:
            app.applicationStateChanged.disconnect(scrubber.application_state)
        except (RuntimeError, TypeError):  # never connected (a test built it by hand)
            pass


def _bring_forward(window: MainWindow) -> None:
    """After recovery the note page is current; bring the window back in front.

    It may have been minimised or closed behind calm mode: show it again either way.
    """
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
