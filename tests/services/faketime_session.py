"""Run by test_session_real_clock.py under libfaketime: a real session on the real clock.

Starts a session with the real SystemClock, lets it run half a second, sets the
wall clock an hour ahead through libfaketime's offset file, lets it run one more
second, and prints what the session said before and after as JSON.

Usage: python faketime_session.py DATA_FOLDER OFFSET_FILE
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from ketacompanion.core.session_clock import SystemClock
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository


def main() -> None:
    folder, offset_file = Path(sys.argv[1]), Path(sys.argv[2])
    app = QCoreApplication([])
    database = Database.open(folder / "journal.sqlite")
    repo = SessionRepository(database)
    keep = KeepAwake("none", which=lambda _name: None)
    service = SessionService(repo, None, keep, SystemClock())
    phases: list[str] = []
    service.phase_changed.connect(lambda phase: phases.append(str(phase)))
    report: dict[str, object] = {}

    def read(name: str) -> None:
        # time.monotonic is not faked (FAKETIME_DONT_FAKE_MONOTONIC=1); time.time is.
        report[name] = {"remaining": service.remaining(), "awake": time.monotonic(),
                        "wall": time.time()}

    def jump() -> None:
        read("before")
        offset_file.write_text("+3600\n", encoding="ascii")  # the wall clock, an hour ahead

    def done() -> None:
        read("after")
        report["phases"] = phases
        report["state"] = repo.get(session_id).state
        service.shutdown()
        database.close()
        print(json.dumps(report), flush=True)
        app.quit()

    session_id = service.start(SessionPlan(45, 15), None)
    QTimer.singleShot(500, jump)
    QTimer.singleShot(1500, done)  # the session ticks ten times a second meanwhile
    app.exec()


if __name__ == "__main__":
    main()
