"""The journal: sessions read back with their markers, notes and voice takes.

Sessions are created by the session service; this repository reads them newest
first with their number in the series (rehearsals are not counted), keeps the
text note and voice takes of each, searches notes and intentions, and deletes
sessions. Note text never goes to the log: only ids and sizes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ketacompanion.core.course import places
from ketacompanion.core.fresh_piano import PIANO_KEY, PianoSeed
from ketacompanion.core.records import JournalEntry, VoiceTake, parse_time, utc_now
from ketacompanion.core.series import NOT_GIVEN, MoodSeries
from ketacompanion.storage.course import CourseRepository
from ketacompanion.storage.database import Database
from ketacompanion.storage.markers import marker
from ketacompanion.storage.session_files import session_files

if TYPE_CHECKING:
    from ketacompanion.storage.search import SearchHit

log = logging.getLogger(__name__)


def _places(database: Database) -> dict[int, str | None] | None:
    """Each session's place in the course ("Infusion 3 of 6"), or None if no course is set."""
    course = CourseRepository(database)
    try:
        plan = course.plan()
    except sqlite3.OperationalError:  # a schema before migration 7 (read by migration tests)
        return None
    if plan is None:
        return None
    return {sid: place.label for sid, place in places(course.session_starts(), plan).items()}


_ENTRY_SQL = """
    WITH numbered AS (
        SELECT id, ROW_NUMBER() OVER (ORDER BY started_at, id) AS number
        FROM sessions WHERE rehearsal = 0
    )
    SELECT s.id, s.started_at, s.ended_at, s.planned_minutes, s.playlist_name, s.intention,
           s.mood_before, s.mood_after, s.rehearsal, n.text AS note, n.updated_at AS note_at,
           s.plan_json,
           numbered.number AS number
    FROM sessions s LEFT JOIN notes n ON n.session_id = s.id
    LEFT JOIN numbered ON numbered.id = s.id
"""


