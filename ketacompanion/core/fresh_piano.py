"""Which fresh piano a session plays: a new seed for each session, kept with its record.

A playlist's :class:`~ketacompanion.core.models.FreshPiano` items say *that* fresh
piano plays; the session picks *which* music at Start (:func:`new_seed`), stores the
seed, the composer's version and the arc shape the person chose beside its plan
(``plan_json["piano"]``, no schema change) and plays its playlist with that seed
and arc (:func:`with_seed`). A resumed
session reads the seed back and so goes on with the same music; the journal's
export names it, so the music can be rendered again (``ketacompanion score``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeGuard

from ketacompanion.core.arcs import ARCS, DEFAULT_ARC
from ketacompanion.core.models import BinauralSegment, FreshPiano, Playlist, PlaylistItem

COMPOSER_VERSION = 1  # bump whenever the same seed would give different notes
# What the synthesiser plays (audio.piano_render, at its GAIN and limiter ceiling),
# measured with BS.1770 over whole sessions: seed 1 classic 40 min -20.02 LUFS,
# seed 2 gentle 50 min -19.91, seed 3 long-plateau 40 min -20.68; true peak 0.716
# at most (the limiter's -3 dBFS). The mixer brings it to the session's loudness with
# core.loudness.gain_for, as every source. Measure again whenever the composer or the
# render changes (tests/audio/test_piano_loudness.py renders a session and checks it).
# Plain numbers: core.loudness (and numpy under it) stays out of the start-up.
FRESH_PIANO_LUFS, FRESH_PIANO_TRUE_PEAK = -20.2, 0.716
PIANO_KEY = "piano"  # its key in a session's plan_json
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class PianoSeed:
    """The music a session's fresh piano plays: its seed, the composer and the arc's shape.

    ``length_s`` (the fresh piano item's, kept since the Journal plays the music again)
    is None in records from before it was kept.
    """

    seed: int
    composer: int = COMPOSER_VERSION
    arc: str = DEFAULT_ARC
    length_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain dict for plan_json."""
        data: dict[str, Any] = {"seed": self.seed, "composer": self.composer, "arc": self.arc}
        if self.length_s is not None:
            data["length_s"] = self.length_s
        return data

    @classmethod
    def from_json(cls, data: Any) -> PianoSeed | None:
        """Back from :meth:`to_json`; None when absent or not a seed (a damaged record)."""
        if not isinstance(data, dict):
            return None
        seed, composer = data.get("seed"), data.get("composer")
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                   for v in (seed, composer)):
            return None
        # Sessions kept before the arc could be chosen played the classic one.
        arc = data.get("arc", DEFAULT_ARC)
        if arc not in ARCS:
            return None
        length_s = data.get("length_s")
        if not (isinstance(length_s, int | float) and not isinstance(length_s, bool)
                and 0 < length_s < 24 * 3600):
            length_s = None  # an older record: the seed and arc alone
        return cls(seed, composer, arc, None if length_s is None else float(length_s))  # type: ignore[arg-type]

    def item(self) -> FreshPiano | None:
        """The fresh piano item that played this music (None: its length was not kept)."""
        if self.length_s is None:
            return None
        try:
            return FreshPiano(self.length_s, self.seed, self.arc)
        except ValueError:  # a length out of range
            return None

    @property
    def same_composer(self) -> bool:
        """Whether this version's composer writes the same notes for the seed."""
        return self.composer == COMPOSER_VERSION


def new_seed() -> int:
    """A fresh seed, never 0 (0 marks an item whose music is not chosen yet)."""
    import secrets  # on use: it loads OpenSSL's hashes, which no window needs to open

    return secrets.randbelow(MAX_SEED) + 1


def has_fresh_piano(playlist: Playlist | None) -> bool:
    """Whether ``playlist`` plays any fresh piano."""
    return playlist is not None and any(isinstance(i, FreshPiano) for i in playlist.items)


def seed_for(playlist: Playlist, seed: int, arc: str = DEFAULT_ARC) -> PianoSeed:
    """The seed to keep for ``playlist``'s session on ``arc``, with its fresh piano's length."""
    first = next((i for i in playlist.items if isinstance(i, FreshPiano)), None)
    return PianoSeed(seed, arc=arc, length_s=None if first is None else first.duration_s)


def with_seed(playlist: Playlist, seed: int, arc: str | None = None) -> Playlist:
    """``playlist`` with every fresh piano item playing the music of ``seed`` (on ``arc``).

    ``arc`` None keeps each item's own arc.
    """
    items = [replace(i, seed=seed, arc=i.arc if arc is None else arc)
             if isinstance(i, FreshPiano) else i for i in playlist.items]
    return replace(playlist, items=items)


def follows_arc(item: PlaylistItem | None) -> TypeGuard[FreshPiano | BinauralSegment]:
    """Whether ``item`` follows the arc: fresh piano, and beats made to follow it."""
    return isinstance(item, FreshPiano) or (isinstance(item, BinauralSegment)
                                            and item.arc is not None)


def with_arc(playlist: Playlist, arc: str) -> Playlist:
    """``playlist`` with everything that follows the arc (items and bed) on ``arc``."""
    items = [replace(i, arc=arc) if follows_arc(i) else i for i in playlist.items]
    bed = playlist.bed
    if bed is not None and bed.arc is not None:  # a bed of beats made to follow the arc
        bed = replace(bed, arc=arc)
    return replace(playlist, items=items, bed=bed)
