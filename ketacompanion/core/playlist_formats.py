"""Import and export playlists as M3U/M3U8, PLS and XSPF.

Reading is forgiving: web addresses and missing files become problems to show,
not failures, and text in UTF-8 (with or without BOM), UTF-16 with BOM, or the
Windows-1252/Latin-1 that old Winamp M3U files use is understood. Files that are
not playlists at all (binary, damaged XML, too large) raise
:class:`PlaylistFormatError` with one sentence for the user.

Writing always produces UTF-8 without BOM and LF line ends, for ``.m3u`` too:
VLC, Audacious, Strawberry and foobar2000 read UTF-8 M3U, and a BOM would hide the
``#EXTM3U`` header from older readers. Paths under the playlist's folder are
written relative (with ``/``), others absolute. Binaural segments and silences
survive in M3U/M3U8 (``#EXTKC:`` comment lines) and XSPF (an ``<extension>``);
PLS cannot hold them, and the export notes say so; a playlist of nothing else is
not written as PLS at all (it would be an empty playlist).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ketacompanion.core.files import atomic_write_bytes
from ketacompanion.core.m3u import parse_m3u, render_m3u
from ketacompanion.core.models import Playlist, PlaylistItem
from ketacompanion.core.playlist_entries import (
    EntryCollector,
    ImportResult,
    PlaylistError,
    PlaylistFormatError,
    PlaylistWriteError,
)
from ketacompanion.core.pls import parse_pls, render_pls
from ketacompanion.core.xspf import parse_xspf, render_xspf

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "ImportResult",
    "PlaylistError",
    "PlaylistFormatError",
    "PlaylistWriteError",
    "parse_playlist_bytes",
    "read_playlist",
    "write_playlist",
]

FORMATS = {".m3u": "m3u", ".m3u8": "m3u8", ".pls": "pls", ".xspf": "xspf"}
MAX_FILE_BYTES = 20 * 1024 * 1024
_CONTROL = set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def read_playlist(path: Path, *, keep_missing: bool = False) -> ImportResult:
    """Read a playlist file of any supported format.

    Args:
        path: The playlist file; relative locations in it are resolved against its folder.
        keep_missing: Also return local files that do not exist (they are still reported);
            Windows drive paths come back as "C:/Music/a.mp3", keeping their folder names
            for "locate missing files".

    Returns:
        The playable items in order, problems as short lines, and the detected format.

    Raises:
        PlaylistFormatError: The file cannot be read or is not a usable playlist.

    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO or device would block or never end.
            raise PlaylistFormatError(f"{path.name} is not a regular file.")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise PlaylistFormatError(_too_large(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PlaylistFormatError(f"There is no file called {path}.") from None
    except IsADirectoryError:
        raise PlaylistFormatError(f"{path.name} is a folder, not a playlist.") from None
    except OSError as exc:
        reason = exc.strerror or "read error"
        raise PlaylistFormatError(f"The playlist {path.name} cannot be read: {reason}.") from None
    base_dir = Path(os.path.abspath(path.parent))
    return parse_playlist_bytes(data, path.suffix, base_dir, keep_missing=keep_missing)


def parse_playlist_bytes(
    data: bytes, suffix: str, base_dir: Path, *, keep_missing: bool = False
) -> ImportResult:
    """Parse playlist content already in memory; see :func:`read_playlist`.

    Args:
        data: The file's bytes.
        suffix: The file name's extension (".m3u", ...); content wins when it is clearer.
        base_dir: Absolute folder that relative locations are resolved against.
        keep_missing: Also return local files that do not exist.

    Raises:
        PlaylistFormatError: The content is not a usable playlist.

    """
    if len(data) > MAX_FILE_BYTES:
        raise PlaylistFormatError(_too_large(len(data)))
    if not data.strip():
        raise PlaylistFormatError("This playlist file is empty.")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and (b"\x00" in data or sum(byte in _CONTROL for byte in data[:4096]) > 8):
        raise PlaylistFormatError("This file is not a playlist: it contains binary data.")
    fmt = _detect(data, suffix.lower())
    collector = EntryCollector(base_dir, keep_missing)
    if fmt == "xspf":
        name = parse_xspf(data, collector)
        return collector.result(fmt, name)
    text = _decode(data, fmt, collector)
    if fmt == "pls":
        parse_pls(text, collector)
        return collector.result(fmt)
    return collector.result(fmt, parse_m3u(text, collector))


def write_playlist(
    source: Playlist | Sequence[PlaylistItem], path: Path, fmt: str | None = None
) -> list[str]:
    """Export items to ``path`` atomically, in the format its extension names.

    Args:
        source: A playlist (its name is written where the format allows) or bare items.
        path: Target file; its extension chooses the format unless ``fmt`` is given.
        fmt: "m3u", "m3u8", "pls" or "xspf" to override the extension.

    Returns:
        Notes for the user about what the format could not keep (empty when all fit).

    Raises:
        PlaylistWriteError: Unknown format, nothing in ``source`` the format can hold,
            or the file could not be written.

    """
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt not in FORMATS.values():
        raise PlaylistWriteError(
            "Choose a playlist type ending in .m3u, .m3u8, .pls or .xspf to export."
        )
    items = list(source.items if isinstance(source, Playlist) else source)
    name = source.name if isinstance(source, Playlist) else None
    base_dir = Path(os.path.abspath(path.parent))
    notes: list[str] = []
    if fmt == "xspf":
        data = render_xspf(items, base_dir, name)
    elif fmt == "pls":
        text, notes = render_pls(items, base_dir)
        data = text.encode("utf-8")
    else:
        data = render_m3u(items, base_dir, name).encode("utf-8")
    try:
        # Private like every file the app writes: a playlist's names and titles say
        # what the person listens to, and other players run as the same user.
        atomic_write_bytes(path, data)
    except OSError as exc:
        reason = exc.strerror or "write error"
        raise PlaylistWriteError(f"The playlist could not be saved: {reason}.") from None
    return notes


def _detect(data: bytes, suffix: str) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<playlist")):
        return "xspf"
    if head.startswith(b"[playlist]"):
        return "pls"
    if head.startswith(b"#extm3u"):
        return "m3u8" if suffix == ".m3u8" else "m3u"
    return FORMATS.get(suffix, "m3u")


def _decode(data: bytes, fmt: str, collector: EntryCollector) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")  # some Windows tools write UTF-16 with BOM
        except UnicodeDecodeError:
            raise PlaylistFormatError("This playlist's UTF-16 text is damaged.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Winamp-era M3U files are in the Windows code page; cp1252 is its Western
    # form and Latin-1 covers the five bytes cp1252 leaves undefined.
    if fmt == "m3u8":
        collector.problem("the file is not valid UTF-8; read as Windows-1252 instead")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _too_large(size: int) -> str:
    return (
        f"This playlist is too large to open ({size / 1e6:.1f} MB; "
        f"the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)."
    )
