from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ketacompanion.storage.database import (
    Database,
    DatabaseError,
    NewerDatabaseError,
    read_user_version,
)
from ketacompanion.storage.migrations import LATEST_VERSION


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "k.sqlite3")
    yield database
    database.close()


def test_pragmas_are_durable(db: Database):
    conn = db.connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.schema_version == LATEST_VERSION


def test_transaction_rolls_back_on_error(db: Database):
    with pytest.raises(RuntimeError):
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO playlists (name, created_at, updated_at) VALUES ('a', 'x', 'x')"
            )
            raise RuntimeError("boom")
    assert db.connection.execute("SELECT count(*) FROM playlists").fetchone()[0] == 0


def test_foreign_keys_cascade(db: Database):
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO playlists (id, name, created_at, updated_at) VALUES (1,'a','x','x')"
        )
        conn.execute(
            "INSERT INTO playlist_items (playlist_id, position, kind, duration_s) "
            "VALUES (1, 0, 'silence', 5)"
        )
        conn.execute("DELETE FROM playlists WHERE id = 1")
    assert db.connection.execute("SELECT count(*) FROM playlist_items").fetchone()[0] == 0
    with pytest.raises(sqlite3.IntegrityError):
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO playlist_items (playlist_id, position, kind) VALUES (99, 0, 'silence')"
            )


def test_committed_data_survives_reopen(tmp_path: Path):
    path = tmp_path / "k.sqlite3"
    first = Database.open(path)
    with first.transaction() as conn:
        conn.execute("INSERT INTO playlists (name, created_at, updated_at) VALUES ('kept','x','x')")
    # No close: a crash right after commit must still keep the row (WAL + FULL).
    second = Database.open(path)
    names = [r[0] for r in second.connection.execute("SELECT name FROM playlists")]
    assert names == ["kept"]
    second.close()
    first.connection.close()


def _newer_database(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_newer_database_is_refused_and_left_byte_identical(tmp_path: Path):
    path = tmp_path / "k.sqlite3"
    before = _newer_database(path)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NewerDatabaseError) as info:
        Database.open(path)
    assert "newer version of ketacompanion" in str(info.value)
    assert "not been changed" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before


def test_not_a_database_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "k.sqlite3"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a ketacompanion database"):
        Database.open(path)
    assert path.read_bytes() == before


def test_read_user_version(tmp_path: Path):
    assert read_user_version(tmp_path / "missing") is None
    (tmp_path / "empty").write_bytes(b"")
    assert read_user_version(tmp_path / "empty") is None
    db = Database.open(tmp_path / "k.sqlite3")
    db.close()
    assert read_user_version(tmp_path / "k.sqlite3") == LATEST_VERSION


def test_database_and_its_journal_files_are_private(tmp_path: Path):
    import stat

    db = Database.open(tmp_path / "k.sqlite3")
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (name, created_at, updated_at) VALUES ('p','x','x')")
    for name in ("k.sqlite3", "k.sqlite3-wal", "k.sqlite3-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    db.close()
