"""Sessions and their markers in SQLite: written at Start and as things happen.

The record is stored the moment the person presses Start, so a crash, a closed
lid or a killed process never loses that a session ran, when it began, and with
what plan. A session whose state is still ``running`` or ``recovery`` when the
app starts again was interrupted: :meth:`SessionRepository.find_interrupted`
finds it so the Session page can offer to resume it or go to the note.

States are :class:`~ketacompanion.core.records.SessionState`; the schema admits no
other (migration 13). Rows become the records of ``core/records.py``.

Beside the plan, ``plan_json`` keeps the session's clock anchor under ``"clock"``
(the boot it started in and the boot-time clock then), so a resume after a crash
counts real time even if the wall clock was changed meanwhile. Older versions
read the plan and pass the extra key by, so this needs no schema change. In the same
way ``"piano"`` keeps the seed and composer version of the session's fresh piano.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from ketacompanion.core.fresh_piano import PIANO_KEY, PianoSeed
from ketacompanion.core.records import (
    OPEN_STATES,
    Marker,
    SessionRecord,
    SessionState,
    parse_time,
    stamp,
)
from ketacompanion.core.session_clock import ClockAnchor
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.storage.database import Database
from ketacompanion.storage.markers import marker

_CLOCK_KEY = "clock"  # the clock anchor's key in plan_json


class SessionRepository:
    """SQL in, core records out, for the ``sessions`` and ``markers`` tables."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def create(
        self,
        plan: SessionPlan,
        started_at: datetime,
        playlist_id: int | None,
        playlist_name: str | None,
        intention: str = "",
        mood_before: int | None = None,
        anchor: ClockAnchor | None = None,
        piano: PianoSeed | None = None,
    ) -> int:
        """Store a session that starts now (its clock at Start in ``anchor``); returns its id."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes,"
                " playlist_id, playlist_name, plan_json, intention, mood_before, rehearsal, state)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    stamp(started_at), plan.minutes, plan.recovery_minutes, playlist_id,
                    playlist_name, _plan_json(plan, anchor, piano), intention.strip(), mood_before,
                    int(plan.is_rehearsal), str(SessionState.RUNNING),
                ),
            )
            return int(cursor.lastrowid)

    def get(self, session_id: int) -> SessionRecord | None:
        """The session with ``session_id``, or None."""
        row = self._db.connection.execute(
            "SELECT * FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return _record(row) if row else None

    def set_state(self, session_id: int, state: SessionState,
                  ended_at: datetime | None = None) -> None:
        """Record a new state (and, once over, when it ended)."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE sessions SET state = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?",
                (str(SessionState(state)), stamp(ended_at) if ended_at else None, session_id),
            )

    def set_anchor(self, session_id: int, anchor: ClockAnchor) -> None:
        """Keep a new clock anchor for the session (after a resume in another boot)."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT plan_json FROM sessions WHERE id = ?",
                               (session_id,)).fetchone()
            if row is None:
                return
            try:
                data = json.loads(row["plan_json"] or "{}")
            except ValueError:
                data = {}
            data = data if isinstance(data, dict) else {}
            conn.execute("UPDATE sessions SET plan_json = ? WHERE id = ?",
                         (json.dumps({**data, _CLOCK_KEY: anchor.to_json()}), session_id))

    def add_marker(
        self, session_id: int, offset_s: float, created_at: datetime, playing: str | None,
        kind: str | None = None, track_offset_s: float | None = None,
    ) -> int:
        """Store a marker ``offset_s`` session seconds in (``track_offset_s`` into the track).

        Returns its id.
        """
        track = None if track_offset_s is None else float(track_offset_s)
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO markers (session_id, offset_s, created_at, playing, playing_kind,"
                " track_offset_s) VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, float(offset_s), stamp(created_at), playing, kind, track),
            )
            return int(cursor.lastrowid)

    def markers(self, session_id: int) -> list[Marker]:
        """The session's markers in time order."""
        rows = self._db.connection.execute(
            "SELECT * FROM markers WHERE session_id = ? ORDER BY offset_s, id", (session_id,)
        ).fetchall()
        return [marker(r) for r in rows]

    def find_interrupted(self) -> SessionRecord | None:
        """The latest session left open by a crash or a close, if any."""
        row = self._db.connection.execute(
            "SELECT * FROM sessions WHERE state IN (?, ?) ORDER BY started_at DESC, id DESC"
            " LIMIT 1",
            tuple(str(state) for state in OPEN_STATES),
        ).fetchone()
        return _record(row) if row else None


def _plan_json(plan: SessionPlan, anchor: ClockAnchor | None,
               piano: PianoSeed | None = None) -> str:
    data = plan.to_json()
    if anchor is not None:
        data[_CLOCK_KEY] = anchor.to_json()
    if piano is not None:
        data[PIANO_KEY] = piano.to_json()
    return json.dumps(data)


def _record(row: sqlite3.Row) -> SessionRecord:
    anchor = piano = None
    try:
        stored = {"minutes": row["planned_minutes"], "recovery_minutes": row["recovery_minutes"]}
        data = json.loads(row["plan_json"] or "{}")
        anchor = ClockAnchor.from_json(data.pop(_CLOCK_KEY, None))
        piano = PianoSeed.from_json(data.pop(PIANO_KEY, None))
        plan = SessionPlan.from_json({**stored, **data})
    except (ValueError, TypeError, AttributeError):
        # A plan from another version: rebuild what the columns still say.
        plan = SessionPlan(row["planned_minutes"], row["recovery_minutes"])
    return SessionRecord(
        id=row["id"],
        started_at=_started(row["started_at"]),
        plan=plan,
        playlist_id=row["playlist_id"],
        playlist_name=row["playlist_name"],
        intention=row["intention"] or "",
        mood_before=row["mood_before"],
        rehearsal=bool(row["rehearsal"]),
        state=SessionState(row["state"]),  # the schema's CHECK admits no other
        ended_at=parse_time(row["ended_at"]),
        anchor=anchor,
        piano=piano,
    )


def _started(text: str) -> datetime:
    moment = parse_time(text)
    if moment is None:
        raise ValueError(f"a session start that cannot be read: {text!r}")
    return moment
