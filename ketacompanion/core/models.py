"""Plain data the whole app shares: playlist items and playlists.

Items are immutable values. A binaural segment or a silence checks its own numbers when
it is built, so nothing downstream (synthesis, storage, export) ever sees nonsense.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class NoiseColour(StrEnum):
    """Colour of the optional noise bed under a binaural segment."""

    PINK = "pink"
    BROWN = "brown"
    WHITE = "white"


class InvalidItemError(ValueError):
    """A playlist item was given values it cannot have; the message says which."""


CARRIER_MIN_HZ = 50.0
CARRIER_MAX_HZ = 1000.0
BEAT_MIN_HZ = 0.5
BEAT_MAX_HZ = 40.0
# A day: far beyond any session, yet it keeps sums, clocks and the fit sentence sane
# (a damaged playlist may say 1e300 s, or 1e999, which JSON reads as infinity).
MAX_ITEM_SECONDS = 24 * 3600.0
# A millisecond: shorter is less than one frame of audio, and a playlist of such items
# set to repeat never gets through a chunk (a playlist may say 1e-300 s).
MIN_ITEM_SECONDS = 0.001


def _check_length(what: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidItemError(f"{what} a number of seconds, not {value!r}")
    if not MIN_ITEM_SECONDS <= value <= MAX_ITEM_SECONDS:  # NaN fails this too
        raise InvalidItemError(f"{what} at least 1 ms and at most 24 h, not {value:g} s")


def _check_carrier(name: str, value: float) -> None:
    if not CARRIER_MIN_HZ <= value <= CARRIER_MAX_HZ:
        raise InvalidItemError(
            f"{name} must be between {CARRIER_MIN_HZ:g} and {CARRIER_MAX_HZ:g} Hz, not {value:g}"
        )


def _check_beat(name: str, value: float, carrier: float) -> None:
    if not BEAT_MIN_HZ <= value <= BEAT_MAX_HZ:
        raise InvalidItemError(
            f"{name} must be between {BEAT_MIN_HZ:g} and {BEAT_MAX_HZ:g} Hz, not {value:g}"
        )
    if value >= carrier:
        raise InvalidItemError(f"{name} ({value:g} Hz) must be below the carrier ({carrier:g} Hz)")


@dataclass(frozen=True)
class FileItem:
    """An audio file on disk (OGG, MP3, FLAC, WAV, Opus)."""

    path: str
    title: str | None = None
    artist: str | None = None
    duration_s: float | None = None

    @property
    def kind(self) -> str:
        """Short kind label for lists."""
        return "music"


@dataclass(frozen=True)
class BinauralSegment:
    """A generated binaural beat: left = carrier - beat/2, right = carrier + beat/2.

    Optional glides move the beat and/or the carrier linearly to end values over
    the segment; an optional noise bed plays under it at its own level (0..1).
    With ``arc`` (an arc's name, :mod:`ketacompanion.core.arcs`) the beat follows
    the infusion's phases instead: from ``beat_hz`` (awake) down over the settle
    and deepen to ``to_beat_hz`` (deep), steady over the plateau, and back up
    over the return (:mod:`ketacompanion.core.arc_beats`).
    """

    carrier_hz: float
    beat_hz: float
    duration_s: float
    to_carrier_hz: float | None = None
    to_beat_hz: float | None = None
    noise: NoiseColour | None = None
    noise_level: float = 0.0
    label: str = ""
    arc: str | None = None

    def __post_init__(self) -> None:
        for name in ("carrier_hz", "beat_hz", "duration_s", "noise_level"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or value != value or value in (
                float("inf"),
                float("-inf"),
            ):
                raise InvalidItemError(f"{name.replace('_', ' ')} must be a finite number")
        _check_length("duration must be", self.duration_s)
        _check_carrier("carrier", self.carrier_hz)
        _check_beat("beat", self.beat_hz, self.carrier_hz)
        end_carrier = self.end_carrier_hz
        if self.to_carrier_hz is not None:
            _check_carrier("end carrier", self.to_carrier_hz)
        if self.to_beat_hz is not None:
            _check_beat("end beat", self.to_beat_hz, end_carrier)
        elif self.beat_hz >= end_carrier:
            raise InvalidItemError("beat must stay below the carrier for the whole glide")
        if not 0.0 <= self.noise_level <= 1.0:
            raise InvalidItemError(f"noise level must be between 0 and 1, not {self.noise_level:g}")
        if self.noise is not None and not isinstance(self.noise, NoiseColour):
            object.__setattr__(self, "noise", NoiseColour(self.noise))
        if self.arc is not None:
            from ketacompanion.core.arcs import ARCS  # models stay free of the arcs at import

            if self.arc not in ARCS:
                raise InvalidItemError(f"arc must be one of {', '.join(ARCS)}, not {self.arc!r}")
            if self.to_carrier_hz is not None:
                raise InvalidItemError("a beat that follows the arc keeps one carrier")

    @property
    def end_carrier_hz(self) -> float:
        """Carrier at the end of the segment."""
        return self.carrier_hz if self.to_carrier_hz is None else self.to_carrier_hz

    @property
    def end_beat_hz(self) -> float:
        """Beat at the end of the segment."""
        return self.beat_hz if self.to_beat_hz is None else self.to_beat_hz

    @property
    def kind(self) -> str:
        """Short kind label for lists."""
        return "binaural"


@dataclass(frozen=True)
class SilenceItem:
    """A stretch of silence."""

    duration_s: float

    def __post_init__(self) -> None:
        _check_length("silence must last", self.duration_s)

    @property
    def kind(self) -> str:
        """Short kind label for lists."""
        return "silence"


@dataclass(frozen=True)
class FreshPiano:
    """Solo piano composed on this computer for the session's arc, new for each seed.

    ``seed`` picks the music (the same seed and composer version give the same notes);
    ``arc`` names the arc shape (see :mod:`ketacompanion.core.arcs`).
    """

    duration_s: float
    seed: int = 0
    arc: str = "classic"

    def __post_init__(self) -> None:
        _check_length("fresh piano must last", self.duration_s)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InvalidItemError(f"seed must be a whole number 0 or more, not {self.seed!r}")
        from ketacompanion.core.arcs import ARCS  # models stay free of the arcs at import

        if self.arc not in ARCS:
            raise InvalidItemError(f"unknown arc {self.arc!r} (choose from {', '.join(ARCS)})")

    @property
    def kind(self) -> str:
        """Short kind label for lists."""
        return "fresh piano"


class NatureSound(StrEnum):
    """A soundscape made from shaped noise (:mod:`ketacompanion.core.nature`)."""

    RAIN = "rain"
    SEA = "sea"
    WIND = "wind"


NATURE_WORDS: dict[NatureSound, str] = {
    NatureSound.RAIN: "Soft rain",
    NatureSound.SEA: "Sea",
    NatureSound.WIND: "Wind",
}


@dataclass(frozen=True)
class NatureItem:
    """A generated nature sound (rain, sea, wind) of a given length; never a recording."""

    sound: NatureSound
    duration_s: float
    label: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "sound", NatureSound(self.sound))
        except ValueError:
            raise InvalidItemError(
                f"nature sound must be one of {', '.join(NatureSound)}, not {self.sound!r}"
            ) from None
        _check_length("a nature sound must last", self.duration_s)

    @property
    def kind(self) -> str:
        """Short kind label for lists."""
        return "nature"

    @property
    def title(self) -> str:
        """What lists call it."""
        return self.label or NATURE_WORDS[self.sound]


PlaylistItem = FileItem | BinauralSegment | SilenceItem | FreshPiano | NatureItem


class EndBehaviour(StrEnum):
    """What happens when a playlist ends before the session does."""

    REPEAT = "repeat"
    BED = "bed"  # continue with the binaural bed alone
    SILENCE = "silence"


# The words the person reads for each ending, on the Prepare page and the command line.
END_WORDS: dict[EndBehaviour, str] = {
    EndBehaviour.REPEAT: "play it again",
    EndBehaviour.BED: "continue with the bed",
    EndBehaviour.SILENCE: "let it be quiet",
}


@dataclass
class Playlist:
    """An ordered list of items with the session length it was built for."""

    name: str
    items: list[PlaylistItem] = field(default_factory=list)
    target_minutes: int = 45
    end_behaviour: EndBehaviour = EndBehaviour.SILENCE
    bed: BinauralSegment | None = None
    bed_level: float = 0.3
    id: int | None = None
