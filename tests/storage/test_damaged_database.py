"""A damaged journal file is refused untouched, and can be moved aside whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ketacompanion.storage.database import (
    DamagedDatabaseError,
    Database,
    DatabaseError,
    NewerDatabaseError,
    set_aside,
)
from tests.builders import add_session


def _journal_with_a_session(path: Path) -> None:
    database = Database.open(path)
    add_session(database, intention="a long intention " * 200)
    database.close()


def _damage(path: Path, start: int, end: int, fill: bytes = b"\x00") -> bytes:
    raw = bytearray(path.read_bytes())
    raw[start:end] = fill * (end - start)
    path.write_bytes(bytes(raw))
    return bytes(raw)


@pytest.mark.parametrize("where", ["schema page", "header"])
def test_a_damaged_journal_is_refused_and_the_folder_stays_as_it_was(
        tmp_path: Path, where: str) -> None:
    path = tmp_path / "journal.sqlite3"
    _journal_with_a_session(path)
    damaged = _damage(path, 100, 4000) if where == "schema page" else _damage(path, 0, 16, b"x")
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(DamagedDatabaseError) as caught:
        Database.open(path)
    assert "damaged" in str(caught.value) and "left as it is" in str(caught.value)
    assert path.read_bytes() == damaged
    assert sorted(os.listdir(tmp_path)) == before  # SQLite's -wal and -shm went again


def test_other_refusals_are_not_called_damage(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    _journal_with_a_session(path)
    raw = bytearray(path.read_bytes())
    raw[60:64] = (999).to_bytes(4, "big")  # a newer schema is no damage: update instead
    path.write_bytes(bytes(raw))
    with pytest.raises(NewerDatabaseError) as caught:
        Database.open(path)
    assert not isinstance(caught.value, DamagedDatabaseError)
    assert issubclass(DamagedDatabaseError, DatabaseError)  # callers catching both still do


def test_set_aside_moves_the_file_and_its_journals_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    files = {"": b"main bytes", "-wal": b"wal bytes", "-shm": b"shm bytes"}
    for suffix, data in files.items():
        (tmp_path / f"journal.sqlite3{suffix}").write_bytes(data)
    kept = set_aside(path, "20261121-130000")
    assert kept == tmp_path / "journal.damaged-20261121-130000.sqlite3"
    for suffix, data in files.items():
        assert (tmp_path / f"{kept.name}{suffix}").read_bytes() == data
        assert not (tmp_path / f"journal.sqlite3{suffix}").exists()


def test_a_failed_transaction_raises_its_own_error_when_sqlite_already_rolled_back(
        tmp_path: Path) -> None:
    # A full disk makes SQLite roll back by itself; a second ROLLBACK used to fail and
    # replace "database or disk is full" with "cannot rollback - no transaction is active".
    database = Database.open(tmp_path / "journal.sqlite3")
    try:
        with pytest.raises(ValueError, match="the real problem"):
            with database.transaction() as conn:
                conn.execute("ROLLBACK")  # as SQLite does itself when the disk is full
                raise ValueError("the real problem")
        with database.transaction() as conn:  # and the connection goes on working
            conn.execute("SELECT 1")
    finally:
        database.close()
