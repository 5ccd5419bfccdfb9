"""Starting the window: one per data folder, a journal that cannot be read, the event loop.

``app.build`` makes the whole app; this module stands around it for a real
start. A second start on the same data folder says the app is already open
(two windows writing one journal and two players sounding at once would
confuse anyone, let alone someone groggy). A damaged journal is never a dead
end: the person may start a fresh one, with the damaged file kept beside it,
or close with everything as it was.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QLockFile, QSocketNotifier
from PySide6.QtWidgets import QApplication

from ketacompanion import __version__
from ketacompanion.app import Companion, UnlockCancelled, Unlocker, build
from ketacompanion.journal_door import JournalDoor
from ketacompanion.paths import DataPaths, assets_dir, make_private
from ketacompanion.storage.database import DamagedDatabaseError, DatabaseError, set_aside
from ketacompanion.window_nudge import ForwardWatcher, ask_open_window_forward

log = logging.getLogger(__name__)

LOCK_NAME = "ketacompanion.lock"
ALREADY_OPEN = ("ketacompanion is already open in another window. Look for it in your "
                "taskbar or window list.")
BROUGHT_FORWARD = "ketacompanion is already open: its window is in front of you now."


def hold_data_folder(data_root: Path) -> QLockFile | None:
    """The folder's lock (or an unheld one); None only if another ketacompanion holds it.

    A lock left by a process that has died is stale, and Qt takes it over. A lock
    that cannot be written (a full disk) is no reason to keep the person out: the
    app starts without it, and a full disk is said where saving needs it.
    """
    lock = QLockFile(str(data_root / LOCK_NAME))
    # Qt creates the lock 0666 less the umask (0644 as usual): private from its first
    # byte, the umask is tightened around it. Only start-up runs here, before any thread.
    old_umask = os.umask(0o077)
    try:
        locked = lock.tryLock(200)
    finally:
        os.umask(old_umask)
    if locked:
        make_private(data_root / LOCK_NAME)  # as before, should Qt ever reuse an older file
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    log.warning("data folder lock not taken (%s); starting without it", lock.error().name)
    return lock


def _start_fresh_journal(paths: DataPaths) -> None:
    """Keep the damaged journal, its drafts and its recordings beside a fresh one."""
    import datetime as dt  # rare: on use

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = set_aside(paths.database, stamp)
    # Drafts and recordings are named by session id, and a fresh journal gives the same
    # ids again: deleting its session 1 would delete the old session 1's voice notes.
    for folder in (paths.drafts, paths.recordings):
        if folder.exists():
            folder.rename(paths.root / f"{folder.name}.damaged-{stamp}")
    log.warning("damaged journal kept as %s; a fresh journal starts", kept.name)


def open_companion(app: QApplication, data_root: Path, rehearse: bool = False,
                   unlock: Unlocker | None = None) -> Companion | None:
    """Build the app, or say plainly why the journal cannot be opened (None then).

    A damaged journal is never a dead end: the person may start a fresh one (the
    damaged file is kept beside it) or close the app with everything as it was.
    ``unlock`` is asked for the key of a protected journal (see app.journal_key).
    """
    try:
        try:
            return build(app, data_root, rehearse, unlock=unlock)
        except UnlockCancelled:
            log.info("the journal stays locked; closing")
            return None
        except DamagedDatabaseError as exc:
            log.error("database damaged: %s", exc)
            print(f"ketacompanion: {exc}", file=sys.stderr)
            from ketacompanion.ui.damaged_journal import ask_fresh_journal  # rare: on use

            if not ask_fresh_journal(str(exc)):
                return None
            _start_fresh_journal(DataPaths(data_root))
            return build(app, data_root, rehearse, unlock=unlock)
    except DatabaseError as exc:
        log.error("database refused: %s", exc)
        print(f"ketacompanion: {exc}", file=sys.stderr)
        from PySide6.QtWidgets import QMessageBox  # on use: its enums cost start-up time

        QMessageBox.critical(None, "ketacompanion cannot open your journal", str(exc))
        return None
    except Exception as exc:  # never a silent exit with no window
        log.exception("start-up failed")
        print(f"ketacompanion: could not start ({exc.__class__.__name__}: {exc})",
              file=sys.stderr)
        from PySide6.QtWidgets import QMessageBox  # rare: on use

        QMessageBox.critical(
            None, "ketacompanion could not start",
            "ketacompanion could not start. Nothing has been deleted.\n\n"
            f"The details are in the log in {DataPaths(data_root).logs}; "
            "please send it to whoever helps you with the app.")
        return None


@contextmanager
def quit_on_termination(app: QApplication) -> Iterator[None]:
    """Within the block, SIGTERM or SIGINT leaves the event loop as a normal quit does.

    A logout or a shutdown sends SIGTERM; Python's default would end the process
    on the spot, before the note is committed, the window's place saved or the
    folder's lock let go. The handler itself only wakes Qt's loop (a Python
    handler cannot run while Qt waits), and ``exit`` is used, not ``quit``: a
    shutdown must not wait on calm mode refusing to close or on a question.
    Everything is put back as it was when the block ends. Windows has no such
    signals for a GUI app: nothing changes there.
    """
    if sys.platform == "win32":
        yield
        return
    reader, writer = os.pipe()
    os.set_blocking(reader, False)
    os.set_blocking(writer, False)
    old_fd = signal.set_wakeup_fd(writer)
    numbers = (signal.SIGTERM, signal.SIGINT)
    old_handlers = {n: signal.signal(n, lambda *_: None) for n in numbers}  # the byte wakes Qt
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read)

    def woken() -> None:
        try:
            received = os.read(reader, 64)
        except BlockingIOError:
            return
        if any(n in received for n in numbers):
            log.info("asked to end by signal; closing as after a normal quit")
            app.exit(0)

    notifier.activated.connect(woken)
    try:
        yield
    finally:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(old_fd)
        for number, handler in old_handlers.items():
            signal.signal(number, handler)
        os.close(reader)
        os.close(writer)


def _say_already_open(app: QApplication, paths: DataPaths) -> None:
    """Bring the open window forward and say so, in the person's theme."""
    answered = ask_open_window_forward(paths.root)
    message = BROUGHT_FORWARD if answered else ALREADY_OPEN
    print(f"ketacompanion: {message}", file=sys.stderr)
    from PySide6.QtWidgets import QMessageBox  # rare: on use

    from ketacompanion.settings import user_settings
    from ketacompanion.ui.theme import apply_theme

    apply_theme(app, assets_dir() / "themes", user_settings(paths.settings).get("theme"))
    QMessageBox.information(None, "ketacompanion is already open", message)


