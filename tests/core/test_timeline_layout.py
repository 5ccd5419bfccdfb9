"""One timeline per playlist state: laid out once, then shared (issue 18, item 5).

The fit, its drawing and the library's lengths all ask the timeline of the same
items; an edit of a long playlist must lay it out once, not once per asker. The
layout is kept by the items themselves (immutable) and the blend, so a changed
item, a changed blend or a list changed in place is laid out again.
"""

from __future__ import annotations

import pytest

from ketacompanion.core import timeline
from ketacompanion.core.models import BinauralSegment, FileItem, SilenceItem
from ketacompanion.core.timeline import content_end, item_starts, lay_out, slots


def _items(count: int) -> list:
    return [SilenceItem(20) if n % 13 == 0 else FileItem(f"/m/{n}.ogg", duration_s=30.0 + n % 7)
            for n in range(count)]


@pytest.fixture
def laid_out(monkeypatch) -> list[int]:
    """How many items the timeline measured (one per item per lay-out)."""
    counted: list[int] = []
    measure = timeline.item_duration

    def counting(item):
        counted.append(1)
        return measure(item)

    monkeypatch.setattr(timeline, "item_duration", counting)
    return counted


def test_the_layout_is_the_timeline_slot_for_slot() -> None:
    items = [*_items(40), BinauralSegment(200, 6, 60), BinauralSegment(200, 4, 60),
             FileItem("/m/unknown.ogg")]
    for crossfade in (0.0, 4.0, 12.0):
        layout = lay_out(items, crossfade)
        assert list(layout.slots) == list(slots(items, crossfade))
        assert layout.content_end == content_end(items, crossfade)
        assert layout.content_end == list(slots(items, crossfade))[-1].end_s


def test_the_same_items_are_laid_out_once(laid_out) -> None:
    items = _items(500)
    first = lay_out(items, 4.0)
    assert len(laid_out) == 500
    # Another list of the same items (a copy of the playlist) is the same state.
    assert lay_out(list(items), 4.0) is first
    assert content_end(list(items), 4.0) == first.content_end
    item_starts(items, 4.0)
    assert len(laid_out) == 500


def test_a_change_of_item_blend_or_list_lays_it_out_again(laid_out) -> None:
    items = _items(100)
    before = lay_out(items, 4.0).content_end
    changed = [*items[:50], FileItem("/m/new.ogg", duration_s=300.0), *items[50:]]
    assert lay_out(changed, 4.0).content_end == pytest.approx(before + 300.0 - 4.0)
    assert lay_out(items, 0.0).content_end == pytest.approx(before + 4.0 * 99)
    items.pop()  # changed in place: the kept layout is not this list's any more
    assert lay_out(items, 4.0).content_end == content_end(list(items), 4.0)
    assert lay_out(items, 4.0).content_end < before
    assert len(laid_out) == 100 + 101 + 100 + 99


def test_the_layouts_kept_are_few(laid_out) -> None:
    lists = [_items(10 + n) for n in range(40)]
    for items in lists:
        lay_out(items, 4.0)
    counted = len(laid_out)
    lay_out(lists[0], 4.0)  # long since dropped: laid out again
    assert len(laid_out) == counted + 10
