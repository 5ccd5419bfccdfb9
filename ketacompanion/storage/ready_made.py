"""Putting the ready-made playlists into the library: once on first run, and on request.

The GUI and the command line both call :func:`seed_ready_made` right after opening
the database, so both see the same library. Each ready-made playlist is added
once; if the person deletes it, it stays deleted until they restore it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from ketacompanion.core.models import FileItem, Playlist
from ketacompanion.core.ready_made import READY_MADE, build, ready_made
from ketacompanion.storage.playlists import PlaylistRepository

log = logging.getLogger(__name__)


def bundled_piano(audio_dir: Path) -> list[FileItem]:
    """The bundled piano pieces (``*.ogg`` in ``audio_dir``) with their tags, by file name."""
    if not audio_dir.is_dir():
        return []
    # Imported on use: tags are read only when piano playlists are seeded or restored,
    # not on an ordinary start.
    from ketacompanion.core.tags import read_tags

    pieces = []
    for path in sorted(audio_dir.glob("*.ogg")):
        info = read_tags(path)
        if info.problem:
            log.warning("bundled audio %s not usable: %s", path.name, info.problem)
            continue
        pieces.append(info.item)
    return pieces


def seed_ready_made(repo: PlaylistRepository, audio_dir: Path) -> list[Playlist]:
    """Add every ready-made playlist never added before; return those added.

    Piano playlists wait (unmarked) while no piano pieces are installed, so they
    appear once the pieces do.
    """
    pending = [entry for entry in READY_MADE if not repo.was_seeded(entry.key)]
    if not pending:
        return []
    piano = bundled_piano(audio_dir) if any(e.needs_piano for e in pending) else []
    added = []
    for entry in pending:
        playlist = build(entry, piano)
        if playlist is None:
            continue
        playlist.name = repo.unique_name(playlist.name)
        added.append(repo.add(playlist, builtin_key=entry.key))
        repo.mark_seeded(entry.key)
    return added


def restore_ready_made(repo: PlaylistRepository, key: str, audio_dir: Path) -> Playlist:
    """Put ready-made playlist ``key`` back as it was first made.

    A stored copy (same key) is reset in place, keeping its id; otherwise it is added anew.

    Raises:
        KeyError: No ready-made playlist has ``key``.
        LookupError: It needs the bundled piano pieces and none are installed.
    """
    entry = ready_made(key)
    playlist = build(entry, bundled_piano(audio_dir) if entry.needs_piano else [])
    if playlist is None:
        raise LookupError("The bundled piano pieces are not installed.")
    existing = repo.ids_for_builtin(key)
    repo.mark_seeded(key)
    if existing:
        target = existing[0]
        free = repo.find(playlist.name)
        name = playlist.name if free is None or free.id == target else repo.get(target).name
        restored = replace(playlist, name=name, id=target)
        repo.save(restored)
        return repo.get(target)
    playlist.name = repo.unique_name(playlist.name)
    return repo.add(playlist, builtin_key=key)
