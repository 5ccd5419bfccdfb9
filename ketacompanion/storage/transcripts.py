"""Transcripts of voice takes, and the search over everything the journal holds.

A take's transcript is written by the engine once, and the person may correct
it: their words are marked ``edited`` and the engine never writes over them.
A take with no transcript row is waiting: it is transcribed (again) at the next
chance, which is how a kill during transcription is simply redone. Text never
goes to the log: only ids and sizes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ketacompanion.core.records import utc_now
from ketacompanion.storage.database import Database

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Transcript:
    """The words of one voice take."""

    take_id: int
    session_id: int
    text: str
    edited: bool
    updated_at: str


@dataclass(frozen=True)
class PendingTake:
    """A voice take that has no transcript yet."""

    take_id: int
    session_id: int
    path: Path


class TranscriptRepository:
    """SQL in, transcripts out."""

    def __init__(self, database: Database, recordings: Path) -> None:
        self._db = database
        self._recordings = recordings

    # -- transcripts -----------------------------------------------------------------

    def get(self, take_id: int) -> Transcript | None:
        """The transcript of a take, or None if it has none yet."""
        row = self._conn.execute(
            "SELECT * FROM transcripts WHERE take_id = ?", (take_id,)).fetchone()
        return _transcript(row) if row else None

    def for_sessions(self, session_ids: Iterable[int]) -> dict[int, Transcript]:
        """Transcripts of every take of these sessions, by take id."""
        ids = [int(i) for i in session_ids]
        if not ids:
            return {}
        found: dict[int, Transcript] = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on bound values
            chunk = ids[start:start + 500]
            rows = self._conn.execute(
                f"SELECT * FROM transcripts WHERE session_id IN ({','.join('?' * len(chunk))})",
                chunk)
            found.update((row["take_id"], _transcript(row)) for row in rows)
        return found

    def save_heard(self, take_id: int, text: str, engine: str) -> bool:
        """Store what the engine heard, unless the person has corrected it.

        Returns:
            True if stored; False when the take is gone (deleted meanwhile) or
            holds the person's own words, which win.
        """
        with self._db.transaction() as conn:
            row = conn.execute("SELECT session_id FROM voice_takes WHERE id = ?",
                               (take_id,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM transcription_queue WHERE take_id = ?", (take_id,))
            cursor = conn.execute(
                "INSERT INTO transcripts (take_id, session_id, text, edited, engine, updated_at) "
                "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT(take_id) DO UPDATE SET "
                "text = excluded.text, engine = excluded.engine, updated_at = excluded.updated_at "
                "WHERE transcripts.edited = 0",
                (take_id, row[0], text, engine, utc_now()))
        stored = cursor.rowcount > 0
        log.info("transcript of take %d %s (%d chars)", take_id,
                 "stored" if stored else "kept as the person wrote it", len(text))
        return stored

    def save_edit(self, take_id: int, text: str) -> bool:
        """Store the person's correction; it is never replaced by the engine.

        Returns:
            False when the take no longer exists.
        """
        with self._db.transaction() as conn:
            row = conn.execute("SELECT session_id FROM voice_takes WHERE id = ?",
                               (take_id,)).fetchone()
            if row is None:
                return False
            conn.execute(
                "INSERT INTO transcripts (take_id, session_id, text, edited, engine, updated_at) "
                "VALUES (?, ?, ?, 1, NULL, ?) ON CONFLICT(take_id) DO UPDATE SET "
                "text = excluded.text, edited = 1, updated_at = excluded.updated_at",
                (take_id, row[0], text, utc_now()))
        log.info("transcript of take %d corrected (%d chars)", take_id, len(text))
        return True

    def enqueue(self, take_id: int) -> None:
        """Remember that ``take_id`` is to be transcribed (kept until its text is stored)."""
        with self._db.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO transcription_queue (take_id, requested_at) "
                         "SELECT id, ? FROM voice_takes WHERE id = ?", (utc_now(), take_id))

    def queued(self) -> list[PendingTake]:
        """Takes asked to be transcribed and not done yet (a kill, a quit), oldest first."""
        rows = self._conn.execute(
            "SELECT v.id, v.session_id, v.path FROM transcription_queue q "
            "JOIN voice_takes v ON v.id = q.take_id ORDER BY q.requested_at, v.id")
        return [PendingTake(row[0], row[1], self._resolve(row[2])) for row in rows]

    def pending(self, session_id: int | None = None) -> list[PendingTake]:
        """Takes without a transcript, oldest first (of one session, or all)."""
        where = "AND v.session_id = ?" if session_id is not None else ""
        rows = self._conn.execute(
            "SELECT v.id, v.session_id, v.path FROM voice_takes v "
            "LEFT JOIN transcripts t ON t.take_id = v.id "
            f"WHERE t.take_id IS NULL {where} ORDER BY v.created_at, v.id",
            (session_id,) if session_id is not None else ())
        return [PendingTake(row[0], row[1], self._resolve(row[2])) for row in rows]

    # -- helpers ---------------------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.connection

    def _resolve(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self._recordings / path


def _transcript(row: sqlite3.Row) -> Transcript:
    return Transcript(row["take_id"], row["session_id"], row["text"], bool(row["edited"]),
                      row["updated_at"])
