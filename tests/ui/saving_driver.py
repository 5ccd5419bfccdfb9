"""Run by test_note_saving_status.py: the real app types a note, then kills itself.

    python saving_driver.py DATA_DIR WHEN LINE [LINE ...]

Builds the app as app.py does on DATA_DIR, adds a session, opens its note and
types the lines into the editor with QTest (real key events), one Return
between them, and prints ``typed <session id>``. Then it keeps the event loop
running (the autosave timers fire) and sends itself SIGKILL: with WHEN
``saved``, the moment the status under the note reads "Saved"; with WHEN a
number, that many milliseconds after the last keystroke. Just before, it
prints ``status <what the status said>``.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from ketacompanion.app import build
from tests.builders import add_session


def main() -> int:
    data, when, lines = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    app = QApplication(sys.argv[:1])
    companion = build(app, data)
    sid = add_session(companion.database, "2026-03-05T09:00:00Z", intention="Let go",
                      mood_before=4)
    companion.window.show()
    page = companion.notes.note_page
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    status = page.findChild(QLabel, "saveStatus")
    editor.setFocus()
    for number, line in enumerate(lines):
        if number:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        QTest.keyClicks(editor, line)
    print(f"typed {sid}", flush=True)

    def kill() -> None:
        print(f"status {status.text()}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no commit, no clean-up

    if when == "saved":
        watch = QTimer(interval=1)
        watch.timeout.connect(lambda: status.text() == "Saved" and kill())
        watch.start()
    else:
        timer = QTimer(singleShot=True, interval=int(when), timerType=Qt.TimerType.PreciseTimer)
        timer.timeout.connect(kill)
        timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
