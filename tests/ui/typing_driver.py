"""Run by test_kill_while_typing.py: the real app types a note, then waits to be killed.

    python typing_driver.py DATA_DIR FIRST_LINE SECOND_LINE

Builds the app as app.py does on DATA_DIR, adds a session, opens its note and
types two lines into the editor with QTest (real key events), prints
``typed <session id>`` and keeps the event loop running (autosave timers fire).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ketacompanion.app import build
from tests.builders import add_session


def main() -> int:
    data, first, second = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = QApplication(sys.argv[:1])
    companion = build(app, data)
    sid = add_session(companion.database, "2026-03-05T09:00:00Z", intention="Let go",
                      mood_before=4)
    companion.window.show()
    page = companion.notes.note_page
    page.open_session(sid)
    editor = page.findChild(QPlainTextEdit, "noteEditor")
    editor.setFocus()
    QTest.keyClicks(editor, first)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, second)
    print(f"typed {sid}", flush=True)
    return app.exec()  # until SIGKILL: no close, no commit, no clean-up


if __name__ == "__main__":
    sys.exit(main())
