"""M3U and M3U8 playlists: one location a line, with optional ``#EXTINF`` details.

Binaural segments and silences travel in ``#EXTKC:`` lines holding one JSON
object; other players treat any line starting with ``#`` as a comment and skip it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ketacompanion.core.models import FileItem, PlaylistItem
from ketacompanion.core.playlist_entries import (
    EntryCollector,
    display_text,
    location_for,
    split_artist_title,
)
from ketacompanion.core.special_items import special_to_json

SPECIAL_PREFIX = "#EXTKC:"
MAX_LINE = 32_768  # longer than any real path; a longer line is damage, not a location
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DURATION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)")


def parse_m3u(text: str, collector: EntryCollector) -> str | None:
    """Read M3U text into ``collector``; returns the ``#PLAYLIST:`` name if there is one."""
    name: str | None = None
    info: tuple[str | None, str | None, float | None] | None = None
    for number, raw_line in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw_line.strip()
        if not line:
            continue
        where = f"line {number}"
        if len(line) > MAX_LINE:
            collector.problem(f"{where}: too long to be a file location, skipped")
            continue
        upper = line[:10].upper()
        if upper.startswith(("#EXTM3U", "#EXTINF:", SPECIAL_PREFIX, "#PLAYLIST:")):
            collector.marked = True  # an extended M3U, not just any text
        if upper.startswith("#EXTINF:"):
            info = _parse_extinf(line[len("#EXTINF:") :])
        elif upper.startswith(SPECIAL_PREFIX):
            collector.add_special(line[len(SPECIAL_PREFIX) :], where)
            info = None
        elif upper.startswith("#PLAYLIST:"):
            name = line[len("#PLAYLIST:") :].strip() or name
        elif line.startswith("#"):
            continue  # #EXTM3U, #EXTVLCOPT, #EXTGRP and plain comments
        else:
            artist, title, duration = info or (None, None, None)
            collector.add_location(line, where, title, artist, duration)
            info = None
    return name


def render_m3u(items: Sequence[PlaylistItem], base_dir: Path, name: str | None = None) -> str:
    """M3U text (LF line ends) for ``items``, paths relative to ``base_dir`` where possible."""
    lines = ["#EXTM3U"]
    if name:
        lines.append(f"#PLAYLIST:{_one_line(name)}")
    for item in items:
        if isinstance(item, FileItem):
            if item.title or item.artist or item.duration_s is not None:
                seconds = round(item.duration_s) if item.duration_s is not None else -1
                lines.append(f"#EXTINF:{seconds},{_one_line(display_text(item))}")
            lines.append(location_for(item.path, base_dir))
        else:
            lines.append(SPECIAL_PREFIX + special_to_json(item))
    return "\n".join(lines) + "\n"


def _parse_extinf(rest: str) -> tuple[str | None, str | None, float | None]:
    # "#EXTINF:245,Artist - Title"; VLC and IPTV tools may add key="value" pairs
    # before the comma, so only the leading number is the duration.
    head, _, display = rest.partition(",")
    match = _DURATION.match(head)
    duration: float | None = None
    if match:
        value = float(match.group(1))
        duration = value if 0 < value < 1e7 else None
    artist, title = split_artist_title(display)
    return artist, title, duration


def _one_line(text: str) -> str:
    return " ".join(text.split())
