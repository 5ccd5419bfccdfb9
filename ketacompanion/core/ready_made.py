"""The ready-made playlists offered on first run, built to fit their length.

Each is described by a key ("piano-45") and built from the bundled piano pieces
found at run time, so new or re-rendered pieces are picked up without code
changes. Building is pure: the caller reads the pieces' tags and stores the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import combinations, islice

from ketacompanion.core.fitting import FIT_TOLERANCE_S
from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    Playlist,
    PlaylistItem,
)
from ketacompanion.core.presets import preset

_CARRIER_HZ = 180.0  # one carrier through a beats playlist: only the beat moves
_SETTLE_MIN = 6.0
_RETURN_MIN = 6.0
_BED_LEVEL = 0.25
_MAX_CHOICES = 5000  # ways to pick the extra pieces, per count; plenty for a few dozen


@dataclass(frozen=True)
class ReadyMade:
    """One ready-made playlist: its key, shown name, style and length."""

    key: str
    style: str  # "piano", "theta" or "piano-theta"
    minutes: int

    @property
    def name(self) -> str:
        """The name shown in the library, e.g. "Piano - 45 min"."""
        label = {"piano": "Piano", "theta": "Theta beats", "piano-theta": "Piano over theta"}
        return f"{label[self.style]} - {self.minutes} min"

    @property
    def needs_piano(self) -> bool:
        """Whether it uses the bundled piano pieces."""
        return self.style != "theta"


READY_MADE: tuple[ReadyMade, ...] = tuple(
    ReadyMade(f"{style}-{minutes}", style, minutes)
    for style, minutes in (
        ("piano", 45), ("piano", 60), ("theta", 45), ("theta", 55),
        ("piano-theta", 45), ("piano-theta", 60),
    )
)


def ready_made(key: str) -> ReadyMade:
    """The ready-made description with ``key``.

    Raises:
        KeyError: No such ready-made playlist.
    """
    for entry in READY_MADE:
        if entry.key == key:
            return entry
    raise KeyError(key)


def build(entry: ReadyMade, piano: list[FileItem]) -> Playlist | None:
    """The playlist ``entry`` describes, or None when it needs piano pieces and there are none.

    Args:
        entry: Which ready-made playlist.
        piano: The bundled pieces with their durations (pieces of unknown length are ignored).
    """
    if entry.style == "theta":
        return Playlist(entry.name, theta_journey(entry.minutes), entry.minutes,
                        EndBehaviour.SILENCE)
    items = fill_with_pieces(piano, entry.minutes * 60.0)
    if not items:
        return None
    if entry.style == "piano":
        return Playlist(entry.name, items, entry.minutes, EndBehaviour.REPEAT)
    bed = preset("theta").segment(entry.minutes)
    return Playlist(entry.name, items, entry.minutes, EndBehaviour.BED, bed, _BED_LEVEL)


def theta_journey(minutes: float) -> list[PlaylistItem]:
    """Settle into theta, stay, and glide back up to alpha for the end of the session."""
    settle = replace(preset("settle").segment(_SETTLE_MIN), carrier_hz=_CARRIER_HZ)
    middle = replace(
        preset("theta").segment(minutes - _SETTLE_MIN - _RETURN_MIN), carrier_hz=_CARRIER_HZ
    )
    back: BinauralSegment = replace(
        preset("return").segment(_RETURN_MIN), carrier_hz=_CARRIER_HZ, beat_hz=6.0,
        label="Return 6 → 10 Hz",
    )
    return [settle, middle, back]


def fill_with_pieces(pieces: list[FileItem], target_s: float) -> list[PlaylistItem]:
    """Pieces in turn, each used as evenly as possible, filling ``target_s`` most closely.

    For every count of pieces that could fill the time, the extra pieces beyond an
    even share are chosen so the total lands nearest the target (an overrun
    counts double: it fades out, a short gap is filled by the ending). If that
    is still more than a minute off, single additions, removals and swaps are
    tried. The result then goes round the pieces in their order.
    """
    usable = [p for p in pieces if p.duration_s and p.duration_s > 0]
    if not usable:
        return []
    lengths = [p.duration_s or 0.0 for p in usable]
    fewest = max(1, math.floor(target_s / max(lengths)))
    most = math.ceil(target_s / min(lengths)) + 1
    best: tuple[float, list[int]] | None = None
    for total_count in range(fewest, most + 1):
        base, extra = divmod(total_count, len(usable))
        for chosen in islice(combinations(range(len(usable)), extra), _MAX_CHOICES):
            counts = [base + (1 if i in chosen else 0) for i in range(len(usable))]
            total = sum(c * length for c, length in zip(counts, lengths, strict=True))
            miss = total - target_s
            cost = miss * 2 if miss > 0 else -miss
            if best is None or cost < best[0]:
                best = (cost, counts)
    assert best is not None
    counts = _improve(best[1], lengths, target_s)
    order: list[PlaylistItem] = []
    while any(counts):
        for i, piece in enumerate(usable):
            if counts[i]:
                order.append(piece)
                counts[i] -= 1
    return order


def _cost(counts: list[int], lengths: list[float], target_s: float) -> float:
    miss = sum(c * length for c, length in zip(counts, lengths, strict=True)) - target_s
    return miss * 2 if miss > 0 else -miss


def _improve(counts: list[int], lengths: list[float], target_s: float) -> list[int]:
    """Local search: add, remove or swap one piece while that brings the total closer."""
    counts = list(counts)
    for _ in range(100):
        if _cost(counts, lengths, target_s) <= FIT_TOLERANCE_S:
            break
        moves = []
        for i in range(len(counts)):
            moves.append([c + (j == i) for j, c in enumerate(counts)])
            if counts[i]:
                moves.append([c - (j == i) for j, c in enumerate(counts)])
                for k in range(len(counts)):
                    if k != i:
                        moves.append([c - (j == i) + (j == k) for j, c in enumerate(counts)])
        candidate = min((m for m in moves if any(m)), key=lambda m: _cost(m, lengths, target_s))
        if _cost(candidate, lengths, target_s) >= _cost(counts, lengths, target_s):
            break
        counts = candidate
    return counts
