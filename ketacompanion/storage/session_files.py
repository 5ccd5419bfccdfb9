"""The files a session owns beside the database: its note draft and its voice takes.

Named here once, because three places must agree on them: note drafts
(services.notes), voice takes (services.takes) and the real deletion of a
session (storage.journal), which removes every one of them.

- ``drafts/note-<id>.json``: the note being written, not yet committed;
- ``drafts/.note-<id>.json.<random>.tmp``: a write of that draft a kill cut short;
- ``drafts/stale-note-<id>-<n>.json``: a draft set aside because it is not its
  session's own (see :func:`is_sessions_own`);
- ``drafts/take-<id>-<stamp>[-<n>].wav``: a take being recorded, or interrupted;
- ``drafts/take-<id>-<stamp>[-<n>].session``: the mark of the session that take is for;
- ``drafts/unreadable-take-<id>-<stamp>[-<n>].wav``: an interrupted take start-up could
  not read, set aside (never deleted) so it no longer stands in the way;
- ``recordings/take-<id>-<stamp>[-<n>].flac``: a finished take.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

TAKE_DRAFT_NAME = re.compile(r"^take-(\d+)-[0-9T]+(?:-\d+)?\.wav$")
# core.files.atomic_write_bytes names its temp file ".<name>.<random>.tmp".
NOTE_WRITE_NAME = re.compile(r"^\.note-(\d+)\.json\.[^.]+\.tmp$")
FLAC_TEMP_PREFIX = ".take-"  # a take's FLAC while it is written; finished takes have no dot
# What start-up set aside for good in drafts: never looked at again by a start.
_SET_ASIDE = ("stale-note-", "unreadable-")


def left_behind(drafts: Path, recordings: Path) -> bool:
    """Whether a crash or a kill may have left work for start-up's recovery.

    True if drafts holds anything but files set aside for good (a draft, a take, a
    cut-short write, or a file no one named), or recordings holds a take's
    unfinished FLAC copy. Two folder listings: an ordinary start, with nothing
    left behind, need not load the recovery code before its first frame.
    """
    return (_any_named(drafts, lambda name: not name.startswith(_SET_ASIDE))
            or _any_named(recordings, lambda name: name.startswith(FLAC_TEMP_PREFIX)))


def _any_named(folder: Path, wanted: Callable[[str], bool]) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(wanted(entry.name) for entry in entries)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: the recovery itself looks, and logs what it finds


def note_draft(drafts: Path, session_id: int) -> Path:
    """Where the uncommitted note of ``session_id`` is autosaved."""
    return drafts / f"note-{session_id:d}.json"


def stale_note_draft(drafts: Path, session_id: int) -> Path:
    """A free name to set aside a draft that is not (or no longer) the session's note."""
    counter = 1
    while (path := drafts / f"stale-note-{session_id:d}-{counter:d}.json").exists():
        counter += 1
    return path


def take_stem(session_id: int, stamp: str) -> str:
    """The name (without suffix) of a take started at ``stamp``."""
    return f"take-{session_id:d}-{stamp}"


def take_mark_file(wav: Path) -> Path:
    """Where the mark of the session a take in drafts is for is kept, beside its WAV."""
    return wav.with_suffix(".session")


def unreadable_take(wav: Path) -> Path:
    """A free name beside ``wav`` to set aside a take that cannot be read."""
    path, counter = wav.with_name(f"unreadable-{wav.name}"), 1
    while path.exists():
        path = wav.with_name(f"unreadable-{wav.stem}.{counter:d}.wav")
        counter += 1
    return path


def session_files(drafts: Path, recordings: Path, session_id: int) -> list[Path]:
    """Every file on disk named for ``session_id``: drafts, set-aside drafts and takes.

    The trailing dash keeps session 1 from matching the files of session 11.
    """
    found = [note_draft(drafts, session_id)]
    found += drafts.glob(f"stale-note-{session_id:d}-*.json")
    found += drafts.glob(f".{note_draft(drafts, session_id).name}.*.tmp")
    found += drafts.glob(f"{take_stem(session_id, '')}*.wav")
    found += drafts.glob(f"{take_stem(session_id, '')}*.session")
    found += drafts.glob(f"unreadable-{take_stem(session_id, '')}*.wav")
    found += recordings.glob(f"{take_stem(session_id, '')}*.flac")
    return [path for path in found if path.exists()]


def is_sessions_own(
    file_mark: str | None, session_mark: str | None,
    written: datetime | None, started: datetime | None,
) -> bool:
    """True if a draft or take is the session's own.

    Session ids alone do not tell sessions apart: a draft or take left by a session
    that was later deleted carries the same id as a new session given that id. So
    each file carries its session's mark: its ``started_at`` exactly as stored,
    which a later session given the id does not share. Times are no test: the wall
    clock steps back (NTP correcting a fast clock, a manual change), and then
    everything written since looks older than the session.

    Args:
        file_mark: The mark written into the file; None if an older version wrote it.
        session_mark: The mark of the session with the file's id; None if there is none.
        written: When the file was written (for files without a mark).
        started: ``session_mark`` as a time (for files without a mark).
    """
    if session_mark is None:
        return False
    if file_mark is not None:
        return file_mark == session_mark
    # Written before files carried a mark: the time is all there is to go by.
    return written is not None and started is not None and written_since(written, started)


def written_since(written: datetime, started: datetime) -> bool:
    """True if something written at ``written`` can belong to a session started at ``started``.

    Only for files without a session mark (see :func:`is_sessions_own`). Draft
    times are stored to the second, so the start is compared to the second.
    """
    return written >= started.replace(microsecond=0)
