"""The one wording of a marked moment, for the note page, the Journal and the export.

A mark says how far into the session it came and where in the track:
``12 min in · 'Drift' at 3:41 (piano)``. The clock time alone ("22:59") made two
marks in the same minute look the same. Marks kept before track positions were
stored have only the session offset: they say the seconds too (``12 min 5 s in ·
during 'Drift'``), so they are still told apart.
"""

from __future__ import annotations

import math
from typing import Protocol

from ketacompanion.core.recording import clock_text

SEPARATOR = " · "


class MarkLike(Protocol):
    """What a stored mark holds (both repositories' Marker classes have it)."""

    @property
    def offset_s(self) -> float:
        """Session seconds from Start to the mark."""
        ...

    @property
    def playing(self) -> str | None:
        """A short title of what played."""
        ...

    @property
    def kind(self) -> str | None:
        """The kind of sound: piano, music, binaural beat."""
        ...

    @property
    def track_offset_s(self) -> float | None:
        """Seconds into what played (None: not known)."""
        ...


def mark_text(mark: MarkLike) -> str:
    """``12 min in · 'Drift' at 3:41 (piano)``: when in the session, and where in the track."""
    title = _quoted(mark.playing)
    track = mark.track_offset_s
    if title and track is not None and math.isfinite(track):
        where = f"{title} at {clock_text(max(0.0, track))}"
        where += f" ({mark.kind})" if mark.kind else ""
        return SEPARATOR.join((_minutes_in(mark.offset_s), where))
    # No place in a track to tell two marks of one minute apart: the seconds do.
    parts = [_seconds_in(mark.offset_s)]
    if title:
        parts.append(during_text(mark.playing, mark.kind))
    return SEPARATOR.join(parts)


def during_text(playing: str | None, kind: str | None = None) -> str:
    """``during 'Drift' (piano)``: what played when a marker was set, title in quotes.

    The session engine stores a short title (a file's title or name, a binaural
    label, "Silence") and the kind of sound; the quotes keep a title from reading
    as prose. Text that already carries its own quotes is kept as it is.
    """
    quoted = _quoted(playing)
    if not quoted:
        return ""
    return f"during {quoted} ({kind})" if kind else f"during {quoted}"


def _quoted(playing: str | None) -> str:
    if not playing or not playing.strip():
        return ""
    title = playing.strip()
    return title if title[0] in "'\"\u2018\u201c" else f"'{title}'"


def _whole_seconds(offset_s: float) -> int:
    return int(offset_s) if math.isfinite(offset_s) and offset_s > 0 else 0


def _minutes_in(offset_s: float) -> str:
    """``12 min in``: whole minutes, as a clock reads them (12:59 is still 12)."""
    minutes = _whole_seconds(offset_s) // 60
    return f"{minutes} min in" if minutes else "Under a minute in"


def _seconds_in(offset_s: float) -> str:
    """``12 min 5 s in``."""
    minutes, seconds = divmod(_whole_seconds(offset_s), 60)
    if not minutes:
        return f"{seconds} s in"
    return f"{minutes} min {seconds} s in" if seconds else f"{minutes} min in"
