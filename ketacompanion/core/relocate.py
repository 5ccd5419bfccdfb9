"""Repairing paths after a music folder moved: "locate missing files" in one step.

The person chooses the folder where the music now lives; every missing file is
looked up there by name. When several files share a name, the one whose parent
folders match most of the old path's trailing folders wins (".../Album/01.ogg"
finds "new/Album/01.ogg", not "new/Other/01.ogg").
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath

from ketacompanion.core.models import FileItem, PlaylistItem
from ketacompanion.core.tags import file_problem


@dataclass(frozen=True)
class RelocateResult:
    """The repaired items and how many missing files were found / are still missing."""

    items: list[PlaylistItem]
    found: int
    still_missing: int


def locate_missing(
    items: list[PlaylistItem],
    folder: str | os.PathLike[str],
    *,
    should_stop: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
) -> RelocateResult | None:
    """Point every missing file in ``items`` at a file of the same name under ``folder``.

    Walking a big folder takes a while: run it in a worker thread. ``progress`` hears
    how many folders were searched so far; ``should_stop`` is asked between folders.

    Returns:
        The repaired items and counts, or None if stopped.
    """
    missing = {
        item.path for item in items if isinstance(item, FileItem) and file_problem(item.path)
    }
    if not missing:
        return RelocateResult(list(items), 0, 0)
    wanted = {PurePath(path).name for path in missing}
    index = _index(folder, wanted, should_stop, progress)
    if index is None:
        return None
    repaired: list[PlaylistItem] = []
    found = still = 0
    for item in items:
        if isinstance(item, FileItem) and item.path in missing:
            match = _best(item.path, index.get(PurePath(item.path).name, []))
            if match is None:
                still += 1
            else:
                found += 1
                item = replace(item, path=match)
        repaired.append(item)
    return RelocateResult(repaired, found, still)


def _index(
    folder: str | os.PathLike[str],
    names: set[str],
    should_stop: Callable[[], bool],
    progress: Callable[[int], None] | None,
) -> dict[str, list[str]] | None:
    found: dict[str, list[str]] = defaultdict(list)
    for searched, (root, _dirs, files) in enumerate(os.walk(folder, followlinks=False)):
        if should_stop():
            return None
        if progress is not None:
            progress(searched + 1)
        for name in files:
            if name in names:
                found[name].append(os.path.join(root, name))
    return found


def _best(old: str, candidates: list[str]) -> str | None:
    if not candidates:
        return None
    old_parts = PurePath(old).parts[::-1]

    def shared_tail(candidate: str) -> int:
        count = 0
        for mine, theirs in zip(PurePath(candidate).parts[::-1], old_parts, strict=False):
            if mine != theirs:
                break
            count += 1
        return count

    return max(sorted(candidates), key=shared_tail)
