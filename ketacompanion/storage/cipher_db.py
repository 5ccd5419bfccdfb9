"""SQLCipher connections that behave like the standard library's, errors included.

The repositories catch ``sqlite3.Error`` and its subclasses; sqlcipher3 raises its
own classes of the same names. The thin wrappers here translate them (same class
name, same message), so every repository works unchanged on an encrypted
journal. sqlcipher3 is imported only here, and only when a key is given.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_ERROR: Any = None  # sqlcipher3.Error, once loaded


def _cipher_error() -> Any:
    global _ERROR  # a cache of an imported class, not state
    if _ERROR is None:
        import sqlcipher3  # type: ignore[import-untyped]  # no stubs; its API is sqlite3's

        _ERROR = sqlcipher3.Error
    return _ERROR


def _translate(exc: Exception) -> sqlite3.Error:
    """The standard library's error of the same name and message as ``exc``."""
    kind = getattr(sqlite3, type(exc).__name__, sqlite3.DatabaseError)
    if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
        kind = sqlite3.DatabaseError
    error = kind(*exc.args)
    for name in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, name):
            setattr(error, name, getattr(exc, name))
    return error


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except _cipher_error() as exc:
        raise _translate(exc) from exc


class CipherCursor:
    """A sqlcipher3 cursor whose errors are the standard library's."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._cursor
        except _cipher_error() as exc:
            raise _translate(exc) from exc

    def execute(self, sql: str, parameters: Any = ()) -> CipherCursor:
        """As :meth:`sqlite3.Cursor.execute`."""
        try:
            self._cursor.execute(sql, parameters)
        except _cipher_error() as exc:
            raise _translate(exc) from exc
        return self

    def executemany(self, sql: str, parameters: Any) -> CipherCursor:
        """As :meth:`sqlite3.Cursor.executemany`."""
        with _translated():
            self._cursor.executemany(sql, parameters)
        return self

    def fetchone(self) -> Any:
        """As :meth:`sqlite3.Cursor.fetchone`."""
        with _translated():
            return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        """As :meth:`sqlite3.Cursor.fetchall`."""
        with _translated():
            return self._cursor.fetchall()

    def fetchmany(self, size: int = 1) -> list[Any]:
        """As :meth:`sqlite3.Cursor.fetchmany`."""
        with _translated():
            return self._cursor.fetchmany(size)


class CipherConnection:
    """A sqlcipher3 connection with the standard library's errors and rows."""

    def __init__(self, connection: Any) -> None:
        self._conn = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_conn":
            object.__setattr__(self, name, value)
        elif name == "row_factory" and value is sqlite3.Row:
            import sqlcipher3

            self._conn.row_factory = sqlcipher3.Row  # same behaviour, its own class
        else:
            setattr(self._conn, name, value)

    def cursor(self) -> CipherCursor:
        """As :meth:`sqlite3.Connection.cursor`."""
        return CipherCursor(self._conn.cursor())

    def execute(self, sql: str, parameters: Any = ()) -> CipherCursor:
        """As :meth:`sqlite3.Connection.execute`."""
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any) -> CipherCursor:
        """As :meth:`sqlite3.Connection.executemany`."""
        return self.cursor().executemany(sql, parameters)

    def commit(self) -> None:
        """As :meth:`sqlite3.Connection.commit`."""
        with _translated():
            self._conn.commit()

    def close(self) -> None:
        """As :meth:`sqlite3.Connection.close`."""
        with _translated():
            self._conn.close()


def connect_cipher(path: Path, database_key: bytes, timeout: float = 5.0,
                   check_same_thread: bool = True) -> CipherConnection:
    """Open the SQLCipher database at ``path`` with its raw 256-bit key.

    The key is checked at once (a wrong key raises ``sqlite3.DatabaseError``,
    "file is not a database"), and SQLCipher's own logging to stderr is silenced.
    """
    import sqlcipher3

    with _translated():
        raw = sqlcipher3.connect(str(path), timeout=timeout, isolation_level=None,
                                 check_same_thread=check_same_thread)
    conn = CipherConnection(raw)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Sorts and temporary tables stay in memory, never in a file of their own.
        conn.execute("PRAGMA temp_store = MEMORY")
        # A raw key: no second key derivation on top of Argon2 (SQLCipher's
        # PBKDF2 would only slow every open down).
        conn.execute(f"PRAGMA key = \"x'{database_key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def export_plain_to_cipher(plain: Path, target: Path, database_key: bytes) -> None:
    """Copy the plaintext database ``plain`` into a new encrypted file ``target``.

    Uses ``sqlcipher_export`` (SQLCipher's own way); ``target`` must not exist.
    The plaintext database's WAL must already be checkpointed into it.
    """
    import os

    import sqlcipher3

    # Private from its first byte: SQLCipher would make it with the umask's mode.
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    with _translated():
        conn = sqlcipher3.connect(str(plain), isolation_level=None)
    try:
        with _translated():
            conn.execute("PRAGMA cipher_log_level = NONE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"ATTACH DATABASE ? AS vault KEY \"x'{database_key.hex()}'\"",
                         (str(target),))
            # A half-written copy is thrown away whole (storage.vault.settle), and the
            # finished file is fsynced by the caller: no journal, no fsync per table.
            conn.execute("PRAGMA vault.journal_mode = OFF")
            conn.execute("PRAGMA vault.synchronous = OFF")
            conn.execute("SELECT sqlcipher_export('vault')")
            conn.execute(f"PRAGMA vault.user_version = {int(version):d}")
            conn.execute("DETACH DATABASE vault")
    finally:
        conn.close()
