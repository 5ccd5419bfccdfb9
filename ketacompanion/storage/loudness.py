"""The loudness of the person's files, measured once and kept: SQL in, :class:`Loudness` out.

A file is known by its path, size and modification time, so a file that was
replaced or edited is measured again; nothing is ever written to the file itself.
Works on any connection in autocommit mode (``isolation_level=None``, as the
app's): the measuring worker opens its own (SQLite connections belong to one thread).
"""

from __future__ import annotations

import sqlite3

from ketacompanion.core.loudness import Loudness
from ketacompanion.core.records import utc_now

Stamp = tuple[int, int]  # (size in bytes, modification time in ns)


class LoudnessCache:
    """Measured loudness by (path, size, mtime_ns)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection

    def get(self, path: str, stamp: Stamp) -> tuple[bool, Loudness | None]:
        """(known, loudness): known False if never measured; loudness None if silent."""
        row = self._conn.execute(
            "SELECT lufs, true_peak FROM loudness WHERE path = ? AND size = ? AND mtime_ns = ?",
            (path, stamp[0], stamp[1]),
        ).fetchone()
        if row is None:
            return False, None
        return True, None if row[0] is None else Loudness(float(row[0]), float(row[1]))

    def put(self, path: str, stamp: Stamp, loudness: Loudness | None) -> None:
        """Keep a measurement (None: the file is silent); older ones of the path go."""
        now = utc_now()
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM loudness WHERE path = ?", (path,))
            conn.execute(
                "INSERT INTO loudness (path, size, mtime_ns, lufs, true_peak, measured_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (path, stamp[0], stamp[1], None if loudness is None else loudness.lufs,
                 0.0 if loudness is None else loudness.true_peak, now),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
