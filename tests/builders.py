"""Test data that goes in the way the app puts it in: through the repositories.

A test that needs a session in the journal calls :func:`add_session` rather than
writing ``INSERT INTO sessions`` itself, so its rows hold only what the app writes
(its states, its timestamp format, a plan it can read back) and follow the schema
when it changes. Raw SQL stays only in the tests of the schema and its migrations
(``tests/test_code_rules.py`` keeps it so).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ketacompanion.core.fresh_piano import PianoSeed
from ketacompanion.core.records import SessionState, stamp
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.sessions import SessionRepository

Moment = datetime | str


def moment(value: Moment) -> datetime:
    """A datetime from a datetime or an ISO 8601 text ('Z' or an offset; naive is UTC)."""
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def add_session(
    database: Database | Path,
    started: Moment = "2026-03-01T09:00:00Z",
    *,
    minutes: float = 45,
    recovery: float = 15,
    playlist_name: str | None = None,
    intention: str = "",
    mood_before: int | None = None,
    mood_after: int | None = None,
    rehearsal: bool = False,
    state: SessionState = SessionState.COMPLETED,
    ended: Moment | None = None,
    note: str | None = None,
    marks: Iterable[tuple[float, str | None]] = (),
    piano: PianoSeed | None = None,
) -> int:
    """Store one session as the app would have (by default one that was completed).

    Args:
        database: An open Database, or the path of one (opened and closed here).
        started: When Start was pressed.
        state: One of the states the app writes; a session that
            is over gets an end ``minutes`` after its start unless ``ended`` says when.
        note: The note's text, saved as the note page saves it.
        marks: ``(offset_s, playing)`` of each marker, in session seconds.
        piano: The seed of the fresh piano the session played, if it played one.

    Returns:
        The new session's id.
    """
    if isinstance(database, Path):
        opened = Database.open(database)
        try:
            return add_session(opened, started, minutes=minutes, recovery=recovery,
                               playlist_name=playlist_name, intention=intention,
                               mood_before=mood_before, mood_after=mood_after,
                               rehearsal=rehearsal, state=state, ended=ended, note=note,
                               marks=marks, piano=piano)
        finally:
            opened.close()
    plan = (SessionPlan.rehearsal(minutes, recovery) if rehearsal
            else SessionPlan(minutes, recovery))
    start = moment(started)
    sessions = SessionRepository(database)
    sid = sessions.create(plan, start, None, playlist_name, intention, mood_before,
                          piano=piano)
    for offset_s, playing in marks:
        sessions.add_marker(sid, offset_s, start + timedelta(seconds=offset_s), playing)
    if state is not SessionState.RUNNING:
        end = moment(ended) if ended is not None else start + timedelta(minutes=minutes)
        sessions.set_state(sid, state, end)
    journal = JournalRepository(database, Path("/nonexistent-recordings"))
    if mood_after is not None:
        journal.set_mood_after(sid, mood_after)
    if note is not None:
        journal.save_note(sid, note)
    return sid


_WORDS = ("velvet swamp forest purple light falling calm grief father tunnel green arms far "
          "time slow music piano warm breath letting go surrender heavy lighter").split()


def add_sessions_in_bulk(database: Database, count: int, words: int = 60,
                         seed: int = 6) -> list[int]:
    """Store ``count`` completed sessions at once, for a journal of realistic size.

    Each has an intention, a note of ``words`` words, a mark and a transcribed voice take.

    One transaction of plain SQL (thousands of sessions in about a second), writing
    what the app writes: its state, its time format, the search triggers doing the rest.

    Returns:
        The new sessions' ids, oldest first.
    """
    rng = random.Random(seed)
    first = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
    ids: list[int] = []
    with database.transaction() as conn:
        for n in range(count):
            start = first + timedelta(hours=7 * n)
            when, end = stamp(start), stamp(start + timedelta(minutes=45))
            sid = int(conn.execute(
                "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, intention, "
                "mood_before, mood_after, state, ended_at) VALUES (?, 45, 15, ?, ?, ?, "
                "'completed', ?)", (when, " ".join(rng.choices(_WORDS, k=5)),
                                    rng.randint(0, 10), rng.randint(0, 10), end)).lastrowid)
            conn.execute("INSERT INTO notes (session_id, text, updated_at) VALUES (?, ?, ?)",
                         (sid, " ".join(rng.choices(_WORDS, k=words)), end))
            conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                         "VALUES (?, 600, ?, 'Drift')", (sid, when))
            take = conn.execute("INSERT INTO voice_takes (session_id, path, duration_s, "
                                "created_at) VALUES (?, ?, 60, ?)",
                                (sid, f"take-{sid}.flac", end)).lastrowid
            conn.execute("INSERT INTO transcripts (take_id, session_id, text, engine, updated_at) "
                         "VALUES (?, ?, ?, 'e', ?)",
                         (take, sid, " ".join(rng.choices(_WORDS, k=words // 2)), end))
            ids.append(sid)
    return ids
