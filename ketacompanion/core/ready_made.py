"""The ready-made playlists offered on first run, built to fit their length.

Each is described by a key ("piano-45") and built from the bundled piano pieces
found at run time, so new or re-rendered pieces are picked up without code
changes. Building is pure: the caller reads the pieces' tags and stores the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import combinations, islice

from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    Playlist,
    PlaylistItem,
)
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S, content_end

# The makers (fitting, presets, soundscapes) load when a playlist is built: every start
# checks which ready-made playlists were added, and that needs only their keys.

_CARRIER_HZ = 180.0  # one carrier through a beats playlist: only the beat moves
_SETTLE_MIN = 6.0
_RETURN_MIN = 6.0
_BED_LEVEL = 0.25
_MAX_CHOICES = 5000  # ways to pick the extra pieces, per count; plenty for a few dozen


@dataclass(frozen=True)
class ReadyMade:
    """One ready-made playlist: its key, shown name, style and length."""

    key: str
    style: str  # "fresh", "fresh-beats", "piano", "theta" or "piano-theta"
    minutes: int

    @property
    def name(self) -> str:
        """The name shown in the library, e.g. "Piano - 45 min"."""
        label = {"fresh": "Fresh piano", "fresh-beats": "Fresh piano over beats",
                 "piano": "Piano", "theta": "Theta beats", "piano-theta": "Piano over theta"}
        return f"{label[self.style]} - {self.minutes} min"

    @property
    def needs_piano(self) -> bool:
        """Whether it uses the bundled piano pieces."""
        return self.style in ("piano", "piano-theta")


READY_MADE: tuple[ReadyMade, ...] = tuple(
    ReadyMade(f"{style}-{minutes}", style, minutes)
    for style, minutes in (
        # Fresh piano comes first: new music composed for each session's arc. The
        # bundled pieces stay as favourites.
        ("fresh", 45), ("fresh", 60), ("fresh-beats", 45), ("fresh-beats", 60),
        ("piano", 45), ("piano", 60), ("theta", 45), ("theta", 55),
        ("piano-theta", 45), ("piano-theta", 60),
    )
)


_FRESH = {"fresh": "fresh-piano", "fresh-beats": "fresh-piano-beats"}


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
    if entry.style in _FRESH:
        from ketacompanion.core.soundscapes import soundscape

        playlist = soundscape(_FRESH[entry.style]).playlist(entry.minutes)
        playlist.name = entry.name
        return playlist
    if entry.style == "theta":
        return Playlist(entry.name, theta_journey(entry.minutes), entry.minutes,
                        EndBehaviour.SILENCE)
    ending = EndBehaviour.REPEAT if entry.style == "piano" else EndBehaviour.BED
    items = fill_with_pieces(piano, entry.minutes * 60.0, ending)
    if not items:
        return None
    if entry.style == "piano":
        return Playlist(entry.name, items, entry.minutes, ending)
    from ketacompanion.core.presets import preset

    bed = preset("theta").segment(entry.minutes)
    return Playlist(entry.name, items, entry.minutes, ending, bed, _BED_LEVEL)


def theta_journey(minutes: float) -> list[PlaylistItem]:
    """Settle into theta, stay, and glide back up to alpha for the end of the session."""
    from ketacompanion.core.presets import preset

    settle = replace(preset("settle").segment(_SETTLE_MIN), carrier_hz=_CARRIER_HZ)
    middle = replace(
        preset("theta").segment(minutes - _SETTLE_MIN - _RETURN_MIN), carrier_hz=_CARRIER_HZ
    )
    back: BinauralSegment = replace(
        preset("return").segment(_RETURN_MIN), carrier_hz=_CARRIER_HZ, beat_hz=6.0,
        label="Return 6 → 10 Hz",
    )
    return [settle, middle, back]


def fill_with_pieces(
    pieces: list[FileItem], target_s: float, ending: EndBehaviour = EndBehaviour.SILENCE,
    crossfade_s: float = DEFAULT_CROSSFADE_S,
) -> list[PlaylistItem]:
    """Pieces in turn, each used as evenly as possible, filling ``target_s`` most closely.

    Every count of pieces that could fill the time is tried, each piece's count
    within one of the others'; the pieces that get one more are chosen so the
    playlist fits (a short early end is left to ``ending``, as :func:`fit_outcome`
    allows), and among those it lands nearest the target (an overrun counts double:
    it is cut). The order goes round the pieces, never one twice in a row (given two
    or more). Lengths are measured on the one timeline, pieces overlapping by
    ``crossfade_s`` as the player blends them.
    """
    from ketacompanion.core.fitting import FitOutcome, fit_outcome

    usable = [p for p in pieces if p.duration_s and p.duration_s > 0]
    if not usable:
        return []
    lengths = [p.duration_s or 0.0 for p in usable]
    repeats = ending == EndBehaviour.REPEAT
    fewest = max(1, math.floor(target_s / max(lengths)))
    most = math.ceil(target_s / min(lengths)) + 1
    best: tuple[tuple[bool, float], list[int]] | None = None
    for total_count in range(fewest, most + 1):
        base, extra = divmod(total_count, len(usable))
        for chosen in islice(combinations(range(len(usable)), extra), _MAX_CHOICES):
            counts = [base + (1 if i in chosen else 0) for i in range(len(usable))]
            order = _in_turn(counts, repeats)
            total = content_end([usable[i] for i in order], crossfade_s)
            miss = total - target_s
            rank = (fit_outcome(total, target_s, ending) != FitOutcome.FITS,
                    miss * 2 if miss > 0 else -miss)
            if best is None or rank < best[0]:
                best = (rank, order)
    assert best is not None
    return [usable[i] for i in best[1]]


def _in_turn(counts: list[int], repeats: bool) -> list[int]:
    """Indexes going round the pieces, those with one more first; never one twice in a row.

    ``counts`` differ by at most one. When the playlist ``repeats`` from the top, its
    last piece is not its first either (three pieces or more make that possible).
    """
    share = min(counts)
    extras = [i for i, c in enumerate(counts) if c > share]
    others = [i for i, c in enumerate(counts) if c == share]
    order = (extras + others) * share + extras
    if repeats and len(extras) == 1 and share and len(others) >= 2:
        # The round would end on the piece it starts with: slip that piece's last
        # turn in after the first piece of the final round instead.
        order.pop()
        order.insert(len(order) - len(others) + 1, extras[0])
    return order
