"""What the M3U, PLS and XSPF readers and writers share.

Turning a written location (relative path, Windows path, ``file://`` URL, web
address) into a playlist item or a readable problem; turning an item back into a
location. The JSON form of binaural segments and silences is in
:mod:`ketacompanion.core.special_items`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from ketacompanion.core.models import (
    FileItem,
    FreshPiano,
    PlaylistItem,
)
from ketacompanion.core.special_items import special_from_json
from ketacompanion.core.tags import is_audio_name

MAX_ENTRIES = 100_000
MAX_PROBLEMS = 200
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+):")  # two letters or more: "C:" is a drive
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_SKIPPED_SCHEMES = {"http", "https", "ftp", "rtsp", "mms", "rtmp"}


class PlaylistError(Exception):
    """A playlist could not be read or written; the message is one sentence for the user."""


class PlaylistFormatError(PlaylistError):
    """The file is not a usable playlist (binary, damaged, too large, empty)."""


class PlaylistWriteError(PlaylistError):
    """A playlist could not be exported (unknown type, disk error)."""


@dataclass
class ImportResult:
    """What a playlist file gave: playable items, problems worth showing, and its format."""

    items: list[PlaylistItem]
    problems: list[str]
    format: str
    name: str | None = None


@dataclass
class EntryCollector:
    """Collects a playlist's entries in order, resolving locations and noting problems.

    Args:
        base_dir: Folder that relative locations are resolved against.
        keep_missing: Keep local files that do not exist (still reported) instead of
            dropping them; Windows paths are kept as "C:/Music/a.mp3".

    Attributes:
        marked: The file shows a playlist's own marking (``#EXTM3U``, ``#EXTINF``, a
            ``[playlist]`` section, an XSPF root); the readers set it.

    """

    base_dir: Path
    keep_missing: bool = False
    problems: list[str] = field(default_factory=list)
    marked: bool = False
    _slots: list[PlaylistItem | None] = field(default_factory=list)
    _placed: list[tuple[int, PlaylistItem]] = field(default_factory=list)
    _hidden_problems: int = 0
    # Files that are there and our segments; then, of the rest, entries a playlist
    # would hold (music file names, web and file:// addresses) and any other text.
    _present: int = 0
    _playlist_like: int = 0
    _text_like: int = 0

    def problem(self, text: str) -> None:
        """Note a problem, keeping the list short enough to read."""
        if len(self.problems) < MAX_PROBLEMS:
            # One problem, one line: names from the file may hold line breaks.
            self.problems.append(_CONTROL_CHARS.sub(" ", text))
        else:
            self._hidden_problems += 1

    def add_location(
        self,
        raw: str,
        where: str,
        title: str | None = None,
        artist: str | None = None,
        duration_s: float | None = None,
        uri: bool = False,
    ) -> None:
        """Add one written location; web addresses and missing files become problems.

        ``uri`` marks locations that are URI references (XSPF), so percent-escapes
        in relative ones are decoded.
        """
        self._reserve()
        path, problem = resolve_location(raw, self.base_dir, uri)
        item: FileItem | None = None
        kept: str | None = None
        if path is not None and problem is None:
            if _is_file(path):
                item = FileItem(str(path), title or None, artist or None, duration_s)
            else:
                problem, kept = f"missing file: {path}", str(path)
        elif path is not None:
            # A Windows path read here: "C:/Music/a.mp3" keeps its folder names, so
            # "locate missing files" can still find the file where the music now lives.
            kept = path.as_posix()
        if item is not None:
            self._present += 1
        else:
            self._weigh(raw, kept is not None and is_audio_name(kept))
        if kept is not None and self.keep_missing:
            item = FileItem(kept, title or None, artist or None, duration_s)
        if problem:
            self.problem(f"{where}: {problem}")
        self._slots.append(item)

    def add_special(self, text: str, where: str, at: int | None = None) -> None:
        """Add a binaural segment or silence from our JSON form, in order or at index ``at``."""
        self._reserve()
        try:
            item = special_from_json(text)
        except (ValueError, TypeError, RecursionError) as exc:
            self.problem(f"{where}: damaged ketacompanion entry skipped ({exc})")
            return
        if isinstance(item, FreshPiano):  # the library cannot keep it yet (its schema)
            self.problem(f"{where}: fresh piano cannot be kept in a playlist yet; skipped")
            return
        self._present += 1
        if at is None:
            self._slots.append(item)
        else:
            self._placed.append((at, item))

    def result(self, fmt: str, name: str | None = None) -> ImportResult:
        """Return the items gathered so far, placed items inserted at their positions.

        Raises:
            PlaylistFormatError: The file is plain text, not a playlist (see
                :meth:`is_plain_text`).

        """
        if self.is_plain_text():
            raise PlaylistFormatError(
                "This file does not look like a playlist: it has no playlist heading, "
                "and none of the files it lists are there."
            )
        slots = list(self._slots)
        for at, item in sorted(self._placed, key=lambda pair: pair[0]):
            slots.insert(max(0, min(at, len(slots))), item)
        problems = list(self.problems)
        if self._hidden_problems:
            problems.append(f"... and {self._hidden_problems} more problems")
        if not slots:
            problems.append("the playlist has no entries")
        items = [item for item in slots if item is not None]
        return ImportResult(items, problems, fmt, name or None)

    def is_plain_text(self) -> bool:
        """Whether this is any text file rather than a playlist whose music is missing.

        Without a playlist's marking, every line of a text file (/etc/passwd, notes)
        reads as a missing file or an odd address. A real playlist whose files are
        all missing is kept (the drive may be unplugged): it is marked, or most of
        its lines name music files or web addresses (an old M3U without ``#EXTM3U``
        is only a list of paths); a stray ".mp3" in a text file does not make it one.
        """
        return (not self.marked and self._present == 0
                and self._text_like > self._playlist_like)

    def _weigh(self, raw: str, music_name: bool) -> None:
        """Count a location that is not there as what a playlist holds, or as other text."""
        scheme = _SCHEME.match(raw.strip())
        if scheme:
            name = scheme.group(1).lower()
            like = name == "file" or name in _SKIPPED_SCHEMES  # "root:x:0:0" is no address
        else:
            like = music_name
        if like:
            self._playlist_like += 1
        else:
            self._text_like += 1

    def _reserve(self) -> None:
        if len(self._slots) + len(self._placed) >= MAX_ENTRIES:
            raise PlaylistFormatError(
                f"This playlist has more than {MAX_ENTRIES:,} entries, too many to open."
            )


def resolve_location(
    raw: str, base_dir: Path, uri: bool = False
) -> tuple[PurePath | None, str | None]:
    """Turn a written location into a local path, or explain why there is none.

    Args:
        raw: The location as written in the playlist.
        base_dir: Folder that relative locations are resolved against.
        uri: The location is a URI reference, so "%20" in a relative one is a space.

    Returns:
        ``(path, None)`` for a local file (which may not exist), ``(None, problem)`` for
        what is not a local file, and ``(PureWindowsPath, problem)`` for a Windows drive
        or network path read on another system.

    """
    text = raw.strip()
    if not text:
        return None, "empty location skipped"
    if "\x00" in text:
        return None, "location with a NUL character skipped"
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        if scheme == "file":
            return _from_file_url(text, base_dir)
        if scheme in _SKIPPED_SCHEMES:
            return None, f"web address skipped ({_shorten(text)})"
        return None, f"unsupported address skipped ({_shorten(text)})"
    if os.name != "nt" and _WINDOWS_ABSOLUTE.match(text):
        # A Windows drive or network path cannot exist here; show it as written.
        return PureWindowsPath(text), f"missing file: {text} (a Windows path)"
    if uri and "%" in text:
        # Strawberry writes plain paths into XSPF, VLC escaped URI references:
        # prefer the decoded name unless only the literal one exists.
        decoded = os.fsdecode(unquote_to_bytes(text))
        usable = "\x00" not in decoded
        if usable and (_is_file(base_dir / decoded) or not _is_file(base_dir / text)):
            text = decoded
    if os.name != "nt" and "\\" in text and not _is_file(base_dir / text):
        text = text.replace("\\", "/")  # relative Windows path such as ..\x.mp3
    return Path(os.path.normpath(base_dir / text)), None


def location_for(path: str, base_dir: Path) -> str:
    """Write a path for M3U/PLS: relative under the playlist's folder, else absolute."""
    absolute = Path(os.path.abspath(path))
    if absolute.is_relative_to(base_dir):
        text = absolute.relative_to(base_dir).as_posix()
    else:
        text = str(absolute)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Undecodable filename bytes survive only as a percent-escaped URL.
        return absolute.as_uri()
    if text != text.strip() or any(char in text for char in "\r\n\t"):
        return absolute.as_uri()  # readers strip lines; escapes keep the name whole
    if text.startswith("#"):
        return "./" + text  # "#1.mp3" would read as a comment
    return text


