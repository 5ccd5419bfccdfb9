"""Times as the database keeps them: one text format, written and read only here.

Apart from core.records (which re-exports these) so that a page which only stores
a playlist's change time loads no session records before its first frame.
"""

from __future__ import annotations

from datetime import UTC, datetime


def stamp(moment: datetime) -> str:
    """``moment`` as the database keeps it: UTC ISO 8601 with milliseconds.

    One fixed width and one zone, so stored times sort as text (``2026-03-05T09:00:00.000+00:00``).
    A naive ``moment`` is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def utc_now() -> str:
    """The current time, stamped as stored."""
    return stamp(datetime.now(UTC))


def parse_time(text: str | None) -> datetime | None:
    """A stored time as an aware datetime, or None if there is none or it cannot be read.

    Reads every format ketacompanion ever wrote: ``...T09:00:00.000+00:00``,
    ``...T09:00:00Z``, ``...T09:00:00+00:00`` and local offsets; naive times are UTC.
    """
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except (ValueError, TypeError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
