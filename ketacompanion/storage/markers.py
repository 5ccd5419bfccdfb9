"""A ``markers`` row as the one :class:`~ketacompanion.core.records.Marker` record.

Shared by the sessions' repository (which writes marks) and the journal's (which
reads them onto its cards), and kept apart so that the Journal's first frame does
not load the sessions' module, its clock and its plans for it.
"""

from __future__ import annotations

import sqlite3

from ketacompanion.core.records import Marker, parse_time


def marker(row: sqlite3.Row) -> Marker:
    """A ``markers`` row as the one :class:`Marker` record."""
    return Marker(row["offset_s"], parse_time(row["created_at"]), row["playing"],
                  row["playing_kind"], row["track_offset_s"], row["id"], row["session_id"])
