"""Preflight: decode every item of a playlist before the session and say what is wrong.

Decoding is done the same way the player does it (chunk by chunk with
soundfile), so an item that passes here plays. It takes a few seconds per hour
of music: run it in a worker thread (no pygame and no Qt here) and pass
``should_stop`` to cancel and ``progress`` to show how far it got.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

import soundfile

from ketacompanion.audio.sources import SourceError, check_format, decoded_by_av
from ketacompanion.core.models import FileItem, PlaylistItem

_BLOCK = 65536


class Problem(Enum):
    """Why an item cannot be played."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    CORRUPT = "corrupt"


@dataclass(frozen=True)
class ItemProblem:
    """One item that will not play, and why in plain words."""

    index: int
    item: PlaylistItem
    problem: Problem
    message: str


def preflight(
    items: Sequence[PlaylistItem],
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[ItemProblem]:
    """Decode every file item completely; return the problems found (empty if all is well).

    Generated items (binaural segments, silences) validate themselves when built.
    """
    problems: list[ItemProblem] = []
    for index, item in enumerate(items):
        if should_stop is not None and should_stop():
            break
        if isinstance(item, FileItem):
            found = check_file(item.path)
            if found is not None:
                problems.append(ItemProblem(index, item, found[0], found[1]))
        if progress is not None:
            progress(index + 1, len(items))
    return problems


def check_file(path: str) -> tuple[Problem, str] | None:
    """Decode one file to the end; None if it plays, else the problem and a message."""
    name = os.path.basename(path)
    if not os.path.exists(path):
        return Problem.MISSING, f"{name} is missing ({path})"
    if not os.path.isfile(path) or not os.access(path, os.R_OK):
        return Problem.UNREADABLE, f"{name} cannot be read (not a file, or no permission)"
    if decoded_by_av(path):  # M4A/AAC: decoded by PyAV, as the player does
        from ketacompanion.audio.av_source import check_av_file

        message = check_av_file(path)
        return None if message is None else (Problem.CORRUPT, message)
    try:
        with soundfile.SoundFile(path) as sound:
            check_format(sound, name)  # before decoding: a damaged header is refused here
            if sound.frames == 0 and os.path.getsize(path) > 0 and sound.format != "MP3":
                return Problem.CORRUPT, f"{name} holds no sound"
            decoded = 0
            while True:
                block = sound.read(_BLOCK, dtype="float32", always_2d=True)
                decoded += len(block)
                if len(block) < _BLOCK:
                    break
    except SourceError as exc:
        return Problem.CORRUPT, str(exc)
    except (soundfile.LibsndfileError, RuntimeError, ValueError):
        return Problem.CORRUPT, f"{name} is damaged or not a kind of audio file we can play"
    except OSError as exc:
        return Problem.UNREADABLE, f"{name} cannot be read ({exc.strerror or exc})"
    if decoded == 0:
        return Problem.CORRUPT, f"{name} holds no sound"
    return None
