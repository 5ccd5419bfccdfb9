"""SIGKILL while typing: once the autosave interval has passed, the restart has every word."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from ketacompanion.app import build
from ketacompanion.paths import DataPaths
from ketacompanion.services.notes import MAX_WAIT_MS, PAUSE_MS
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("typing_driver.py")
FIRST = "A grey velvet drape, then a green swamp"
SECOND = "my arms felt far away; purple and white light"


def test_killed_while_typing_the_restart_offers_the_exact_text(qapp, data_dir):
    assert max(PAUSE_MS, MAX_WAIT_MS) <= 2000  # the promise this test holds the app to
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(DRIVER), str(data_dir), FIRST, SECOND],
                             env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.startswith("typed "), line
        session_id = int(line.split()[1])
        time.sleep(2.0)  # the autosave interval, and not a moment more
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()

    companion = build(QApplication.instance(), data_dir)  # the next start
    try:
        page = companion.notes.note_page
        assert page.session_id == session_id  # offered back without being asked
        assert page.findChild(QPlainTextEdit, "noteEditor").toPlainText() == \
            f"{FIRST}\n{SECOND}"
        banner = page.findChild(QLabel, "bannerText").text()
        assert "What you were writing when the app last closed unexpectedly" in banner
        assert companion.notes.journal.note(session_id) == ""  # not yet in the journal...
    finally:
        companion.close()
    # ...until the person leaves the note or closes the app: then it is kept for good.
    paths = DataPaths(data_dir)
    database = Database.open(paths.database)
    try:
        journal = JournalRepository(database, paths.recordings)
        assert journal.note(session_id) == f"{FIRST}\n{SECOND}"
    finally:
        database.close()
    assert not list(paths.drafts.glob("note-*.json"))