def uri_for(path: str, base_dir: Path) -> str:
    """Write a path as XSPF location: relative URI under the playlist's folder, else URL."""
    absolute = Path(os.path.abspath(path))
    if absolute.is_relative_to(base_dir):
        relative = os.fsencode(absolute.relative_to(base_dir).as_posix())
        return quote(relative, safe="/")
    return absolute.as_uri()


def split_artist_title(text: str) -> tuple[str | None, str | None]:
    """Split Winamp's "Artist - Title" display text; text without the dash is a title."""
    text = text.strip()
    artist, sep, title = text.partition(" - ")
    if sep and artist.strip() and title.strip():
        return artist.strip(), title.strip()
    return None, text or None


def display_text(item: FileItem) -> str:
    """Return the "Artist - Title" text of M3U and PLS; the file name if there is no title."""
    title = item.title or PurePath(item.path).stem
    return f"{item.artist} - {title}" if item.artist else title


def _from_file_url(text: str, base_dir: Path) -> tuple[PurePath | None, str | None]:
    try:
        parts = urlsplit(text)
    except ValueError:
        # An unclosed "[" or a bracketed host that is no IP address: damage, not a file.
        return None, f"damaged address skipped ({_shorten(text)})"
    if parts.netloc not in ("", "localhost"):
        return None, f"network location skipped ({_shorten(text)})"
    raw = unquote_to_bytes(parts.path)
    if b"\x00" in raw:
        return None, "location with a NUL character skipped"
    # file:///C:/Music/a.mp3 names a Windows drive; keep it recognisable.
    windows = re.match(rb"^/[A-Za-z]:[/\\]", raw)
    if windows and os.name != "nt":
        windows_path = PureWindowsPath(unquote(parts.path)[1:])
        return windows_path, f"missing file: {windows_path} (a Windows path)"
    name = os.fsdecode(raw[1:] if windows else raw)
    return Path(os.path.normpath(base_dir / name)), None


def _is_file(path: PurePath) -> bool:
    # Path.exists() raises on over-long names; any failure to stat means "not there".
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
