"""PLS playlists: an INI-like ``[playlist]`` section of ``FileN``/``TitleN``/``LengthN`` keys.

PLS has no comment syntax, so binaural segments and silences cannot be stored in
it; the writer leaves them out and says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ketacompanion.core.models import FileItem, PlaylistItem
from ketacompanion.core.playlist_entries import (
    EntryCollector,
    PlaylistFormatError,
    PlaylistWriteError,
    display_text,
    location_for,
    split_artist_title,
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ENTRY_KEY = re.compile(r"^(file|title|length)(\d{1,9})$", re.IGNORECASE)


def parse_pls(text: str, collector: EntryCollector) -> None:
    """Read PLS text into ``collector``, in the order of the entry numbers.

    Raises:
        PlaylistFormatError: Neither a ``[playlist]`` section nor any ``FileN=`` entry.

    """
    entries: dict[int, dict[str, str]] = {}
    declared: int | None = None
    seen_header = False
    for number, raw_line in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw_line.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            seen_header = seen_header or line[1:-1].strip().lower() == "playlist"
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        match = _ENTRY_KEY.match(key)
        if match:
            fields = entries.setdefault(int(match.group(2)), {})
            if len(entries) > 100_000:
                raise PlaylistFormatError("This playlist has too many entries to open.")
            fields[match.group(1).lower()] = value.strip()
        elif key.lower() == "numberofentries" and _is_count(value.strip()):
            declared = int(value.strip())
        elif not sep:
            collector.problem(f"line {number}: not understood, ignored")
    if not seen_header and not any("file" in fields for fields in entries.values()):
        raise PlaylistFormatError(
            "This is not a PLS playlist: it has no [playlist] section and no File entries."
        )
    collector.marked = seen_header
    if not seen_header:
        collector.problem("the [playlist] header is missing; entries read anyway")
    for index in sorted(entries):
        _add_entry(collector, index, entries[index])
    files = sum(1 for fields in entries.values() if "file" in fields)
    if declared is not None and declared != files:
        collector.problem(f"NumberOfEntries says {declared} but the file lists {files}")


def render_pls(items: Sequence[PlaylistItem], base_dir: Path) -> tuple[str, list[str]]:
    """PLS text for the files in ``items`` and notes on what PLS cannot hold.

    Raises:
        PlaylistWriteError: ``items`` holds only binaural segments and silences, so
            the file would be an empty playlist.

    """
    lines = ["[playlist]"]
    files = [item for item in items if isinstance(item, FileItem)]
    if items and not files:
        raise PlaylistWriteError(
            "Nothing in this playlist can be written as PLS; use .m3u8 or .xspf."
        )
    for number, item in enumerate(files, start=1):
        seconds = round(item.duration_s) if item.duration_s is not None else -1
        lines.append(f"File{number}={location_for(item.path, base_dir)}")
        if item.title or item.artist:
            lines.append(f"Title{number}={' '.join(display_text(item).split())}")
        lines.append(f"Length{number}={seconds}")
    lines += [f"NumberOfEntries={len(files)}", "Version=2"]
    notes: list[str] = []
    left_out = len(items) - len(files)
    if left_out:
        notes.append(
            f"PLS files cannot hold binaural segments or silences; {left_out} "
            f"{'item was' if left_out == 1 else 'items were'} left out. "
            "Export as M3U8 or XSPF to keep them."
        )
    return "\n".join(lines) + "\n", notes


def _add_entry(collector: EntryCollector, index: int, fields: dict[str, str]) -> None:
    where = f"entry {index}"
    if "file" not in fields:
        collector.problem(f"{where}: has a title or length but no File, skipped")
        return
    artist, title = split_artist_title(fields.get("title", ""))
    duration: float | None = None
    length = fields.get("length", "")
    if _is_count(length) and 0 < int(length) < 10**7:
        duration = float(length)
    collector.add_location(fields["file"], where, title, artist, duration)


def _is_count(text: str) -> bool:
    # str.isdigit() accepts superscripts that int() rejects.
    return text.isascii() and text.isdigit() and len(text) < 10
