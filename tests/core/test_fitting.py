"""fit(): the planned timeline and what happens when a playlist ends early or runs over."""

from __future__ import annotations

import pytest

from ketacompanion.core.fitting import FitOutcome, describe, fit, format_duration
from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.presets import PRESETS, preset


def _files(*minutes: float) -> list[FileItem]:
    return [FileItem(f"/m/{i}.ogg", f"t{i}", None, m * 60) for i, m in enumerate(minutes)]


def test_exact_fit_plans_items_back_to_back_when_gapless():
    playlist = Playlist("p", [*_files(20, 10), SilenceItem(300), preset("theta").segment(10)])
    report = fit(playlist, 45, crossfade_s=0)
    assert report.outcome == FitOutcome.FITS
    assert [(p.start_s, p.end_s) for p in report.timeline] == [
        (0, 1200), (1200, 1800), (1800, 2100), (2100, 2700)
    ]
    assert report.gap_s == report.over_s == 0
    assert describe(report) == "Fits 45 min."


def test_runs_over_cuts_the_item_playing_at_the_end_and_drops_the_rest():
    report = fit(Playlist("p", _files(30, 20, 10)), 40, crossfade_s=0)
    assert report.outcome == FitOutcome.RUNS_OVER
    assert report.over_s == 20 * 60
    assert [(p.index, p.end_s, p.cut) for p in report.timeline] == [(0, 1800, False),
                                                                    (1, 2400, True)]
    assert describe(report) == "Runs 20 min over 40 min. The end fades out gently with the session."


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [(EndBehaviour.SILENCE, "quiet"), (EndBehaviour.BED, "bed"), (EndBehaviour.REPEAT, "again")],
)
def test_ends_early_says_what_fills_the_rest(behaviour, words):
    report = fit(Playlist("p", _files(25), end_behaviour=behaviour), 45)
    assert report.outcome == FitOutcome.ENDS_EARLY
    assert report.gap_s == 20 * 60 and report.fill == behaviour
    assert "Ends 20 min before 45 min" in describe(report) and words in describe(report)


def test_repeat_fills_to_the_end_and_cuts_the_last_repetition():
    report = fit(Playlist("p", _files(10, 8), end_behaviour=EndBehaviour.REPEAT), 40,
                 crossfade_s=0)
    assert [(p.index, p.repeat) for p in report.timeline] == [
        (0, 0), (1, 0), (0, 1), (1, 1), (0, 2)
    ]
    last = report.timeline[-1]
    assert (last.start_s, last.end_s, last.cut) == (36 * 60, 40 * 60, True)


def test_bed_fill_uses_the_playlists_bed_for_the_remaining_time():
    bed = preset("delta").segment(45)
    playlist = Playlist("p", _files(30), end_behaviour=EndBehaviour.BED, bed=bed)
    filler = fit(playlist, 45).timeline[-1]
    assert filler.index == -1 and (filler.start_s, filler.end_s) == (1800, 2700)
    assert isinstance(filler.item, BinauralSegment)
    assert filler.item.beat_hz == 2 and filler.item.duration_s == 900


def test_bed_fill_without_a_chosen_bed_uses_theta():
    playlist = Playlist("p", _files(30), end_behaviour=EndBehaviour.BED)
    assert fit(playlist, 45).timeline[-1].item.beat_hz == 6


def test_within_a_minute_counts_as_fitting_and_says_what_fades():
    report = fit(Playlist("p", _files(45.5)), 45)
    assert report.outcome == FitOutcome.FITS
    assert describe(report) == "Fits 45 min. The last 30 s fade out with the session."


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [(EndBehaviour.REPEAT, "It plays again"), (EndBehaviour.BED, "The bed carries on alone")],
)
def test_a_few_minutes_the_ending_fills_still_fit(behaviour, words):
    # Whole pieces in turn cannot always land within a minute; what is left is no gap.
    report = fit(Playlist("p", _files(56), end_behaviour=behaviour), 60)
    assert report.outcome == FitOutcome.FITS and report.fill == behaviour
    assert describe(report) == f"Fits 60 min. {words} for the last 4 min."
    assert report.timeline[-1].end_s == 3600


def test_a_quiet_end_within_a_minute_fits_and_says_so():
    report = fit(Playlist("p", _files(44.5), end_behaviour=EndBehaviour.SILENCE), 45)
    assert describe(report) == "Fits 45 min. It is quiet for the last 30 s."


def test_a_quiet_end_or_a_long_filled_one_still_ends_early():
    quiet = fit(Playlist("p", _files(58), end_behaviour=EndBehaviour.SILENCE), 60)
    assert quiet.outcome == FitOutcome.ENDS_EARLY
    assert describe(quiet) == "Ends 2 min before 60 min; then it is quiet until the end."
    long = fit(Playlist("p", _files(54), end_behaviour=EndBehaviour.REPEAT), 60)
    assert long.outcome == FitOutcome.ENDS_EARLY


def test_unknown_lengths_are_counted_not_guessed():
    playlist = Playlist("p", [FileItem("/x.ogg"), *_files(44)], target_minutes=45)
    report = fit(playlist)
    assert report.unknown_count == 1 and report.content_s == 44 * 60
    assert "1 file has no known length" in describe(report)


def test_empty_playlist():
    report = fit(Playlist("p", [], target_minutes=40))
    assert report.outcome == FitOutcome.EMPTY and report.timeline == []
    assert "40 min" in describe(report)


def test_repeat_of_tiny_items_is_bounded():
    playlist = Playlist("p", _files(0.001), end_behaviour=EndBehaviour.REPEAT)
    assert len(fit(playlist, 60).timeline) <= 10_001


def test_presets_make_valid_segments_with_gentle_carriers():
    for entry in PRESETS:
        segment = entry.segment(10)
        assert 100 <= segment.carrier_hz <= 250 and segment.duration_s == 600
        assert segment.label == entry.name
    assert (preset("settle").segment(1).beat_hz, preset("settle").segment(1).end_beat_hz) == (10, 6)
    assert preset("return").segment(1).end_beat_hz == 10


def test_format_duration():
    assert [format_duration(s) for s in (40, 60, 750, 2700.4)] == [
        "40 s", "1 min", "12 min 30 s", "45 min"
    ]
