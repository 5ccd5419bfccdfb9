"""One loudness: the one gain function, tags standing in, and generated and bundled sound at target.

The loudness of beats and of the bundled piano is measured here with the same
BS.1770 meter (libebur128) that measures the person's files.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from ketacompanion.audio.loudness_meter import measure_file, measure_frames
from ketacompanion.core.binaural import BinauralGenerator
from ketacompanion.core.loudness import (
    CEILING_DBTP,
    DEFAULT_GAIN,
    TARGET_LUFS,
    Loudness,
    beats_loudness,
    gain_for,
    loudness_from_tags,
)
from ketacompanion.core.models import BinauralSegment, NoiseColour
from ketacompanion.paths import assets_dir

SR = 44100


def db(gain: float) -> float:
    return 20 * math.log10(gain)


def test_the_gain_brings_a_loudness_to_the_target() -> None:
    assert db(gain_for(Loudness(-8.0, 1.0))) == pytest.approx(-10.0)
    assert db(gain_for(Loudness(-23.0, 0.1))) == pytest.approx(5.0)
    assert db(gain_for(Loudness(-30.0, 0.05), target_lufs=-20.0)) == pytest.approx(10.0)


def test_the_gain_keeps_the_true_peak_under_the_ceiling() -> None:
    # Quiet but peaky (a piano's hammer): lifted only until its peak meets the ceiling.
    gain = gain_for(Loudness(-35.0, 0.5))
    assert db(gain) == pytest.approx(CEILING_DBTP - db(0.5))
    assert 0.5 * gain <= 10 ** (CEILING_DBTP / 20) + 1e-9


def test_unmeasured_or_silent_plays_at_the_safe_default_never_louder_than_before() -> None:
    assert gain_for(None) == DEFAULT_GAIN <= 1.0
    assert gain_for(Loudness(float("-inf"), 0.0)) == DEFAULT_GAIN


def test_replaygain_and_r128_tags_stand_in_for_a_measurement() -> None:
    tagged = loudness_from_tags({"replaygain_track_gain": "-7.50 dB",
                                 "replaygain_track_peak": "0.988"})
    assert tagged == Loudness(-10.5, 0.988)
    assert loudness_from_tags({"r128_track_gain": "-1792"}) == Loudness(-16.0, 1.0)
    assert loudness_from_tags({"replaygain_track_gain": "loud"}) is None
    assert loudness_from_tags({"replaygain_track_gain": "nan dB"}) is None
    assert loudness_from_tags({}) is None


def generated(segment: BinauralSegment) -> np.ndarray:
    return BinauralGenerator(segment, SR, seed=3).read(round(segment.duration_s * SR))


@pytest.mark.parametrize("segment", [
    BinauralSegment(50, 4, 12), BinauralSegment(120, 6, 12), BinauralSegment(200, 10, 12),
    BinauralSegment(450, 8, 12), BinauralSegment(900, 20, 12),
    BinauralSegment(300, 10, 12, to_carrier_hz=150, to_beat_hz=6),
    BinauralSegment(200, 6, 12, noise=NoiseColour.PINK, noise_level=0.4),
    BinauralSegment(180, 5, 12, noise=NoiseColour.BROWN, noise_level=1.0),
    BinauralSegment(250, 7, 12, noise=NoiseColour.WHITE, noise_level=0.7),
])
def test_beats_are_brought_to_the_target_by_their_computed_loudness(
    segment: BinauralSegment,
) -> None:
    frames = generated(segment)
    measured = measure_frames(frames, SR)
    assert measured is not None
    assert beats_loudness(segment).lufs == pytest.approx(measured.lufs, abs=0.5)
    heard = measure_frames(frames * gain_for(beats_loudness(segment)), SR)
    assert heard is not None and heard.lufs == pytest.approx(TARGET_LUFS, abs=0.5)


def bundled_pieces() -> list[Path]:
    return sorted(p for p in (assets_dir() / "audio").iterdir()
                  if p.suffix.lower() in {".ogg", ".flac", ".wav", ".mp3", ".opus"})


def test_the_bundled_piano_is_brought_to_the_target() -> None:
    pieces = bundled_pieces()
    assert pieces
    for piece in pieces:
        loudness = measure_file(str(piece))
        assert loudness is not None
        gain = gain_for(loudness)
        after = loudness.lufs + db(gain)
        peak_after = db(loudness.true_peak * gain)
        assert peak_after <= CEILING_DBTP + 1e-6
        # At the target, unless its peaks would pass the ceiling first.
        assert after == pytest.approx(TARGET_LUFS, abs=0.01) or \
            peak_after == pytest.approx(CEILING_DBTP, abs=0.01), piece.name
