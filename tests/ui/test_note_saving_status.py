"""The status under the note says what is durable: "Saving…" until the words are on disk.

"Saved as you type" used to show before the draft was written, and words typed a
second before a kill were lost. Now the status reads "Saving…" while any typed
word is only in memory and "Saved" once the draft file (written, fsynced,
renamed) or the journal holds it; the draft is written within a second of a
pause in typing.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from ketacompanion.paths import DataPaths
from ketacompanion.storage.session_files import note_draft
from tests import builders

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("saving_driver.py")
FIRST = "A grey velvet drape, then a green swamp"
SECOND = "my arms felt far away; purple and white light"
SAVING, SAVED = "Saving…", "Saved"


def add_session(companion) -> int:
    return builders.add_session(companion.database)


def on_disk(path: Path) -> str | None:
    """The text the draft file holds now, read back from disk (None: no draft yet)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))["text"]
    except FileNotFoundError:
        return None


def test_saving_until_the_draft_on_disk_holds_the_words_then_saved(qtbot, companion):
    window, page = companion.window, companion.notes.note_page
    window.show()
    sid = add_session(companion)
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    status = page.findChild(QLabel, "saveStatus")
    draft = note_draft(companion.paths.drafts, sid)
    shown: list[str] = []
    untrue: list[tuple[str, str | None]] = []  # kept here: waitUntil would retry an assert

    def words_on_disk(words: str) -> bool:
        text, said = on_disk(draft), status.text()
        shown.append(said)
        # Never "Saved" while the file lacks what is in the editor, never "Saving…" after.
        if said != (SAVED if text == words else SAVING):
            untrue.append((said, text))
        return text == words

    for line in (FIRST, SECOND):
        if editor.toPlainText():
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)
        paused_at, words = time.monotonic(), editor.toPlainText()
        assert status.text() == SAVING
        assert on_disk(draft) != words
        qtbot.waitUntil(lambda words=words: words_on_disk(words), timeout=1000)
        assert time.monotonic() - paused_at < 1.0  # written within a second of the pause
        assert status.text() == SAVED
    assert not untrue and SAVING in shown and shown[-1] == SAVED

    window.show_page("journal")  # leaving commits: the journal holds it, the draft goes
    assert companion.notes.journal.note(sid) == f"{FIRST}\n{SECOND}"
    assert on_disk(draft) is None and status.text() == SAVED


def _run_driver(data_dir: Path, when: str) -> tuple[int, str]:
    """Type FIRST and SECOND in a real app that SIGKILLs itself ``when``; (session, status)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(DRIVER), str(data_dir), when, FIRST, SECOND],
                             env=env, stdout=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while len(lines) < 2 and selector.select(timeout=20):
                line = child.stdout.readline()
                if not line:
                    break
                lines.append(line.rstrip("\n"))
        assert child.wait(20) == -signal.SIGKILL, lines
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert len(lines) == 2 and lines[0].startswith("typed "), lines
    return int(lines[0].split()[1]), lines[1].removeprefix("status ")


def test_killed_the_moment_saved_shows_nothing_is_lost(qapp, data_dir: Path):
    sid, status = _run_driver(data_dir, "saved")
    assert status == SAVED
    assert on_disk(note_draft(DataPaths(data_dir).drafts, sid)) == f"{FIRST}\n{SECOND}"


def test_killed_1_1_s_after_the_last_keystroke_the_words_are_on_disk(qapp, data_dir: Path):
    sid, status = _run_driver(data_dir, "1100")
    assert status == SAVED  # what the person saw...
    assert on_disk(note_draft(DataPaths(data_dir).drafts, sid)) == f"{FIRST}\n{SECOND}"  # held
