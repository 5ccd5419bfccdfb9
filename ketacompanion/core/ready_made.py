"""The ready-made playlists offered on first run, built to fit their length.

Each is described by a key ("piano-45") and built from the bundled piano pieces
found at run time, so new or re-rendered pieces are picked up without code
changes. Building is pure: the caller reads the pieces' tags and stores the result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    """Pieces in turn until ``target_s`` is filled to within the fit tolerance.

    Goes round the pieces in order; near the end it picks the next piece that
    still fits, and if none does it ends with the one that overruns least (the
    session fades it out).
    """
    usable = [p for p in pieces if p.duration_s and p.duration_s > 0]
    if not usable:
        return []
    chosen: list[PlaylistItem] = []
    total, turn = 0.0, 0
    while target_s - total > FIT_TOLERANCE_S:
        remaining = target_s - total
        order = usable[turn % len(usable):] + usable[: turn % len(usable)]
        fitting = [p for p in order if p.duration_s <= remaining + FIT_TOLERANCE_S / 2]
        piece = fitting[0] if fitting else min(usable, key=lambda p: p.duration_s or 0.0)
        chosen.append(piece)
        total += piece.duration_s or 0.0
        turn = usable.index(piece) + 1
    return chosen
