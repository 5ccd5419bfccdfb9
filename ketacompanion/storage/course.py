"""The course plan, the check-ins and the integration offers, in SQLite.

SQL in, core dataclasses out. Answers are stored as one digit per item ("012300100")
with their total; the band is always read from the total by core/measures.py, so the
stored record and what the person sees can never disagree.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING

from ketacompanion.core.stamps import parse_time, stamp, utc_now
from ketacompanion.storage.database import Database

if TYPE_CHECKING:
    # Loaded by the methods that use them: the start-up's after-infusion offer
    # usually only asks whether one may be due, before the first frame.
    from ketacompanion.core.checkins import CheckIn
    from ketacompanion.core.course import CoursePlan, SessionStart

log = logging.getLogger(__name__)


class CourseRepository:
    """The plan (one row), check-ins (many) and which sessions were offered a note."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- the plan ----------------------------------------------------------------------

    def plan(self) -> CoursePlan | None:
        """The current plan, or None if the person has not set one."""
        row = self._conn.execute("SELECT * FROM course_plan WHERE id = 1").fetchone()
        if row is None:
            return None
        from ketacompanion.core.course import CoursePlan, Rhythm

        try:
            return CoursePlan(
                row["infusions"], date.fromisoformat(row["started_on"]),
                date.fromisoformat(row["next_date"]) if row["next_date"] else None,
                Rhythm(row["rhythm"]))
        except ValueError:
            log.warning("the course plan could not be read; shown as not set")
            return None

    def save_plan(self, plan: CoursePlan) -> None:
        """Store ``plan`` in place of the one before."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO course_plan (id, infusions, started_on, next_date, rhythm, "
                "updated_at) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "infusions = excluded.infusions, started_on = excluded.started_on, "
                "next_date = excluded.next_date, rhythm = excluded.rhythm, "
                "updated_at = excluded.updated_at",
                (plan.infusions, plan.started_on.isoformat(),
                 plan.next_date.isoformat() if plan.next_date else None,
                 str(plan.rhythm), utc_now()))
        log.info("course plan saved: %d infusions", plan.infusions)

    def clear_plan(self) -> None:
        """Forget the plan (sessions keep their plain numbers again)."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM course_plan")

    def session_starts(self) -> list[SessionStart]:
        """Every session's id, start and rehearsal flag: what numbering needs."""
        from ketacompanion.core.course import SessionStart

        starts = []
        for row in self._conn.execute("SELECT id, started_at, rehearsal FROM sessions"):
            when = parse_time(row["started_at"])
            if when is not None:
                starts.append(SessionStart(row["id"], when, bool(row["rehearsal"])))
        return starts

    def latest_real_starts(self, count: int = 20) -> list[SessionStart]:
        """The latest ``count`` real sessions (no rehearsals), newest first.

        Starts are stored in UTC and sort as text, so SQL picks them without
        reading every session: the offer after an infusion asks this at start-up.
        """
        from ketacompanion.core.course import SessionStart

        rows = self._conn.execute(
            "SELECT id, started_at, rehearsal FROM sessions WHERE rehearsal = 0 "
            "ORDER BY started_at DESC, id DESC LIMIT ?", (count,))
        starts = []
        for row in rows:
            when = parse_time(row["started_at"])
            if when is not None:
                starts.append(SessionStart(row["id"], when, False))
        return starts

    # -- check-ins -------------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        """Store a filled questionnaire; returns it with its id."""
        taken = stamp(checkin.taken_at)
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO checkins (measure, taken_at, answers, total, occasion) "
                "VALUES (?, ?, ?, ?, ?)",
                (str(checkin.measure), taken, "".join(str(a) for a in checkin.answers),
                 checkin.total, str(checkin.occasion)))
        log.info("%s check-in stored", checkin.measure)  # never the answers: private
        from ketacompanion.core.checkins import CheckIn

        return CheckIn(checkin.measure, checkin.taken_at, checkin.answers, checkin.occasion,
                       int(cursor.lastrowid or 0))

    def has_checkins(self) -> bool:
        """Whether any check-in is stored (asked without loading the questionnaires)."""
        return bool(self._conn.execute("SELECT EXISTS (SELECT 1 FROM checkins)").fetchone()[0])

    def checkins(self) -> list[CheckIn]:
        """Every check-in, oldest first; a damaged row is left out and logged."""
        from ketacompanion.core.checkins import CheckIn, Occasion
        from ketacompanion.core.measures import Measure

        found = []
        for row in self._conn.execute("SELECT * FROM checkins ORDER BY taken_at, id"):
            try:
                when = parse_time(row["taken_at"])
                if when is None:
                    raise ValueError("no date")
                found.append(CheckIn(Measure(row["measure"]), when,
                                     tuple(int(c) for c in row["answers"]),
                                     Occasion(row["occasion"]), row["id"]))
            except ValueError:
                log.warning("check-in %d could not be read; left out", row["id"])
        return found

    def delete_checkin(self, checkin_id: int) -> None:
        """Forget one check-in."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM checkins WHERE id = ?", (checkin_id,))

    # -- the offer to add to a note ------------------------------------------------

    def was_offered(self, session_id: int) -> bool:
        """Whether the "add to the note" offer was already shown for this session."""
        return self._conn.execute("SELECT 1 FROM integration_offers WHERE session_id = ?",
                                  (session_id,)).fetchone() is not None

    def offer_may_be_due(self, since: datetime) -> bool:
        """Whether a real session started after ``since`` was never offered a note.

        The start-up asks this first: most days no session is that recent or it
        was offered already, and then nothing more is read before the first frame.
        Starts are compared as stored text (UTC, sorting as time); ``since`` should
        leave a day or more to spare, for starts an older version kept with a
        local offset.
        """
        return self._conn.execute(
            "SELECT 1 FROM sessions WHERE rehearsal = 0 AND started_at >= ? AND id NOT IN "
            "(SELECT session_id FROM integration_offers) LIMIT 1", (stamp(since),),
        ).fetchone() is not None

    def offered_ids(self) -> set[int]:
        """Every session the offer was shown for."""
        return {row[0] for row in self._conn.execute("SELECT session_id FROM integration_offers")}

    def mark_offered(self, session_id: int, when: datetime) -> None:
        """Remember the offer was shown: it is never shown again for this session."""
        with self._db.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO integration_offers (session_id, offered_at) "
                         "VALUES (?, ?)", (session_id, stamp(when)))

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.connection
