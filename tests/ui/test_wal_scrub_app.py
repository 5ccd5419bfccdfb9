"""The running app empties its WAL when the person steps away, not only when it closes.

A note rewritten on the note page is committed when the page is left; its old
words then stay in the database file's old pages (and in the WAL, for an older
change) until a checkpoint copies the new pages over them. The app's
scrubber (built in app.py) empties it once saves settle, and at once when the app
stops being the active one (another window, the screen locker before sleep). The
test reads the raw bytes of both files; the clock is not waited for.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ketacompanion.services.wal_scrubber import SETTLE_S
from tests import builders

SECRET = "quetzalsecret"


def _holders(path: Path) -> list[str]:
    wal = path.with_name(path.name + "-wal")
    files = {"main": path.read_bytes(), "wal": wal.read_bytes() if wal.exists() else b""}
    return [name for name, data in files.items() if SECRET.encode() in data]


def _step_away(app: QApplication, state: Qt.ApplicationState) -> None:
    app.applicationStateChanged.emit(state)


def test_a_rewritten_notes_old_words_leave_the_wal_when_the_app_steps_back(qtbot, companion):
    app = QApplication.instance()
    window, page, path = companion.window, companion.notes.note_page, companion.paths.database
    window.show()
    sid = builders.add_session(companion.database, note=f"my {SECRET} words " * 30)
    _step_away(app, Qt.ApplicationState.ApplicationInactive)
    assert _holders(path) == ["main"]  # the note as saved, and nothing waiting
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    editor.selectAll()
    qtbot.keyClicks(editor, "only fern words now")
    window.show_page("journal")  # leaving the page commits the note
    assert companion.notes.journal.note(sid) == "only fern words now"
    # The save did not wait for a checkpoint: the file's old pages still hold the
    # words until the WAL's new ones are copied over them...
    assert _holders(path) == ["main"]
    assert companion.scrubber.timer_ms() == SETTLE_S * 1000  # ...it is due once saves settle
    _step_away(app, Qt.ApplicationState.ApplicationInactive)  # or sooner, if the person goes
    assert _holders(path) == []
    _step_away(app, Qt.ApplicationState.ApplicationActive)


def test_a_closed_companion_hears_no_more_of_the_app(qtbot, data_dir):
    from ketacompanion.app import build

    app = QApplication.instance()
    built = build(app, data_dir)
    scrubber = built.scrubber
    built.close()
    # A lock closes the companion and builds another: the old one's scrubber must not
    # be called on a closed journal (it would only say so, but it is not its to do).
    calls = []
    scrubber.scrub_now = lambda: calls.append(1)  # type: ignore[method-assign]
    _step_away(app, Qt.ApplicationState.ApplicationInactive)
    _step_away(app, Qt.ApplicationState.ApplicationActive)
    assert calls == []
