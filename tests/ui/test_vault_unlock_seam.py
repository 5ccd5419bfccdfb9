"""The app opens a protected journal only with a key from its unlock seam."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from modal import when_a_box_shows
from PySide6.QtWidgets import QApplication, QMessageBox

from ketacompanion.app import JournalLockedError, build
from ketacompanion.core.keychain import KdfParams
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.gui import open_companion
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.storage.vault import protect, unlock

CHEAP = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)  # explicit, never patched in


def make_journal(root: Path, sessions: int) -> DataPaths:
    paths = DataPaths(root).ensure()
    db = Database.open(paths.database)
    for n in range(sessions):
        SessionRepository(db).create(SessionPlan(), datetime(2026, 3, 2 + n, tzinfo=UTC),
                                     None, None, intention="calm")
    db.close()
    return paths


def test_a_locked_journal_opens_with_the_key_the_seam_gives(qtbot, tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=2)
    protect(paths, "quiet river", CHEAP)
    asked = []

    def ask():
        asked.append(True)
        return unlock(paths, "quiet river")

    companion = build(QApplication.instance(), paths.root, unlock=ask)
    try:
        assert asked == [True]
        assert companion.notes.journal.count()[0] == 2
    finally:
        companion.close()
    assert not paths.database.read_bytes().startswith(b"SQLite format 3")


def test_a_locked_journal_without_a_key_is_never_opened(qtbot, tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "quiet river", CHEAP)
    before = paths.database.read_bytes()
    with pytest.raises(JournalLockedError, match="protected by a passphrase"):
        build(QApplication.instance(), paths.root)
    # The window's start says so in a message and closes; nothing is touched.
    seen = []

    def close(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()
    when_a_box_shows(close)
    assert open_companion(QApplication.instance(), paths.root) is None
    assert seen and "protected by a passphrase" in seen[0]
    # Closing the unlock screen closes the app quietly.
    assert open_companion(QApplication.instance(), paths.root, unlock=lambda: None) is None
    assert paths.database.read_bytes() == before


def test_protecting_from_inside_the_app_reopens_it_with_the_new_key(qtbot, tmp_path: Path) -> None:
    from ketacompanion.services.vault import VaultService

    paths = make_journal(tmp_path / "data", sessions=2)
    companion = build(QApplication.instance(), paths.root)
    companion.close()  # the journal is closed before it is converted
    code, key = VaultService(paths, kdf=CHEAP).protect_and_unlock("quiet river")
    assert unlock(paths, code) == key
    companion = build(QApplication.instance(), paths.root, unlock=lambda: key)
    try:
        assert companion.notes.journal.count()[0] == 2
    finally:
        companion.close()
