"""The one timeline: where items start and when the music ends, crossfades included.

The same functions place items for the fit (Prepare, Session checks) and for the
player; tests/audio/test_mixer.py and test_fit_heard.py check the player keeps to it.
"""

from __future__ import annotations

import pytest

from ketacompanion.core.fitting import FitOutcome, describe, fit
from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.ready_made import fill_with_pieces
from ketacompanion.core.timeline import (
    DEFAULT_CROSSFADE_S,
    content_end,
    item_duration,
    item_starts,
    join_overlap_s,
    slots,
)


def _files(*seconds: float) -> list[FileItem]:
    return [FileItem(f"/m/{i}.ogg", f"t{i}", None, s) for i, s in enumerate(seconds)]


def _twenty(ending: EndBehaviour) -> Playlist:
    return Playlist("p", _files(*[135.0] * 20), target_minutes=45, end_behaviour=ending)


def test_twenty_pieces_gapless_fill_45_minutes_end_to_end() -> None:
    report = fit(_twenty(EndBehaviour.SILENCE), crossfade_s=0)
    assert report.content_s == 2700
    assert [p.start_s for p in report.timeline] == [i * 135.0 for i in range(20)]
    assert describe(report) == "Fits 45 min."


def test_twenty_pieces_with_4_s_blends_end_at_2624_s_and_the_fit_says_so() -> None:
    # Each of the 19 joins overlaps by 4 s: the music ends at 2624 s of 2700, as the
    # player plays it. The fit used to say "Fits 45 min." (items laid end to end).
    report = fit(_twenty(EndBehaviour.SILENCE), crossfade_s=4)
    assert report.content_s == 2624 and report.gap_s == 76
    assert [p.start_s for p in report.timeline] == [i * 131.0 for i in range(20)]
    assert report.outcome == FitOutcome.ENDS_EARLY
    assert describe(report) == ("Ends 1 min 16 s before 45 min; then it is quiet until "
                                "the end.")
    again = fit(_twenty(EndBehaviour.REPEAT), crossfade_s=4)
    assert describe(again) == "Fits 45 min. It plays again for the last 1 min 16 s."
    # The second pass starts where the last piece begins to blend into the first.
    second = [p for p in again.timeline if p.repeat == 1]
    assert second[0].index == 0 and second[0].start_s == 2620


def test_the_default_crossfade_is_the_settings_default() -> None:
    from ketacompanion.settings import USER_SETTINGS

    assert USER_SETTINGS["crossfade_s"].default == DEFAULT_CROSSFADE_S
    assert fit(_twenty(EndBehaviour.SILENCE)).content_s == 2624


def test_a_single_item_has_nothing_to_overlap_until_it_repeats() -> None:
    items = _files(600)
    assert item_starts(items, 4) == [0.0] and content_end(items, 4) == 600
    report = fit(Playlist("p", items, target_minutes=20, end_behaviour=EndBehaviour.REPEAT),
                 crossfade_s=4)
    assert [(p.start_s, p.end_s, p.repeat) for p in report.timeline] == [
        (0, 600, 0), (596, 1196, 1), (1192, 1200, 2)]
    assert report.timeline[-1].cut


def test_items_shorter_than_the_crossfade_give_at_most_half_of_themselves() -> None:
    # A 3 s piece between two long ones: each join is 1.5 s, so it is heard on its own
    # for a moment instead of vanishing inside its neighbours' 4 s blends.
    items = _files(10, 3, 10)
    assert item_starts(items, 4) == [0.0, 8.5, 10.0]
    assert content_end(items, 4) == 20.0
    assert content_end(_files(2, 2), 12) == 3.0
    assert join_overlap_s(items[0], 10, items[1], None, 12) == 5.0  # next not known yet


@pytest.mark.parametrize(("crossfade", "starts", "end"), [
    (4.0, [0.0, 56.0, 82.0, 138.0], 198.0),
    # Gapless: a tone still fades out under what follows for 1 s; into a tone, nothing.
    (0.0, [0.0, 59.0, 89.0, 149.0], 209.0),
])
def test_beats_and_silences_blend_like_music(crossfade: float, starts: list[float],
                                             end: float) -> None:
    items = [BinauralSegment(200, 6, 60), SilenceItem(30), *_files(60),
             BinauralSegment(200, 6, 60)]
    assert item_starts(items, crossfade) == starts
    assert content_end(items, crossfade) == end
    report = fit(Playlist("p", items, target_minutes=4), crossfade_s=crossfade)
    assert [p.start_s for p in report.timeline] == starts and report.content_s == end


@pytest.mark.parametrize("crossfade", [0.0, 4.0, 12.0])
def test_beats_into_beats_always_join_end_to_end(crossfade: float) -> None:
    items = [BinauralSegment(200, 10, 60, to_beat_hz=6), BinauralSegment(200, 6, 60),
             *_files(60)]
    assert item_starts(items, crossfade) == [0.0, 60.0, 120.0 - max(crossfade, 1.0)]


def test_unknown_lengths_take_no_room_and_start_where_the_next_item_does() -> None:
    items = [*_files(60), FileItem("/m/unknown.ogg"), *_files(60)]
    assert item_duration(items[1]) is None
    assert item_starts(items, 4) == [0.0, 56.0, 56.0]
    assert [s.index for s in slots(items, 4)] == [0, 2]
    assert fit(Playlist("p", items, target_minutes=2), crossfade_s=4).unknown_count == 1


def test_one_length_for_every_kind_of_item() -> None:
    assert item_duration(SilenceItem(3)) == 3
    assert item_duration(BinauralSegment(200, 5, 60)) == 60
    assert item_duration(FileItem("/m/a.ogg", duration_s=2.5)) == 2.5
    assert item_duration(FileItem("/m/a.ogg", duration_s=0)) is None
    assert item_duration(FileItem("/m/a.ogg")) is None  # never guessed, never read here


def test_ready_made_pieces_are_chosen_on_the_blended_timeline() -> None:
    pieces = _files(*[135.0] * 3)
    gapless = fill_with_pieces(pieces, 45 * 60, EndBehaviour.SILENCE, crossfade_s=0)
    blended = fill_with_pieces(pieces, 45 * 60, EndBehaviour.SILENCE, crossfade_s=4)
    # 20 pieces end 76 s early once blended (a quiet end fits within a minute): 21 fit.
    assert (len(gapless), len(blended)) == (20, 21)
    assert fit(Playlist("p", blended, target_minutes=45, end_behaviour=EndBehaviour.SILENCE),
               crossfade_s=4).outcome == FitOutcome.FITS


def test_repeating_tiny_items_is_bounded() -> None:
    assert len(list(slots(_files(0.01), 0, repeat=True, until_s=3600, limit=50))) == 50
