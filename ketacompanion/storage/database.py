"""The one SQLite database: WAL, synchronous=FULL, foreign keys, secure delete, transactions.

Old words leave the WAL as well as the file: an explicit delete empties the WAL at
once, and every other write marks it unscrubbed for the app's scrubber
(services/wal_scrubber.py) to empty soon after; see storage/wal_scrub.py.

Before SQLite ever opens the file, its header is read directly: a database from a
newer ketacompanion (or a file that is not a database at all) is refused with a
clear message and left byte-identical, since even a read-only open could change
journal files beside it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketacompanion.storage.migrations import MIGRATIONS
from ketacompanion.storage.wal_scrub import Scrub, scrub

if TYPE_CHECKING:
    from ketacompanion.core.keychain import DataKey

log = logging.getLogger(__name__)

_MAGIC = b"SQLite format 3\x00"
CLOSE_WAIT_MS = 2000  # closing may wait this long for a worker's read to end
_USER_VERSION_OFFSET = 60


class DatabaseError(Exception):
    """The database cannot be used; the message is meant for the person."""


class NewerDatabaseError(DatabaseError):
    """The database was written by a newer version of ketacompanion."""


class DamagedDatabaseError(DatabaseError):
    """The file is not a readable SQLite database: damaged, or something else entirely."""


# What SQLite says of a file it cannot read as a database (not a locked or busy one).
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "disk image")


def _damaged(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in str(exc).lower() for word in _DAMAGE_WORDS)


def set_aside(path: Path, stamp: str) -> Path:
    """Move a damaged database (and its -wal and -shm files) aside, byte for byte.

    Returns:
        Where the database file now is, beside the original (``<stem>.damaged-<stamp>``).
    """
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    for suffix in ("-wal", "-shm", ""):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, kept.with_name(kept.name + suffix))
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the renames survive a power cut
    finally:
        os.close(folder)
    return kept


def read_user_version(path: Path) -> int | None:
    """The schema version stored in a database file's header, without opening it in SQLite.

    Returns:
        The version, or None when the file does not exist or is empty.

    Raises:
        DamagedDatabaseError: The file exists but is not an SQLite database.
        DatabaseError: The file cannot be read.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DatabaseError(f"Cannot read the journal database {path}: {exc.strerror}.") from exc
    if not header:
        return None
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise DamagedDatabaseError(
            f"{path} is not a ketacompanion database (it may be damaged). "
            "It has been left as it is."
        )
    return int.from_bytes(header[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big")


class Database:
    """An open, migrated connection. Build it with :meth:`open`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._conn = connection
        self.path = path
        # True from a commit until the WAL has been emptied: its frames may hold words
        # that a later save removed (the scrubber's cue). A WAL found with frames (left
        # by a crash, or a close that could not empty it) counts too.
        wal = path.with_name(path.name + "-wal")
        self._unscrubbed = wal.exists() and wal.stat().st_size > 0
        self._on_write: Callable[[], None] | None = None
        self._closed = False

    @classmethod
    def open(cls, path: Path, migrations: Mapping[int, str] = MIGRATIONS,
             key: DataKey | None = None) -> Database:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        Args:
            path: The database file.
            migrations: The schema's migrations by number (the app's own by default;
                a test passes fewer, to build a database as an older version left it).
            key: The journal's data key when it is protected (SQLCipher); None for
                a plain journal, which never loads SQLCipher.

        Raises:
            NewerDatabaseError: The file comes from a newer version; it is not touched.
            DamagedDatabaseError: The file is damaged or not a database; its bytes are
                not changed.
            DatabaseError: The file cannot be opened for another reason.
        """
        if key is not None:
            return cls._open_encrypted(path, key, migrations)
        version = read_user_version(path)
        latest = max(migrations, default=0)
        if version is not None and version > latest:
            raise NewerDatabaseError(
                f"This journal was saved by a newer version of ketacompanion "
                f"(schema {version}; this version knows up to {latest}). "
                "Please update ketacompanion. Your data has not been changed."
            )
        if version is None:
            # SQLite gives its -wal and -shm files the database file's mode, so the
            # file is made private before SQLite first touches it.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        journals = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        existed = [j for j in journals if j.exists()]
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
            conn.row_factory = sqlite3.Row
            _configure(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if not _damaged(exc):
                raise DatabaseError(f"Cannot open the journal database {path}: {exc}.") from exc
            # SQLite made its -wal and -shm before it found the damage: take them away
            # again, so the folder is exactly as it was.
            for journal in journals:
                if journal not in existed:
                    journal.unlink(missing_ok=True)
            raise DamagedDatabaseError(
                f"The journal database {path} is damaged ({exc}). It has been left as it is."
            ) from exc
        return cls._migrated(conn, path, migrations)

    @classmethod
    def _open_encrypted(cls, path: Path, key: DataKey,
                        migrations: Mapping[int, str]) -> Database:
        """Open the SQLCipher journal at ``path``; its header is encrypted, so no peek first."""
        from ketacompanion.storage.cipher_db import connect_cipher

        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            conn: Any = connect_cipher(path, key.database_key())
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise DatabaseError(f"Cannot open the journal database {path}: {exc}.") from exc
            raise DamagedDatabaseError(
                f"The protected journal {path} cannot be read with its key: it is damaged, "
                "or it is not this journal's. It has been left as it is.") from exc
        try:
            conn.row_factory = sqlite3.Row
            _configure(conn)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as exc:
            conn.close()
            raise DatabaseError(f"Cannot open the journal database {path}: {exc}.") from exc
        latest = max(migrations, default=0)
        if version > latest:
            conn.close()
            raise NewerDatabaseError(
                f"This journal was saved by a newer version of ketacompanion "
                f"(schema {version}; this version knows up to {latest}). "
                "Please update ketacompanion. Your data has not been changed.")
        return cls._migrated(conn, path, migrations)

    @classmethod
    def _migrated(cls, conn: Any, path: Path, migrations: Mapping[int, str]) -> Database:
        database = cls(conn, path)
        try:
            database._migrate(migrations)
        except sqlite3.Error as exc:
            conn.close()
            if _damaged(exc):
                raise DamagedDatabaseError(
                    f"The journal database {path} is damaged ({exc}). "
                    "It has been left as it was.") from exc
            log.exception("migration failed")
            raise DatabaseError(
                f"Could not update the journal database {path} ({exc}). "
                "It has been left as it was."
            ) from exc
        return database

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for repositories."""
        return self._conn

    @property
    def schema_version(self) -> int:
        """The current PRAGMA user_version."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one IMMEDIATE transaction; roll back if it raises.

        A commit marks the WAL unscrubbed and tells the listener (see :meth:`on_write`);
        it never checkpoints: a save's cost stays the save's (issue 18).
        """
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            # SQLite may already have rolled back (a full disk does): a second ROLLBACK
            # would fail and hide the real error.
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        self._unscrubbed = True
        if self._on_write is not None:
            self._on_write()

    @property
    def wal_unscrubbed(self) -> bool:
        """True when the WAL may still hold words a save since removed (not yet scrubbed)."""
        return self._unscrubbed

    def on_write(self, listener: Callable[[], None] | None) -> None:
        """Call ``listener`` after each commit (the scrubber's debounce); None: no one."""
        self._on_write = listener

    def scrub_wal(self, wait_ms: int = 0) -> Scrub:
        """Empty the WAL into the database file now, never waiting (see storage.wal_scrub).

        Called at once after an explicit delete, and by the app's scrubber once saves
        settle; BUSY or FAILED leaves the WAL marked unscrubbed, for a later try.
        """
        if self._closed:  # closing scrubbed it, or said why not
            return Scrub.FAILED if self._unscrubbed else Scrub.DONE
        if self._conn.in_transaction:
            return Scrub.BUSY  # a checkpoint cannot run inside a transaction
        result = scrub(self._conn, wait_ms)
        if result is Scrub.DONE:
            self._unscrubbed = False
        return result

    def close(self) -> None:
        """Empty the WAL (waiting a little for other connections) and close."""
        if self._closed:
            return
        self._on_write = None
        try:
            if self.scrub_wal(CLOSE_WAIT_MS) is not Scrub.DONE:
                log.warning("WAL not emptied at close; it is scrubbed after the journal "
                            "next opens")
        except sqlite3.ProgrammingError:  # the connection was closed under it
            pass
        self._closed = True
        self._conn.close()

    def _migrate(self, migrations: Mapping[int, str]) -> None:
        current = self.schema_version
        pending = sorted(n for n in migrations if n > current)
        if not pending:
            return
        # SQLite's way to rebuild a table (https://sqlite.org/lang_altertable.html):
        # with foreign keys on, dropping the old sessions table would first delete
        # every marker, note and take by cascade. The pragma is a no-op inside a
        # transaction, so it is switched around them, and checked before each commit.
        self._conn.execute("PRAGMA foreign_keys=OFF")
        try:
            for number in pending:
                log.info("applying database migration %d", number)
                with self.transaction() as conn:
                    broken_before = len(conn.execute("PRAGMA foreign_key_check").fetchall())
                    for statement in _statements(migrations[number]):
                        conn.execute(statement)
                    broken = len(conn.execute("PRAGMA foreign_key_check").fetchall())
                    if broken > broken_before:
                        raise sqlite3.IntegrityError(
                            f"migration {number} would leave {broken - broken_before} "
                            "rows pointing at nothing")
                    # PRAGMA user_version is transactional in SQLite, so the
                    # migration and its number commit together.
                    conn.execute(f"PRAGMA user_version = {number:d}")
        finally:
            self._conn.execute("PRAGMA foreign_keys=ON")


def _configure(conn: Any) -> None:
    """The pragmas every journal connection runs with, plain or encrypted."""
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    # Deleted notes are overwritten with zeros, not left in free pages: not every
    # SQLite is built with SECURE_DELETE (Python.org's macOS and Windows ones).
    conn.execute("PRAGMA secure_delete=ON")
    # When SQLite restarts the WAL after a checkpoint of its own, it cuts the file back
    # to the frames written since, instead of keeping older ones past them.
    conn.execute("PRAGMA journal_size_limit=0")


def connect(path: Path, key: DataKey | None = None, timeout: float = 5.0) -> Any:
    """A second, unmigrated connection to the journal (for a worker thread).

    Plain ``sqlite3`` for a plain journal; SQLCipher (with the standard library's
    errors) when ``key`` is given.
    """
    if key is None:
        return sqlite3.connect(path, timeout=timeout, isolation_level=None)
    from ketacompanion.storage.cipher_db import connect_cipher

    return connect_cipher(path, key.database_key(), timeout=timeout)


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (migrations hold no literal ';').

    A trigger's body has statements of its own: parts are joined until SQLite
    says the statement is complete (its ``END;``).
    """
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        yield pending
