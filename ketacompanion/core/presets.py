"""Binaural presets and session lengths, as data: segments are generated live, never stored.

Carriers sit low (around 140-220 Hz), where a tone is soft under headphones and
the small difference between the ears is easiest to hear as a slow beat.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketacompanion.core.arcs import DEFAULT_ARC
from ketacompanion.core.models import BinauralSegment, NoiseColour

SESSION_MINUTES_MIN = 40
SESSION_MINUTES_MAX = 60
SESSION_LENGTH_PRESETS: tuple[int, ...] = (40, 45, 55, 60)
DEFAULT_SESSION_MINUTES = 45


@dataclass(frozen=True)
class BinauralPreset:
    """A named recipe for a binaural segment; :meth:`segment` makes one of any length."""

    key: str
    name: str
    description: str
    carrier_hz: float
    beat_hz: float
    to_beat_hz: float | None = None
    noise: NoiseColour | None = NoiseColour.PINK
    noise_level: float = 0.15
    arc: str | None = None  # follows the infusion's phases (beat_hz awake, to_beat_hz deep)

    def segment(self, minutes: float) -> BinauralSegment:
        """A validated segment of ``minutes`` minutes labelled with the preset's name.

        Raises:
            InvalidItemError: ``minutes`` is not positive.
        """
        return BinauralSegment(
            carrier_hz=self.carrier_hz,
            beat_hz=self.beat_hz,
            duration_s=float(minutes) * 60.0,
            to_beat_hz=self.to_beat_hz,
            noise=self.noise,
            noise_level=self.noise_level if self.noise else 0.0,
            label=self.name,
            arc=self.arc,
        )


PRESETS: tuple[BinauralPreset, ...] = (
    BinauralPreset(
        "alpha", "Alpha 10 Hz", "Relaxed and awake, like sitting with your eyes closed.", 200, 10
    ),
    BinauralPreset("theta", "Theta 6 Hz", "Deep, drifting calm; the heart of a session.", 180, 6),
    BinauralPreset("delta", "Delta 2 Hz", "Very slow, heavy rest.", 150, 2, noise_level=0.2),
    BinauralPreset(
        "settle", "Settle 10 → 6 Hz", "Glides from alpha down to theta as you let go.", 190, 10, 6
    ),
    BinauralPreset(
        "return", "Return 4 → 10 Hz", "Glides gently back up towards waking.", 200, 4, 10
    ),
    BinauralPreset(
        "arc", "With the arc",
        "Follows the infusion: alpha to theta as you settle, slow through the middle, "
        "and back up for the return.", 180, 10, 4, arc=DEFAULT_ARC,
    ),
)

_BY_KEY = {preset.key: preset for preset in PRESETS}


def preset(key: str) -> BinauralPreset:
    """The preset called ``key`` ("alpha", "theta", "delta", "settle", "return", "arc").

    Raises:
        KeyError: No such preset.
    """
    return _BY_KEY[key]


def default_bed(minutes: float = DEFAULT_SESSION_MINUTES) -> BinauralSegment:
    """The bed used when a playlist asks for one but has not chosen it: theta, soft."""
    return preset("theta").segment(minutes)


def clamp_session_minutes(minutes: int) -> int:
    """``minutes`` limited to the lengths infusions have (40-60)."""
    return max(SESSION_MINUTES_MIN, min(SESSION_MINUTES_MAX, int(minutes)))
