"""One loudness for everything: the gain that brings any source to the session's target.

Every source (the person's files, the bundled piano, beats, and the composer's
fresh piano and nature sounds) plays at about -18 LUFS integrated (ITU-R
BS.1770), so a loud pop master after quiet piano arrives at the same level and
nobody is startled mid-infusion. :func:`gain_for` is the one place a measured
loudness becomes a gain: it also keeps the true peak under the output's
ceiling, so quiet music is lifted only as far as it can go without clipping.

A file not yet measured plays at :data:`DEFAULT_GAIN`, never louder than it
was before (a gain of 1.0) and about right for a loud modern master; its gain
glides to the measured one when the measurement lands. ReplayGain and R128
tags stand in meanwhile (:func:`loudness_from_tags`).

Pure Python: no numpy, no decoder. The measuring itself is in
:mod:`ketacompanion.audio.loudness_meter`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ketacompanion.core.binaural import DEFAULT_PEAK_DBFS
from ketacompanion.core.fresh_piano import FRESH_PIANO_LUFS, FRESH_PIANO_TRUE_PEAK
from ketacompanion.core.models import (
    BinauralSegment,
    FreshPiano,
    NatureItem,
    NoiseColour,
    PlaylistItem,
)

TARGET_LUFS = -18.0
CEILING_DBTP = -1.0  # true peak under the output's full scale, with room for resampling
DEFAULT_GAIN_DB = -9.0  # a typical loud master is -8 to -10 LUFS: near the target, never louder
MAX_GAIN_DB = 24.0  # a nearly silent file is not lifted into its noise floor
REPLAYGAIN_REFERENCE_LUFS = -18.0  # ReplayGain 2.0's reference level
R128_REFERENCE_LUFS = -23.0  # Opus R128_TRACK_GAIN is relative to EBU R128's -23 LUFS


@dataclass(frozen=True)
class Loudness:
    """A source's integrated loudness (LUFS) and true peak (linear, 1.0 = 0 dBTP)."""

    lufs: float
    true_peak: float


def db_to_linear(db: float) -> float:
    """Linear gain of ``db`` decibels."""
    return 10.0 ** (db / 20.0)


DEFAULT_GAIN = db_to_linear(DEFAULT_GAIN_DB)


def gain_for(loudness: Loudness | None, target_lufs: float = TARGET_LUFS,
             ceiling_dbtp: float = CEILING_DBTP) -> float:
    """The linear gain that brings ``loudness`` to the target, its true peak under the ceiling.

    None (not measured yet, or silence) gives :data:`DEFAULT_GAIN`.
    """
    if loudness is None or not math.isfinite(loudness.lufs):
        return DEFAULT_GAIN
    gain_db = min(target_lufs - loudness.lufs, MAX_GAIN_DB)
    if loudness.true_peak > 0 and math.isfinite(loudness.true_peak):
        peak_db = 20.0 * math.log10(loudness.true_peak)
        gain_db = min(gain_db, ceiling_dbtp - peak_db)
    return db_to_linear(gain_db)


def loudness_from_tags(tags: Mapping[str, str]) -> Loudness | None:
    """The loudness a file's ReplayGain or R128 tags state (keys lower case), or None.

    ReplayGain: ``replaygain_track_gain`` ("-7.5 dB") brings the track to -18 LUFS,
    with ``replaygain_track_peak`` (linear sample peak). R128 (Opus):
    ``r128_track_gain`` is a Q7.8 number of dB towards -23 LUFS.
    """
    gain = _number(tags.get("replaygain_track_gain"))
    if gain is not None:
        peak = _number(tags.get("replaygain_track_peak"))
        return Loudness(REPLAYGAIN_REFERENCE_LUFS - gain, peak if peak and peak > 0 else 1.0)
    q78 = _number(tags.get("r128_track_gain"), limit=100 * 256)
    if q78 is not None:
        return Loudness(R128_REFERENCE_LUFS - q78 / 256.0, 1.0)
    return None


# Beats: the loudness of the generator's tone (at its -12 dBFS peak) by carrier,
# and of its noise bed by colour at the same peak. Measured with BS.1770 (the test
# tests/core/test_loudness.py measures them again and checks these to 0.5 LU).
_TONE_LUFS_BY_CARRIER = ((50.0, -16.6), (60.0, -15.59), (100.0, -13.82), (150.0, -13.19),
                         (200.0, -12.95), (300.0, -12.78), (400.0, -12.7), (600.0, -12.58),
                         (1000.0, -11.99))
_NOISE_LUFS = {NoiseColour.PINK: -21.3, NoiseColour.BROWN: -26.29, NoiseColour.WHITE: -17.9}


def beats_loudness(segment: BinauralSegment) -> Loudness:
    """The loudness of a binaural segment as the generator plays it (no measuring needed)."""
    tone = (_power(_tone_lufs(segment.carrier_hz)) + _power(_tone_lufs(segment.end_carrier_hz))) / 2
    colour = None if segment.noise is None else NoiseColour(segment.noise)
    level = segment.noise_level if colour is not None else 0.0
    noise = _power(_NOISE_LUFS[colour]) * level**2 if colour is not None and level > 0 else 0.0
    lufs = -0.691 + 10.0 * math.log10((tone + noise) / (1.0 + level) ** 2)
    return Loudness(lufs, db_to_linear(DEFAULT_PEAK_DBFS))  # the generator's peak


# Every nature sound (core/nature.py) is made at this loudness, its soft knee keeping
# every sample under this peak; tests/core/test_nature.py measures both.
NATURE_LUFS = -14.2
NATURE_TRUE_PEAK = 0.95


def nature_loudness(item: NatureItem) -> Loudness:
    """The loudness of a nature sound as the generator plays it (no measuring needed)."""
    del item  # rain, sea and wind are all made at one loudness
    return Loudness(NATURE_LUFS, NATURE_TRUE_PEAK)


def _tone_lufs(carrier_hz: float) -> float:
    points = _TONE_LUFS_BY_CARRIER
    if carrier_hz <= points[0][0]:
        return points[0][1]
    for (f0, l0), (f1, l1) in zip(points, points[1:], strict=False):
        if carrier_hz <= f1:
            share = math.log(carrier_hz / f0) / math.log(f1 / f0)
            return l0 + share * (l1 - l0)
    return points[-1][1]


def _power(lufs: float) -> float:
    return 10.0 ** ((lufs + 0.691) / 10.0)


def _number(text: str | None, limit: float = 100.0) -> float | None:
    """The number at the start of a tag ("-7.50 dB" -> -7.5), or None."""
    if not text:
        return None
    word = str(text).strip().split(" ")[0]
    try:
        value = float(word)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) < limit else None


def generated_gain(item: PlaylistItem) -> float | None:
    """The gain that brings a generated item (beats, nature, fresh piano) to the target.

    None for the person's files, whose loudness is measured (or read from their tags).
    The player and ``ketacompanion score`` both use this, so a rendered score is as
    loud as the session that would play it.
    """
    if isinstance(item, BinauralSegment):
        return gain_for(beats_loudness(item))
    if isinstance(item, NatureItem):
        return gain_for(nature_loudness(item))
    if isinstance(item, FreshPiano):
        return gain_for(Loudness(FRESH_PIANO_LUFS, FRESH_PIANO_TRUE_PEAK))
    return None
