"""Each numbered migration, tested on its own: from the version before it to its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ketacompanion.storage import database as database_module
from ketacompanion.storage.database import Database, DatabaseError
from ketacompanion.storage.migrations import LATEST_VERSION, MIGRATIONS


def _open_at(path: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Open a database migrated only up to ``version``."""
    limited = {n: sql for n, sql in MIGRATIONS.items() if n <= version}
    monkeypatch.setattr(database_module, "MIGRATIONS", limited)
    monkeypatch.setattr(database_module, "LATEST_VERSION", version)
    db = Database.open(path)
    monkeypatch.undo()
    return db


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_migrations_are_numbered_without_gaps():
    assert sorted(MIGRATIONS) == list(range(1, LATEST_VERSION + 1))


def test_migration_1_creates_playlists(tmp_path: Path, monkeypatch):
    db = _open_at(tmp_path / "k.sqlite3", 1, monkeypatch)
    assert db.schema_version == 1
    assert {"playlists", "playlist_items"} <= _tables(db.connection)
    assert "sessions" not in _tables(db.connection)
    db.close()


def test_migration_2_adds_sessions_and_keeps_playlists(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 1, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (name, created_at, updated_at) VALUES ('p','x','x')")
    db.close()
    db = _open_at(path, 2, monkeypatch)
    assert db.schema_version == 2
    assert {"sessions", "markers", "notes", "voice_takes"} <= _tables(db.connection)
    assert db.connection.execute("SELECT name FROM playlists").fetchone()[0] == "p"
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, mood_before) "
            "VALUES ('2026-01-01T10:00:00Z', 45, 15, 4)"
        )
    with pytest.raises(sqlite3.IntegrityError):
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, mood_before)"
                " VALUES ('x', 45, 15, 11)"
            )
    db.close()


def test_failed_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 1, monkeypatch)
    db.close()
    broken = dict(MIGRATIONS)
    broken[2] = MIGRATIONS[2] + "; CREATE TABLE playlists (x)"  # fails: exists
    monkeypatch.setattr(database_module, "MIGRATIONS", broken)
    with pytest.raises(DatabaseError, match="left as it was"):
        Database.open(path)
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "sessions" not in _tables(conn)
    conn.close()


def test_migration_3_records_seeded_ready_made_playlists(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 2, monkeypatch)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO playlists (name, builtin_key, created_at, updated_at) "
            "VALUES ('Piano - 45 min', 'piano-45', 'x', 'x')"
        )
    db.close()
    db = _open_at(path, 3, monkeypatch)
    assert db.schema_version == 3
    assert "builtin_playlists_seeded" in _tables(db.connection)
    assert db.connection.execute("SELECT builtin_key FROM playlists").fetchone()[0] == "piano-45"
    with db.transaction() as conn:
        conn.execute("INSERT INTO builtin_playlists_seeded VALUES ('piano-45', 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        with db.transaction() as conn:
            conn.execute("INSERT INTO builtin_playlists_seeded VALUES ('piano-45', 'y')")
    db.close()


def test_migration_4_keeps_markers_and_adds_their_kind(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 3, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes) "
                     "VALUES ('2026-03-02T09:00:00Z', 45, 15)")
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (1, 60, '2026-03-02T09:01:00Z', 'Drift')")
    db.close()
    db = _open_at(path, 4, monkeypatch)
    assert db.schema_version == 4
    row = db.connection.execute("SELECT playing, playing_kind FROM markers").fetchone()
    assert tuple(row) == ("Drift", None)  # an older marker simply has no kind
    db.close()
