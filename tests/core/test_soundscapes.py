"""Each sound for a session makes a playlist that fits the session's length exactly."""

from __future__ import annotations

import pytest

from ketacompanion.core.fitting import FitOutcome, fit_outcome
from ketacompanion.core.fresh_piano import has_fresh_piano
from ketacompanion.core.models import BinauralSegment, FreshPiano, NatureItem, SilenceItem
from ketacompanion.core.soundscapes import FRESH_PIANO_KEYS, SOUNDSCAPES, soundscape
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S, content_end


@pytest.mark.parametrize("minutes", [40, 45, 55, 60])
@pytest.mark.parametrize("key", [s.key for s in SOUNDSCAPES if s.key != "own-music"])
def test_each_sound_fills_the_session_exactly(key: str, minutes: int) -> None:
    playlist = soundscape(key).playlist(minutes)
    total = content_end(playlist.items, DEFAULT_CROSSFADE_S)
    assert total == pytest.approx(minutes * 60.0, abs=1.0)
    assert fit_outcome(total, minutes * 60.0, playlist.end_behaviour) is FitOutcome.FITS
    assert playlist.target_minutes == minutes
    assert playlist.name.endswith(f"{minutes} min")


def test_what_each_sound_holds() -> None:
    beats = soundscape("beats").playlist(45, "gentle").items
    assert len(beats) == 1 and isinstance(beats[0], BinauralSegment)
    assert beats[0].arc == "gentle"
    assert (beats[0].beat_hz, beats[0].end_beat_hz) == (10, 4)
    for key in ("rain", "sea", "wind"):
        (item,) = soundscape(key).playlist(45).items
        assert isinstance(item, NatureItem) and item.duration_s == 45 * 60.0
    own = soundscape("own-music").playlist(55)
    assert own.items == [] and own.name == "My music - 55 min"
    (quiet,) = soundscape("silence").playlist(40).items
    assert isinstance(quiet, SilenceItem)
    with pytest.raises(KeyError):
        soundscape("thunder")


def test_fresh_piano_comes_first_composed_to_the_arc_with_its_seed_drawn_at_start() -> None:
    assert [s.key for s in SOUNDSCAPES[:2]] == list(FRESH_PIANO_KEYS)
    alone = soundscape("fresh-piano").playlist(55, "long-plateau")
    assert alone.items == [FreshPiano(55 * 60.0, 0, "long-plateau")] and alone.bed is None
    assert has_fresh_piano(alone)  # so Start draws this session's own seed
    over = soundscape("fresh-piano-beats").playlist(40)
    assert over.items == [FreshPiano(40 * 60.0, 0, "classic")]
    assert over.bed is not None and over.bed.arc == "classic"
    assert over.bed.duration_s == 40 * 60.0 and 0 < over.bed_level < 0.5
