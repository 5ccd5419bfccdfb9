"""Shared helpers for the vault tests: a small real journal, and the byte search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ketacompanion.core.keychain import KdfParams
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.sessions import SessionRepository

# Cheap Argon2 for tests, always passed explicitly (never patched in).
CHEAP = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)
PHRASE = "violet lighthouse whispering"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_journal(root: Path, sessions: int = 3, phrase: str = PHRASE) -> DataPaths:
    """A plain journal with ``sessions`` sessions, each with a note holding ``phrase``."""
    paths = DataPaths(root).ensure()
    db = Database.open(paths.database)
    repo = SessionRepository(db)
    journal = JournalRepository(db, paths.recordings, paths.drafts)
    for n in range(sessions):
        sid = repo.create(SessionPlan(), START + timedelta(days=n), None, None,
                          intention=f"intention {n}: {phrase}")
        journal.save_note(sid, f"note {n}: {phrase}")
    db.close()
    return paths


def byte_hits(root: Path, phrase: str = PHRASE) -> list[str]:
    """Every file under ``root`` holding ``phrase`` (as UTF-8 or UTF-16), by name."""
    needles = [phrase.encode(), phrase.encode("utf-16-le"), phrase.split()[0].encode()]
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                hits.append(str(path.relative_to(root)))
    return hits
