"""The sounds a person can choose for a session, each made into a playlist fitted to its length.

"Sound for this session" on the Prepare page offers these. Each choice builds a
playlist whose content ends exactly with the session (the one fit, see
:mod:`ketacompanion.core.fitting`), following the infusion's arc where that
applies: the beats glide with its phases. Pure: the caller stores the result.

Fresh piano (the composer's score) joins here once its playlist item exists:
add ``Soundscape("fresh-piano", ...)`` and ``"fresh-piano-beats"`` to
:data:`SOUNDSCAPES` with a ``_fresh_piano`` builder (the second with
``bed=_arc_beats(...)`` as in :func:`_beats`), first in the list. See
:data:`FRESH_PIANO_HOOK`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ketacompanion.core.arcs import DEFAULT_ARC
from ketacompanion.core.models import (
    NATURE_WORDS,
    BinauralSegment,
    EndBehaviour,
    NatureItem,
    NatureSound,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.presets import preset

# Where the fresh piano goes once the composer's item kind has landed (see the module doc).
FRESH_PIANO_HOOK = ("fresh-piano", "fresh-piano-beats")


@dataclass(frozen=True)
class Soundscape:
    """One choice: its key, the words offered, and how it makes a playlist."""

    key: str
    name: str  # what the choice reads, e.g. "Soft rain"
    description: str
    build: Callable[[int, str], Playlist]

    def playlist(self, minutes: int, arc: str = DEFAULT_ARC) -> Playlist:
        """A playlist of this sound fitted to ``minutes``, following ``arc`` where it applies."""
        return self.build(int(minutes), arc)


def _arc_beats(minutes: int, arc: str) -> BinauralSegment:
    return replace(preset("arc").segment(minutes), arc=arc)


def _beats(minutes: int, arc: str) -> Playlist:
    return Playlist(f"Beats with the arc - {minutes} min", [_arc_beats(minutes, arc)], minutes,
                    EndBehaviour.SILENCE)


def _nature(sound: NatureSound) -> Callable[[int, str], Playlist]:
    def build(minutes: int, _arc: str) -> Playlist:
        item = NatureItem(sound, minutes * 60.0)
        return Playlist(f"{NATURE_WORDS[sound]} - {minutes} min", [item], minutes,
                        EndBehaviour.SILENCE)

    return build


def _own_music(minutes: int, _arc: str) -> Playlist:
    # Empty until the person adds their music; what they add plays again to fill the time.
    return Playlist(f"My music - {minutes} min", [], minutes, EndBehaviour.REPEAT)


def _silence(minutes: int, _arc: str) -> Playlist:
    return Playlist(f"Silence - {minutes} min", [SilenceItem(minutes * 60.0)], minutes,
                    EndBehaviour.SILENCE)


SOUNDSCAPES: tuple[Soundscape, ...] = (
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
