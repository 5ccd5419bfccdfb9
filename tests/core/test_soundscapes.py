"""Each sound for a session makes a playlist that fits the session's length exactly."""

from __future__ import annotations

import pytest

from ketacompanion.core.fitting import FitOutcome, fit_outcome
from ketacompanion.core.models import BinauralSegment, NatureItem, SilenceItem
from ketacompanion.core.soundscapes import FRESH_PIANO_HOOK, SOUNDSCAPES, soundscape
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


def test_fresh_piano_has_its_place_kept_until_it_lands() -> None:
    keys = {s.key for s in SOUNDSCAPES}
    assert not keys & set(FRESH_PIANO_HOOK)  # offered only once it plays
