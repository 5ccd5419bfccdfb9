"""The one timeline of a playlist: how long each item lasts, where it starts, when it ends.

The Prepare page's fit, the Session page's checks and the player all place
items with these functions, so what the page says is what the player does.

Joins: with a crossfade, each item overlaps the next by the crossfade, music,
silences and beats alike; a short item gives at most half of itself to each
join, so nothing is swallowed by its neighbours' fades. Beats followed by
beats always join end to end, the tone going on without a break in its
phase: two tones blended would beat against each other (two of the same
pitch can cancel to silence halfway). Gapless (crossfade 0), items join end
to end, except a binaural tone followed by something else: a tone stops at
full level, so it fades out under what follows for :data:`TONE_TAIL_S`. The
last item of a list that does not repeat fades out within its own length; it
overlaps nothing.

Items of unknown length (a file whose length could not be read) count as 0 s:
they take no room on the timeline and the fit says how many there are.

A playlist is laid out once per state (:func:`lay_out`): its items (immutable)
and the blend. The fit, its drawing and the library's lengths all ask for the
same state after an edit, and a list of 10,000 tracks takes tens of
milliseconds to lay out; the last few layouts are kept, so each asker gets the
one answer without laying it out again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ketacompanion.core.models import BinauralSegment, FileItem, PlaylistItem

DEFAULT_CROSSFADE_S = 4.0  # the setting's default ("crossfade_s")
MAX_CROSSFADE_S = 12.0
TONE_TAIL_S = 1.0  # a tone followed by something else fades out under it, even when gapless


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one item sounds: from ``start_s`` to ``end_s`` (its whole length).

    Slotted: a layout of 10,000 of them is made at each edit of a long playlist, and
    slotted ones are made in half the time and take no dictionary each.
    """

    index: int
    start_s: float
    end_s: float
    repeat: int = 0  # 0 for the first pass, 1 for the first repetition, ...


def item_duration(item: PlaylistItem) -> float | None:
    """The item's length in seconds, or None when a file's length is not known."""
    if isinstance(item, FileItem):
        return item.duration_s if item.duration_s and item.duration_s > 0 else None
    return item.duration_s


def join_overlap_s(
    item: PlaylistItem, length_s: float, following: PlaylistItem,
    following_s: float | None, crossfade_s: float,
) -> float:
    """Seconds ``item`` (``length_s`` long) overlaps ``following`` (0: end to end).

    ``following_s`` None (not known yet) does not limit the overlap.
    """
    tone = isinstance(item, BinauralSegment)
    if tone and isinstance(following, BinauralSegment):
        return 0.0  # one tone going on, phase-continuous
    if crossfade_s > 0:
        blend = crossfade_s
    elif tone:
        blend = TONE_TAIL_S
    else:
        return 0.0
    limit = length_s / 2 if following_s is None else min(length_s, following_s) / 2
    return max(0.0, min(blend, limit))


def slots(
    items: Sequence[PlaylistItem], crossfade_s: float, *, repeat: bool = False,
    until_s: float | None = None, limit: int = 10_000,
) -> Iterator[Slot]:
    """Each sounding item in order, from 0 s; with ``repeat``, pass after pass.

    Stops before an item that would start at or after ``until_s``, and after
    ``limit`` slots (a repeating list of tiny items must not plan for ever).
    Items of unknown or zero length are passed over.
    """
    lengths = [item_duration(item) or 0.0 for item in items]
    sounding = [i for i, length in enumerate(lengths) if length > 0]
    if not sounding or (repeat and until_s is None):
        repeat = False  # nothing to go round, or no end to go round to
    start, count, passes = 0.0, 0, 0
    while sounding:
        for position, index in enumerate(sounding):
            if (until_s is not None and start >= until_s) or count >= limit:
                return
            end = start + lengths[index]
            yield Slot(index, start, end, passes)
            count += 1
            last = position + 1 == len(sounding)
            if last and not repeat:
                return
            following = sounding[0] if last else sounding[position + 1]
            start = end - join_overlap_s(items[index], lengths[index], items[following],
                                         lengths[following], crossfade_s)
        passes += 1


@dataclass(frozen=True, eq=False)
class Layout:
    """A list's timeline played once from 0 s: its slots and when the music ends."""

    items: tuple[PlaylistItem, ...]
    crossfade_s: float
    slots: tuple[Slot, ...]

    @property
    def content_end(self) -> float:
        """When the last item ends: how long the music lasts (0 when nothing sounds)."""
        return self.slots[-1].end_s if self.slots else 0.0


_KEPT_LAYOUTS = 4  # the open playlist before and after an edit, and a blend or two
_layouts: list[Layout] = []  # the most recently asked for first
_layouts_lock = threading.Lock()  # the player may ask from its own thread


def lay_out(items: Sequence[PlaylistItem], crossfade_s: float) -> Layout:
    """The timeline of ``items`` with a blend of ``crossfade_s``, laid out once per state.

    The same items (the very same objects: items are immutable) with the same blend
    give the layout kept from before; any other list is laid out and kept in its place.
    Comparing by identity costs a pointer per item, far less than laying them out.
    """
    crossfade_s = float(crossfade_s)
    with _layouts_lock:
        for n, kept in enumerate(_layouts):
            if (kept.crossfade_s == crossfade_s and len(kept.items) == len(items)
                    and all(a is b for a, b in zip(kept.items, items, strict=True))):
                _layouts.insert(0, _layouts.pop(n))
                return kept
    fixed = tuple(items)  # its own copy: a list changed in place is another state
    layout = Layout(fixed, crossfade_s, tuple(slots(fixed, crossfade_s)))
    with _layouts_lock:
        _layouts.insert(0, layout)
        del _layouts[_KEPT_LAYOUTS:]
    return layout


def item_starts(items: Sequence[PlaylistItem], crossfade_s: float) -> list[float]:
    """Start of every item (one per item), for finding the item at a playlist offset.

    An item of unknown length starts where the next sounding item does.
    """
    placed = {slot.index: slot.start_s for slot in lay_out(items, crossfade_s).slots}
    starts: list[float] = [0.0] * len(items)
    following = content_end(items, crossfade_s)
    for index in range(len(items) - 1, -1, -1):
        following = placed.get(index, following)
        starts[index] = following
    return starts


def content_end(items: Sequence[PlaylistItem], crossfade_s: float) -> float:
    """When the list's last item ends, played once from 0 s: how long the music lasts."""
    return lay_out(items, crossfade_s).content_end
