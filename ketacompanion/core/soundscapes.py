"""The sounds a person can choose for a session, each made into a playlist fitted to its length.

"Sound for this session" on the Prepare page offers these, and ``ketacompanion
score`` renders the same playlists. Each choice builds a playlist whose content
ends exactly with the session (the one fit, see :mod:`ketacompanion.core.fitting`),
following the infusion's arc where that applies: the fresh piano is composed to
it and the beats glide with its phases. Pure: the caller stores the result.

A fresh piano item is stored with seed 0 ("not chosen yet"): each session draws
its own seed at Start (:mod:`ketacompanion.core.fresh_piano`), so every session
hears new music.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ketacompanion.core.arcs import DEFAULT_ARC
from ketacompanion.core.models import (
    NATURE_WORDS,
    BinauralSegment,
    EndBehaviour,
    FreshPiano,
    NatureItem,
    NatureSound,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.presets import preset

FRESH_PIANO_KEYS = ("fresh-piano", "fresh-piano-beats")
BED_LEVEL = 0.25  # the beats under the piano: present, never in front


@dataclass(frozen=True)
class Soundscape:
    """One choice: its key, the words offered, and how it makes a playlist."""

    key: str
    name: str  # what the choice reads, e.g. "Soft rain"
    description: str
    build: Callable[[float, str], Playlist]

    def playlist(self, minutes: float, arc: str = DEFAULT_ARC) -> Playlist:
        """A playlist of this sound fitted to ``minutes``, following ``arc`` where it applies."""
        return self.build(float(minutes), arc)


def _arc_beats(minutes: float, arc: str) -> BinauralSegment:
    return replace(preset("arc").segment(minutes), arc=arc)


def _beats(minutes: float, arc: str) -> Playlist:
    return Playlist(f"Beats with the arc - {minutes:g} min", [_arc_beats(minutes, arc)],
                    round(minutes), EndBehaviour.SILENCE)


def _fresh_piano(minutes: float, arc: str) -> Playlist:
    return Playlist(f"Fresh piano - {minutes:g} min", [FreshPiano(minutes * 60.0, 0, arc)],
                    round(minutes), EndBehaviour.SILENCE)


def _fresh_piano_over_beats(minutes: float, arc: str) -> Playlist:
    return Playlist(f"Fresh piano over beats - {minutes:g} min",
                    [FreshPiano(minutes * 60.0, 0, arc)], round(minutes), EndBehaviour.SILENCE,
                    _arc_beats(minutes, arc), BED_LEVEL)


def _nature(sound: NatureSound) -> Callable[[float, str], Playlist]:
    def build(minutes: float, _arc: str) -> Playlist:
        item = NatureItem(sound, minutes * 60.0)
        return Playlist(f"{NATURE_WORDS[sound]} - {minutes:g} min", [item], round(minutes),
                        EndBehaviour.SILENCE)

    return build


def _own_music(minutes: float, _arc: str) -> Playlist:
    # Empty until the person adds their music; what they add plays again to fill the time.
    return Playlist(f"My music - {minutes:g} min", [], round(minutes), EndBehaviour.REPEAT)


def _silence(minutes: float, _arc: str) -> Playlist:
    return Playlist(f"Silence - {minutes:g} min", [SilenceItem(minutes * 60.0)], round(minutes),
                    EndBehaviour.SILENCE)


SOUNDSCAPES: tuple[Soundscape, ...] = (
    Soundscape("fresh-piano", "Fresh piano",
               "Calm solo piano composed for this session's arc; new music every time.",
               _fresh_piano),
    Soundscape("fresh-piano-beats", "Fresh piano over beats",
               "The fresh piano with soft beats underneath that follow the arc.",
               _fresh_piano_over_beats),
    Soundscape("beats", "Beats that follow the arc",
               "Alpha to theta as you settle, slow through the middle, back up to end.", _beats),
    Soundscape("rain", "Soft rain", "Gentle rain with a few drops; made fresh, never a loop.",
               _nature(NatureSound.RAIN)),
    Soundscape("sea", "Sea", "Slow waves, one every eight to twelve seconds.",
               _nature(NatureSound.SEA)),
    Soundscape("wind", "Wind", "A soft wind that rises and falls.", _nature(NatureSound.WIND)),
    Soundscape("own-music", "Your own music",
               "An empty playlist for the length; add your music to it.", _own_music),
    Soundscape("silence", "Silence, with only the gentle end",
               "Nothing plays until the soft chime at the end.", _silence),
)

_BY_KEY = {entry.key: entry for entry in SOUNDSCAPES}


def soundscape(key: str) -> Soundscape:
    """The choice called ``key``.

    Raises:
        KeyError: No such choice.
    """
    return _BY_KEY[key]
