"""The session mix's settings and its place on the playlist's timeline.

:class:`MixerSettings` holds the mix's timings and levels, :class:`ChunkInfo`
says where a rendered chunk sits in the playlist. Where items start and how
long they overlap is :mod:`ketacompanion.core.timeline`'s, the one timeline
the fit shown on the Prepare and Session pages uses too; here it is turned
into frames: how many the sounding item overlaps whatever follows it (a
crossfade, a gapless join, a tone's tail, or the fade at the end of the
list), and the item and offset for a playlist offset. Pure Python and
numpy-free: no sources, no pygame, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ketacompanion.core.models import EndBehaviour, PlaylistItem
from ketacompanion.core.timeline import (
    DEFAULT_CROSSFADE_S,
    MAX_CROSSFADE_S,
    TONE_TAIL_S,
    join_overlap_s,
)


@dataclass
class MixerSettings:
    """Timings and levels of the mix (seconds, linear gains)."""

    sample_rate: int = 44100
    crossfade_s: float = DEFAULT_CROSSFADE_S  # 0 means gapless; read when a list is loaded
    fade_in_s: float = 3.0  # every start, resume and skip
    skip_fade_s: float = 3.0  # fade-out of the item being skipped
    pause_fade_s: float = 2.0
    volume_ramp_s: float = 2.0
    end_fade_s: float = 20.0  # the bed fading after the last item when the list ends in silence
    max_volume: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.crossfade_s <= MAX_CROSSFADE_S:
            raise ValueError(f"crossfade must be 0 to {MAX_CROSSFADE_S:g} s, "
                             f"not {self.crossfade_s:g}")


@dataclass
class ChunkInfo:
    """What a rendered chunk holds: the item sounding at its start and where in it."""

    frames: int
    index: int  # -1 when no playlist item sounds
    item_offset_s: float
    playlist_offset_s: float
    notices: list[str] = field(default_factory=list)
    finished: bool = False  # nothing sounds any more (the player may stop)
    moving: bool = True  # False while paused or stopped: the position does not advance


def to_frames(seconds: float, rate: int) -> int:
    """Whole frames in ``seconds`` at ``rate`` (never negative)."""
    return max(0, round(seconds * rate))


def transition_frames(
    settings: MixerSettings, rate: int, crossfade_s: float, items: Sequence[PlaylistItem],
    lengths: Sequence[float | None], index: int, length_frames: int, end: EndBehaviour,
) -> int:
    """How long item ``index`` (``length_frames`` long) overlaps what follows it (0: gapless).

    ``crossfade_s`` is the one the list was loaded with; ``lengths`` the items'
    planned lengths (None: not known).
    """
    last = index + 1 >= len(items) and end is not EndBehaviour.REPEAT
    if last:  # the end of the list fades out within the item, never stops dead
        fade = max(crossfade_s, settings.fade_in_s, TONE_TAIL_S)
        return min(to_frames(fade, rate), length_frames // 2)
    following = (index + 1) % len(items)
    overlap = join_overlap_s(items[index], length_frames / rate, items[following],
                             lengths[following], crossfade_s)
    return to_frames(overlap, rate)


def locate(starts: Sequence[float], offset_s: float) -> tuple[int, float]:
    """The item index and the offset inside it for a playlist offset."""
    if not starts:
        return 0, 0.0
    index = 0
    for i, start in enumerate(starts):
        if start <= offset_s + 1e-9:
            index = i
    # Items of unknown length take no room and share the next item's start: exactly
    # there (the very beginning, say), begin with the first of them, passing none over.
    while (index > 0 and abs(starts[index - 1] - starts[index]) < 1e-9
           and abs(offset_s - starts[index]) < 1e-9):
        index -= 1
    return index, max(0.0, offset_s - starts[index])