def run_gui(data_root: Path, exit_after_paint: bool = False, rehearse: bool = False,
            unlock: Unlocker | None = None) -> int:
    """Start the GUI and run until the window closes.

    ``unlock`` is asked for the key when the journal is protected.

    Returns:
        The process exit code.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("ketacompanion")
    app.setApplicationVersion(__version__)
    paths = DataPaths(data_root).ensure()
    lock = hold_data_folder(paths.root)
    if lock is None:
        _say_already_open(app, paths)
        return 1
    try:
        # The door opens the journal (asking for the passphrase if it is protected) and
        # opens it again after protecting or locking it.
        door = JournalDoor(app, data_root, open_companion, rehearse)
        companion = door.open(unlock)
        if companion is None:
            return 1
        # Kept for the window's life: a second start asks it to come forward.
        forward = ForwardWatcher(paths.root, door.bring_forward)  # noqa: F841
        if exit_after_paint:
            # Only for benchmarks: imported here so an ordinary start does not load it.
            from ketacompanion.first_frame import FirstFinishedFrame

            watcher = FirstFinishedFrame(companion.window)  # noqa: F841 - kept while running
        with quit_on_termination(app):  # closing too: a second signal must not cut it short
            companion.window.show()
            code = app.exec()
            door.close()
        log.info("ketacompanion closed with code %d", code)
        return code
    finally:
        lock.unlock()