def _filter(hidden: Iterable[int], rehearsals: bool,
            only: Sequence[int] | None) -> tuple[str, list[object]]:
    """The WHERE clause (on ``sessions s``) and its parameters for a filtered list.

    Id lists travel as one JSON parameter: any length, one prepared statement.
    """
    where, params = ["s.id NOT IN (SELECT value FROM json_each(?))"], [
        json.dumps([int(i) for i in hidden])]
    if not rehearsals:
        where.append("s.rehearsal = 0")
    if only is not None:
        where.append("s.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in only]))
    return " AND ".join(where), params


class JournalRepository:
    """SQL in, :class:`~ketacompanion.core.records.JournalEntry` out.

    Args:
        database: The open database.
        recordings: Folder of voice takes; relative take paths are resolved in it.
        drafts: Folder of note drafts and takes being recorded; a session deleted
            for real takes its files there with it (None: not known here).
    """

    def __init__(self, database: Database, recordings: Path, drafts: Path | None = None) -> None:
        self._db = database
        self._recordings = recordings
        self._drafts = drafts
        # Places in the course depend on every session: worked out once per state of
        # the journal, not once per page (a page of one card would read them all).
        self._course_places: tuple[tuple[int, int], dict[int, str | None] | None] | None = None

    @property
    def database(self) -> Database:
        """The database it reads (the course and check-ins live there too)."""
        return self._db

    # -- reading ---------------------------------------------------------------------

    def entries(
        self, since: str | None = None, session_ids: Iterable[int] | None = None,
        hidden: Iterable[int] = (),
    ) -> list[JournalEntry]:
        """Sessions newest first, with markers, notes and takes.

        Args:
            since: Only sessions started on or after this ISO date (YYYY-MM-DD).
            session_ids: Only these sessions.
            hidden: Sessions to leave out (e.g. deleted, awaiting undo).
        """
        where, params = ["1 = 1"], []
        if since:
            where.append("s.started_at >= ?")
            params.append(since)
        if session_ids is not None:
            ids = [int(i) for i in session_ids]
            where.append(f"s.id IN ({','.join('?' * len(ids))})" if ids else "0")
            params.extend(ids)
        skip = {int(i) for i in hidden}
        rows = self._conn.execute(
            f"{_ENTRY_SQL} WHERE {' AND '.join(where)} ORDER BY s.started_at DESC, s.id DESC",
            params,
        ).fetchall()
        entries = [self._entry(row) for row in rows if row["id"] not in skip]
        self._attach(entries)
        self._place(entries)
        return entries

    def entry(self, session_id: int) -> JournalEntry | None:
        """One session, or None if it does not exist."""
        found = self.entries(session_ids=[session_id])
        return found[0] if found else None

    def page(
        self, offset: int, limit: int, *, hidden: Iterable[int] = (),
        rehearsals: bool = True, only: Sequence[int] | None = None,
    ) -> list[JournalEntry]:
        """One page of sessions, newest first: what the cards in view need, and no more.

        The order and filter are done in SQL, so a page costs the same at 10 sessions
        or 10,000; markers and takes are read for the page's sessions only.

        Args:
            offset: How many sessions of the list come before the page.
            limit: At most this many sessions.
            hidden: Sessions to leave out (deleted, awaiting undo).
            rehearsals: Include rehearsals.
            only: Only these sessions (e.g. the ids a search matched); None: all.
        """
        where, params = _filter(hidden, rehearsals, only)
        # The page's ids first (sessions alone, no note text), then only their rows.
        rows = self._conn.execute(
            f"""WITH page AS (SELECT s.id FROM sessions s WHERE {where}
                              ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?)
            SELECT s.id, s.started_at, s.ended_at, s.planned_minutes, s.playlist_name,
                   s.intention, s.mood_before, s.mood_after, s.rehearsal, n.text AS note,
                   n.updated_at AS note_at, s.plan_json, NULL AS number
            FROM page JOIN sessions s ON s.id = page.id
            LEFT JOIN notes n ON n.session_id = s.id
            ORDER BY s.started_at DESC, s.id DESC""",
            [*params, max(0, int(limit)), max(0, int(offset))],
        ).fetchall()
        entries = [self._entry(row) for row in rows]
        self._number(entries)
        self._attach(entries)
        self._place(entries)
        return entries

    def page_ids(
        self, offset: int, limit: int, *, hidden: Iterable[int] = (),
        rehearsals: bool = True, only: Sequence[int] | None = None,
    ) -> list[int]:
        """The ids of :meth:`page`'s sessions alone, in its order (no text is read)."""
        where, params = _filter(hidden, rehearsals, only)
        return [row[0] for row in self._conn.execute(
            f"SELECT s.id FROM sessions s WHERE {where} "
            "ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?",
            [*params, max(0, int(limit)), max(0, int(offset))])]

    def _number(self, entries: list[JournalEntry]) -> None:
        """Each real session's number in the series, counted only up to the page's span."""
        real = [e for e in entries if not e.rehearsal]
        if not real:
            return
        low, high = real[-1].session_id, real[0].session_id  # newest first
        # Compared with the starts as stored (text that sorts), read by id.
        at = "(SELECT started_at, id FROM sessions WHERE id = ?)"
        base = self._conn.execute(
            f"SELECT count(*) FROM sessions WHERE rehearsal = 0 AND (started_at, id) < {at}",
            (low,)).fetchone()[0]
        numbers = {row[0]: base + k for k, row in enumerate(self._conn.execute(
            f"SELECT id FROM sessions WHERE rehearsal = 0 AND (started_at, id) >= {at} "
            f"AND (started_at, id) <= {at} ORDER BY started_at, id", (low, high)), 1)}
        for entry in real:
            entry.number = numbers.get(entry.session_id)

    def count(
        self, *, hidden: Iterable[int] = (), only: Sequence[int] | None = None,
    ) -> tuple[int, int]:
        """How many sessions and how many rehearsals there are (same filters as :meth:`page`)."""
        where, params = _filter(hidden, True, only)
        row = self._conn.execute(
            f"SELECT count(*) - total(s.rehearsal != 0), total(s.rehearsal != 0) "
            f"FROM sessions s WHERE {where}", params).fetchone()
        return int(row[0]), int(row[1])

    def mood_rows(self, hidden: Iterable[int] = ()) -> list[tuple[int, int | None, int | None]]:
        """(number in the series, mood before, mood after) of each real session, oldest first."""
        return [(p.number, p.before, p.after) for p in self.mood_series(hidden)]

    def mood_series(self, hidden: Iterable[int] = ()) -> MoodSeries:
        """Number in the series, mood before and after of each real session, oldest first.

        Only the three figures the chart and its summary need, read straight into
        the series' compact arrays: no row per session is kept, nor a point made
        (10,000 rows read at once as tuples took megabytes Python could not give back).
        """
        skip = {int(i) for i in hidden}
        numbers, before, after = array("i"), array("b"), array("b")
        rows = self._conn.cursor()
        rows.row_factory = None  # plain tuples: a named row per session costs half again
        rows.execute("SELECT id, ifnull(mood_before, ?1), ifnull(mood_after, ?1) FROM sessions "
                     "WHERE rehearsal = 0 ORDER BY started_at, id", (NOT_GIVEN,))
        # Numbered before the hidden ones are left out, as on the cards.
        for number, (session_id, mood_before, mood_after) in enumerate(rows, 1):
            if session_id not in skip:
                numbers.append(number)
                before.append(mood_before)
                after.append(mood_after)
        return MoodSeries.from_columns(numbers, before, after)

    def version(self) -> tuple[int, int]:
        """Changes to the database since it was opened: equal means nothing was written.

        Counts writes through this connection and (``data_version``) through any other.
        """
        data = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return self._conn.total_changes, int(data)

    def search(self, query: str, hidden: Iterable[int] = ()) -> list[int]:
        """Ids of sessions whose intention, note, transcripts or marks hold every word.

        Through the FTS5 index (see storage.search): each word matches the start of
        a word, ignoring case and accents; newest first. An empty query: every session.
        """
        from ketacompanion.storage.search import matching

        if not query.split():
            skip = {int(i) for i in hidden}
            return [row[0] for row in self._conn.execute(
                "SELECT id FROM sessions ORDER BY started_at DESC, id DESC") if row[0] not in skip]
        return matching(self._conn, query, hidden)

    def search_hits(self, query: str, hidden: Iterable[int] = (),
                    only: Iterable[int] | None = None) -> list[SearchHit]:
        """Like :meth:`search`, with a few words around each match (see storage.search).

        ``only``: just these sessions (a page's), as snippets cost a few ms each.
        """
        from ketacompanion.storage.search import search

        return search(self._conn, query, hidden, only=only)

    def started_at(self, session_id: int) -> datetime | None:
        """When a session began, or None if there is no such session."""
        row = self._conn.execute(
            "SELECT started_at FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return parse_time(row[0]) if row else None

    def start_mark(self, session_id: int) -> str | None:
        """A session's ``started_at`` exactly as stored, or None if there is no such session.

        Drafts and takes carry it to tell their session from an earlier one that had its id.
        """
        row = self._conn.execute(
            "SELECT started_at FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    def note(self, session_id: int) -> str:
        """The saved text note of a session ('' if none)."""
        row = self._conn.execute(
            "SELECT text FROM notes WHERE session_id = ?", (session_id,)
        ).fetchone()
        return row[0] if row else ""

    def takes(self, session_id: int) -> list[VoiceTake]:
        """The voice takes of a session, oldest first."""
        rows = self._conn.execute(
            "SELECT * FROM voice_takes WHERE session_id = ? ORDER BY created_at, id", (session_id,)
        ).fetchall()
        return [self._take(row) for row in rows]

    # -- writing ---------------------------------------------------------------------

    def save_note(self, session_id: int, text: str) -> None:
        """Store the text note durably (one transaction, fsync by synchronous=FULL)."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO notes (session_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(session_id) DO UPDATE SET text = excluded.text, "
                "updated_at = excluded.updated_at",
                (session_id, text, utc_now()),
            )
        log.info("note saved for session %d (%d chars)", session_id, len(text))

    def set_mood_after(self, session_id: int, mood: int | None) -> None:
        """Record how the person feels after the session (0-10, or None to clear)."""
        if mood is not None and not 0 <= mood <= 10:
            raise ValueError("mood must be between 0 and 10")
        with self._db.transaction() as conn:
            conn.execute("UPDATE sessions SET mood_after = ? WHERE id = ?", (mood, session_id))

    def add_take(self, session_id: int, path: Path, duration_s: float) -> VoiceTake:
        """Record a finished voice take stored at ``path`` (inside the recordings folder)."""
        stored = path.name if path.parent == self._recordings else str(path)
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO voice_takes (session_id, path, duration_s, created_at) "
                "VALUES (?, ?, ?, ?)",
                (session_id, stored, duration_s, utc_now()),
            )
            row = conn.execute(
                "SELECT * FROM voice_takes WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
        log.info("voice take %d added to session %d (%.1f s)", row["id"], session_id, duration_s)
        return self._take(row)

    def delete_take(self, take_id: int) -> Path | None:
        """Forget a voice take; returns its file (for the caller to remove), if any.

        Its transcript's words leave the WAL at once too (a busy WAL: on the retry).
        """
        with self._db.transaction() as conn:
            row = conn.execute("SELECT * FROM voice_takes WHERE id = ?", (take_id,)).fetchone()
            conn.execute("DELETE FROM voice_takes WHERE id = ?", (take_id,))
        self._db.scrub_wal()
        return self._take(row).path if row else None

    def delete_sessions(self, session_ids: Sequence[int]) -> list[Path]:
        """Delete sessions with their markers, notes and takes, in one transaction.

        Returns:
            Every file that belonged to them, for the caller to remove: the voice
            takes, and (if the drafts folder is known) the unsaved note draft and
            any take still in drafts or never recorded in the journal. Left on
            disk they would keep private words, and come back as the note of
            another session.
        """
        files: list[Path] = []
        with self._db.transaction() as conn:
            for session_id in session_ids:
                files.extend(t.path for t in self.takes(session_id))
                conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        # Their words leave the WAL now, not when the app closes (a busy WAL: on the
        # scrubber's retry); secure_delete took them out of the file's pages.
        self._db.scrub_wal()
        if self._drafts is not None:
            for session_id in session_ids:
                files.extend(p for p in session_files(self._drafts, self._recordings, session_id)
                             if p not in files)
        log.info("deleted %d session(s)", len(session_ids))
        return files

    # -- helpers ---------------------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.connection

    def _entry(self, row: sqlite3.Row) -> JournalEntry:
        return JournalEntry(
            session_id=row["id"], number=row["number"], started_at=parse_time(row["started_at"]),
            ended_at=parse_time(row["ended_at"]), planned_minutes=row["planned_minutes"],
            playlist_name=row["playlist_name"], intention=row["intention"] or "",
            mood_before=row["mood_before"], mood_after=row["mood_after"],
            rehearsal=bool(row["rehearsal"]), note=row["note"] or "",
            note_updated_at=parse_time(row["note_at"]), piano=_piano(row["plan_json"]),
        )

    def _place(self, entries: list[JournalEntry]) -> None:
        """Name each entry's place in the course, if a course is set."""
        if not entries:
            return
        key = self.version()
        if self._course_places is None or self._course_places[0] != key:
            self._course_places = (key, _places(self._db))
        found = self._course_places[1]
        if found is not None:
            for entry in entries:
                entry.place = found.get(entry.session_id)

    def _take(self, row: sqlite3.Row) -> VoiceTake:
        path = Path(row["path"])
        if not path.is_absolute():
            path = self._recordings / path
        return VoiceTake(row["id"], row["session_id"], path, row["duration_s"],
                         parse_time(row["created_at"]))

    def _attach(self, entries: list[JournalEntry]) -> None:
        """Fill markers and takes with two queries, whatever the number of entries."""
        if not entries:
            return
        by_id = {e.session_id: e for e in entries}
        marks = ",".join("?" * len(by_id)) if len(by_id) < 900 else None
        ids = list(by_id)
        where = f"session_id IN ({marks})" if marks else "1 = 1"
        params = ids if marks else []
        for row in self._conn.execute(
            f"SELECT * FROM markers WHERE {where} ORDER BY offset_s, id", params
        ):
            if row["session_id"] in by_id:
                by_id[row["session_id"]].markers.append(marker(row))
        for row in self._conn.execute(
            f"SELECT * FROM voice_takes WHERE {where} ORDER BY created_at, id", params
        ):
            if row["session_id"] in by_id:
                by_id[row["session_id"]].takes.append(self._take(row))


def _piano(plan_json: str | None) -> PianoSeed | None:
    """The fresh piano's seed kept beside the plan (None: none, or a damaged plan)."""
    try:
        data = json.loads(plan_json or "{}")
    except ValueError:
        return None
    return PianoSeed.from_json(data.get(PIANO_KEY)) if isinstance(data, dict) else None
