"""Shared pieces of the lock's screen tests: a real journal, cheap Argon2, no real keyring."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ketacompanion.core.keychain import KdfParams
from ketacompanion.paths import DataPaths
from ketacompanion.services.vault import VaultService
from ketacompanion.settings import user_settings
from ketacompanion.storage.database import Database
from tests.builders import add_session

CHEAP = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)  # explicit, never patched in
PASSPHRASE = "quiet river at dusk"
PHRASE = "violet lighthouse whispering"


def make_journal(root: Path, sessions: int = 2) -> DataPaths:
    """A plain journal of completed sessions, each with a note holding :data:`PHRASE`."""
    paths = DataPaths(root).ensure()
    db = Database.open(paths.database)
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for n in range(sessions):
        add_session(db, start + timedelta(days=n), intention="to rest",
                    note=f"note {n}: {PHRASE}")
    db.close()
    return paths


def vault_of(paths: DataPaths) -> VaultService:
    """The lock's service with keyring's "fail" backend (never the user's keyring)."""
    return VaultService(paths, user_settings(paths.settings), fail.Keyring(), CHEAP)


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Call ``act`` with the next modal widget of ``kind`` once it is up."""
    def look() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(20, look)
            return
        act(widget)
    QTimer.singleShot(0, look)
