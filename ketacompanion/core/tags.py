"""Reading audio files' titles, artists and lengths (mutagen), and finding audio in folders.

Nothing here raises for a bad file: a file that is missing, unreadable or not
audio comes back with a ``problem`` sentence to show in its row.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ketacompanion.core.models import FileItem

AUDIO_EXTENSIONS = frozenset(
    {".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav", ".m4a", ".aac", ".aif", ".aiff", ".wma"}
)
MAX_TEXT = 200  # a tag is a label, not a document


@dataclass(frozen=True)
class TagInfo:
    """What a file says about itself; ``problem`` explains why it cannot be used."""

    item: FileItem
    problem: str | None = None


def file_problem(path: str | os.PathLike[str]) -> str | None:
    """A cheap check (no decoding): why ``path`` cannot be played, or None if it is there.

    Used for whole playlists on load, so it only looks at the file system.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "File not found: it may have been moved, renamed or deleted."
    except (OSError, ValueError) as exc:
        return f"Cannot reach the file: {getattr(exc, 'strerror', None) or exc}."
    if stat.S_ISDIR(info.st_mode):
        return "This is a folder, not an audio file."
    if not stat.S_ISREG(info.st_mode):
        return "This is not a regular file."
    if not os.access(path, os.R_OK):
        return "Cannot read the file: permission denied."
    if info.st_size == 0:
        return "The file is empty."
    return None


def read_tags(path: str | os.PathLike[str]) -> TagInfo:
    """Title, artist and length of an audio file; the file name stands in for a missing title."""
    import mutagen  # imported late: the window opens without it

    text = os.fspath(path)
    fallback = FileItem(text, title=Path(text).stem)
    problem = file_problem(text)
    if problem:
        return TagInfo(fallback, problem)
    try:
        audio = mutagen.File(text, easy=True)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError) as exc:
        # mutagen raises a wide set of errors for damaged files; each means "not usable".
        return TagInfo(fallback, f"Cannot read this file as audio ({type(exc).__name__}).")
    if audio is None:
        return TagInfo(fallback, "Not an audio file ketacompanion can play.")
    length = getattr(audio.info, "length", None)
    duration = float(length) if length and length > 0 else None
    title = _first(audio, "title") or fallback.title
    item = FileItem(text, title=title, artist=_first(audio, "artist"), duration_s=duration)
    if duration is None:
        return TagInfo(item, "The length of this file cannot be read.")
    return TagInfo(item)


def is_audio_name(path: str | os.PathLike[str]) -> bool:
    """Whether the file name has an audio extension."""
    return Path(path).suffix.lower() in AUDIO_EXTENSIONS


def audio_files(
    folder: str | os.PathLike[str], should_stop: Callable[[], bool] = lambda: False
) -> Iterator[Path]:
    """Audio files under ``folder`` (recursively), in name order folder by folder.

    Hidden files and folders are skipped; symlinked folders are not followed, so a
    link loop cannot trap the scan. ``should_stop`` is asked between folders.
    """
    for root, dirs, files in os.walk(folder, followlinks=False):
        if should_stop():
            return
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files, key=str.casefold):
            if not name.startswith(".") and is_audio_name(name):
                yield Path(root) / name


def _first(audio: object, key: str) -> str | None:
    try:
        values = audio.get(key)  # type: ignore[attr-defined]
    except (KeyError, ValueError):
        return None
    if not values:
        return None
    text = str(values[0]).strip().replace("\n", " ")
    return text[:MAX_TEXT] or None
