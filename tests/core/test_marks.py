"""The one wording of a marked moment: how far into the session, and where in the track."""

from __future__ import annotations

from dataclasses import dataclass

from ketacompanion.core.marks import mark_text


@dataclass(frozen=True)
class Mark:
    offset_s: float
    playing: str | None
    kind: str | None = None
    track_offset_s: float | None = None


def test_a_mark_says_how_far_in_and_where_in_the_track():
    assert mark_text(Mark(12 * 60 + 20, "Drift", None, 221.4)) == "12 min in · 'Drift' at 3:41"
    assert mark_text(Mark(12 * 60 + 59.9, "Drift", "piano", 3.0)) == \
        "12 min in · 'Drift' at 0:03 (piano)"
    assert mark_text(Mark(44, "Theta 6 Hz", "binaural beat", 44.0)) == \
        "Under a minute in · 'Theta 6 Hz' at 0:44 (binaural beat)"
    assert mark_text(Mark(60, "Silence", None, 0.0)) == "1 min in · 'Silence' at 0:00"


def test_two_marks_in_the_same_minute_never_read_the_same():
    first = mark_text(Mark(22 * 60 + 5, "Still Water", "piano", 190.0))
    second = mark_text(Mark(22 * 60 + 40, "Still Water", "piano", 225.0))
    assert first != second
    assert first == "22 min in · 'Still Water' at 3:10 (piano)"
    # Without a track position (nothing played, or a mark kept by an older version)
    # the seconds into the session tell them apart instead.
    assert mark_text(Mark(22 * 60 + 5, None)) == "22 min 5 s in"
    assert mark_text(Mark(22 * 60 + 40, None)) == "22 min 40 s in"


def test_a_mark_from_before_track_positions_still_reads_well():
    assert mark_text(Mark(1920, "Drift", "piano")) == "32 min in · during 'Drift' (piano)"
    assert mark_text(Mark(1925.6, "Still Water")) == "32 min 5 s in · during 'Still Water'"
    assert mark_text(Mark(41, None)) == "41 s in"


def test_a_title_keeps_its_own_quotes_and_blank_titles_are_left_out():
    assert mark_text(Mark(600, "'Drift' (piano)", None, 61.0)) == \
        "10 min in · 'Drift' (piano) at 1:01"
    assert mark_text(Mark(600, "   ", "music", 61.0)) == "10 min in"
    assert mark_text(Mark(-0.2, "Drift", None, -0.1)) == "Under a minute in · 'Drift' at 0:00"
