"""The one place where objects are built and wired.

paths -> logging -> settings -> database -> services -> window. Nothing else in
the package constructs services or reaches for globals; everything gets what it
needs through its constructor.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from ketacompanion import __version__
from ketacompanion.core.models import FileItem, PlaylistItem
from ketacompanion.core.session_clock import Clock, SystemClock
from ketacompanion.diagnostics import ExceptionGuard, setup_logging
from ketacompanion.paths import DataPaths, assets_dir, make_private
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.notes import NoteDrafts
from ketacompanion.services.session import SessionService
from ketacompanion.services.take_bin import TakeBin
from ketacompanion.services.takes import TakeStore
from ketacompanion.settings import SettingsFile, user_settings, window_state
from ketacompanion.storage.database import Database, DatabaseError
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.storage.ready_made import seed_ready_made
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.audio_messages import plain_audio_message
from ketacompanion.ui.journal_page import JournalPage
from ketacompanion.ui.main_window import MainWindow
from ketacompanion.ui.note_page import NotePage
from ketacompanion.ui.playlist_library_state import LibraryState
from ketacompanion.ui.prepare_page import PreparePage
from ketacompanion.ui.session_page import SessionPage
from ketacompanion.ui.theme import apply_theme

log = logging.getLogger(__name__)


class LazyAudio:
    """Builds the voice recorder and take player on first use.

    pygame loads only when a voice note is first recorded or played, which
    keeps it out of the GUI start-up (and out of app.py's imports).
    """

    def __init__(self) -> None:
        self._recorder: Any = None
        self._player: Any = None

    def recorder(self) -> Any:
        """The one audio.recorder.Recorder."""
        if self._recorder is None:
            self._recorder = importlib.import_module("ketacompanion.audio.recorder").Recorder()
        return self._recorder

    def take_player(self) -> Any:
        """The one audio.take_player.TakePlayer."""
        if self._player is None:
            module = importlib.import_module("ketacompanion.audio.take_player")
            self._player = module.TakePlayer()
        return self._player


@dataclass
class Notes:
    """The notes and journal parts (issue 6)."""

    journal: JournalRepository
    drafts: NoteDrafts
    takes: TakeStore
    note_page: NotePage
    journal_page: JournalPage
    audio: LazyAudio
    take_bin: TakeBin

    def close(self) -> None:
        """Stop a recording, commit the note being written, apply confirmed deletions."""
        self.note_page.leave()
        self.drafts.close()
        self.journal_page.purge_deleted()
        self.take_bin.purge()


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

    def close(self) -> None:
        """Close the window and the database; restore the exception hook.

        Each step runs even if an earlier one fails: the database must be closed
        (and its WAL checkpointed) whatever happened to the note being saved.
        """
        try:
            if self.notes is not None:
                self.notes.close()
        except Exception:  # noqa: BLE001 - drafts on disk still hold the note
            log.exception("closing the notes failed")
        finally:
            self.window.close()
            # Delete the window now, at a known point: left to Python's garbage collector,
            # a window can be freed midway through Qt code (a style sheet change) and crash.
            self.window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self.database.close()
            self.guard.uninstall()


def build(app: QApplication, data_root: Path, rehearse: bool = False,
          clock: Clock | None = None) -> Companion:
    """Build and wire the whole app around the data folder ``data_root``.

    With ``rehearse``, the Session page opens ready for a rehearsal. ``clock`` is
    the session's time (the system's unless a test passes a fake one).

    Raises:
        DatabaseError: The database is from a newer version, damaged or unreadable.
    """
    paths = DataPaths(data_root).ensure()
    setup_logging(paths.logs)
    guard_signal_refcount_leak()
    log.info("ketacompanion %s starting", __version__)
    settings = user_settings(paths.settings)
    state = window_state(paths.window_state)
    database = Database.open(paths.database)
    make_private(paths.database)

    themes = assets_dir() / "themes"
    apply_theme(app, themes, settings.get("theme"))
    playlists = PlaylistRepository(database)
    seed_ready_made(playlists, assets_dir() / "audio")
    previewer = LazyPreviewer()
    app.aboutToQuit.connect(previewer.shutdown)
    prepare = PreparePage(LibraryState(playlists, assets_dir() / "audio"), previewer,
                          check_files=_file_problems)
    clock, keep_awake = clock or SystemClock(), KeepAwake()
    session = SessionService(SessionRepository(database), previewer.player, keep_awake, clock)
    app.aboutToQuit.connect(session.shutdown)
    session_page = SessionPage(
        session, playlists, settings, clock, keep_awake,
        headphone_check=lambda: previewer.player().headphone_check(),
        audio_opens=previewer.check_output,
        check_items=_undecodable_items, rehearse=rehearse,
    )
    journal = JournalRepository(database, paths.recordings)
    drafts = NoteDrafts(journal, paths.drafts)
    takes = TakeStore(journal, paths.recordings, paths.drafts)
    audio = LazyAudio()
    take_bin = TakeBin(takes)
    note_page = NotePage(journal, drafts, takes, audio.recorder, audio.take_player,
                         settings.get("integration_prompts"),
                         save_prompts=lambda p: settings.set("integration_prompts", p),
                         take_bin=take_bin)
    journal_page = JournalPage(journal, audio.take_player, note_page.open_session,
                               lambda: settings.get("crisis_text"),
                               save_crisis_text=lambda t: settings.set("crisis_text", t),
                               take_bin=take_bin)
    window = MainWindow(
        [prepare, session_page, journal_page, note_page],
        state,
        settings.get("theme"),
    )
    notes = Notes(journal, drafts, takes, note_page, journal_page, audio, take_bin)

    def change_theme(name: str) -> None:
        if apply_theme(app, themes, name):
            settings.set("theme", name)
            window.set_theme_label(name)

    window.theme_requested.connect(change_theme)
    prepare.message.connect(window.notice.show_message)
    journal_page.message.connect(window.notice.show_message)
    session.ready_for_note.connect(note_page.open_session)
    session.ready_for_note.connect(lambda _session_id: _bring_forward(window))
    if rehearse:
        window.show_page("session")
    guard = ExceptionGuard(window.notice.show_message)
    guard.install()
    _offer_recovered_notes(notes)
    return Companion(paths, settings, state, database, window, guard, notes)


def _offer_recovered_notes(notes: Notes) -> None:
    """After a crash, bring back interrupted recordings and uncommitted drafts."""
    recovered = notes.takes.recover()
    drafts = notes.drafts.recoverable()
    session = drafts[0].session_id if drafts else (recovered[-1].session_id if recovered else None)
    if session is not None:
        notes.note_page.open_session(session)
        notes.note_page.show_recovered_takes(sum(t.session_id == session for t in recovered))


class LazyPreviewer(QObject):
    """Builds the audio engine's PlayerService on the first preview.

    pygame then loads only when sound is first wanted, which keeps it out of the
    GUI start-up (and out of app.py's imports). The player's messages reach the
    screen in plain words (the raw ones are logged).
    """

    error = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._player: Any = None
        self._quiet = False

    def player(self) -> Any:
        """The one audio.player.PlayerService."""
        if self._player is None:
            module = importlib.import_module("ketacompanion.audio.player")
            self._player = module.PlayerService(parent=self)
            self._player.error.connect(self._say)
        return self._player

    def check_output(self) -> bool:
        """Open the sound output for preflight; True if it works (preflight says so, no notice)."""
        self._quiet = True
        try:
            return bool(self.player().open())
        finally:
            self._quiet = False

    def preview(self, item: PlaylistItem, seconds: float = 15.0, volume: float = 0.3) -> None:
        """Play ``item`` quietly for about ``seconds``, with fades."""
        self.player().preview(item, seconds, volume)

    def stop(self, fade_s: float | None = None) -> None:
        """Fade out whatever plays."""
        if self._player is not None:
            self._player.stop(fade_s)

    def shutdown(self) -> None:
        """Close the sound device, if it was opened."""
        if self._player is not None:
            self._player.shutdown()

    def _say(self, raw: str) -> None:
        message = plain_audio_message(raw)
        if not self._quiet:
            self.error.emit(message)


def _bring_forward(window: MainWindow) -> None:
    """After recovery the note page is current; bring the window back in front.

    It may have been minimised or closed behind calm mode: show it again either way.
    """
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def _undecodable_items(items: list[PlaylistItem], should_stop: Callable[[], bool]) -> list[str]:
    """Messages for the items that will not play (decoded in a worker thread)."""
    preflight = importlib.import_module("ketacompanion.audio.preflight")
    return [p.message for p in preflight.preflight(items, should_stop=should_stop)]


def _file_problems(paths: list[str], should_stop: Callable[[], bool]) -> dict[str, str]:
    """{path: why it will not play} for the files that fail to decode (in a worker thread)."""
    preflight = importlib.import_module("ketacompanion.audio.preflight")
    found = preflight.preflight([FileItem(path) for path in paths], should_stop=should_stop)
    return {problem.item.path: problem.message for problem in found}


class _FirstPaint(QObject):
    """Quits the app right after the window's first paint (for start-up benchmarks)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("first-paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_gui(data_root: Path, exit_after_paint: bool = False, rehearse: bool = False) -> int:
    """Start the GUI and run until the window closes.

    Returns:
        The process exit code.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ketacompanion")
    app.setApplicationVersion(__version__)
    try:
        companion = build(app, data_root, rehearse)
    except DatabaseError as exc:
        log.error("database refused: %s", exc)
        print(f"ketacompanion: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "ketacompanion cannot open your journal", str(exc))
        return 1
    painter = _FirstPaint()
    if exit_after_paint:
        companion.window.installEventFilter(painter)
    companion.window.show()
    code = app.exec()
    companion.close()
    log.info("ketacompanion closed with code %d", code)
    return code
