"""The session mix's settings and timeline: when each item starts and how long it overlaps.

:class:`MixerSettings` holds the mix's timings and levels, :class:`ChunkInfo`
says where a rendered chunk sits in the playlist. The functions are the
timeline maths the mixer and the player share: the start time of every item
(crossfades overlapping neighbours), the item and offset for a playlist
offset, and how many frames the sounding item overlaps whatever follows it
(a crossfade, a gapless join, a tone's tail, or the fade at the end of the
list). Pure Python and numpy-free: no sources, no pygame, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ketacompanion.core.models import BinauralSegment, EndBehaviour, PlaylistItem

TONE_TAIL_S = 1.0  # a generated tone followed by music fades out over this, even when gapless


@dataclass
class MixerSettings:
    """Timings and levels of the mix (seconds, linear gains)."""

    sample_rate: int = 44100
    crossfade_s: float = 4.0  # 0 means gapless
    fade_in_s: float = 3.0  # every start, resume and skip
    skip_fade_s: float = 3.0  # fade-out of the item being skipped
    pause_fade_s: float = 2.0
    volume_ramp_s: float = 2.0
    end_fade_s: float = 20.0  # the bed fading after the last item when the list ends in silence
    max_volume: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.crossfade_s <= 12.0:
            raise ValueError(f"crossfade must be 0 to 12 s, not {self.crossfade_s:g}")


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
    settings: MixerSettings, rate: int, items: Sequence[PlaylistItem], index: int,
    end: EndBehaviour,
) -> int:
    """How long item ``index`` overlaps what follows it (0: a gapless join)."""
    crossfade = to_frames(settings.crossfade_s, rate)
    last = index + 1 >= len(items) and end is not EndBehaviour.REPEAT
    if last:  # the end of the list fades out, never stops dead
        return max(crossfade, to_frames(max(settings.fade_in_s, TONE_TAIL_S), rate))
    if crossfade:
        return crossfade
    following = items[(index + 1) % len(items)]
    if isinstance(items[index], BinauralSegment) and not isinstance(
        following, BinauralSegment
    ):  # a tone ends at full level: let it fade under what follows
        return to_frames(TONE_TAIL_S, rate)
    return 0


def playlist_starts(
    items: Sequence[PlaylistItem], durations: Sequence[float | None], crossfade_s: float
) -> list[float]:
    """Start time of each item in the playlist, crossfades overlapping neighbours."""
    starts, t = [], 0.0
    for item, known in zip(items, durations, strict=True):
        starts.append(t)
        duration = known if known is not None else getattr(item, "duration_s", None)
        if duration is None:
            duration = 0.0
        t += max(0.0, duration - (crossfade_s if duration > crossfade_s else 0.0))
    return starts


def locate(starts: Sequence[float], offset_s: float) -> tuple[int, float]:
    """The item index and the offset inside it for a playlist offset."""
    index = 0
    for i, start in enumerate(starts):
        if start <= offset_s + 1e-9:
            index = i
    return index, max(0.0, offset_s - starts[index]) if starts else 0.0
