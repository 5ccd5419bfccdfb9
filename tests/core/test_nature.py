"""Nature sounds from shaped noise: seamless, never repeating, no clicks, at the beats' loudness."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from ketacompanion.core.binaural import BinauralGenerator
from ketacompanion.core.loudness import (
    NATURE_LUFS,
    NATURE_TRUE_PEAK,
    TARGET_LUFS,
    beats_loudness,
    gain_for,
    nature_loudness,
)
from ketacompanion.core.models import InvalidItemError, NatureItem, NatureSound
from ketacompanion.core.nature import FADE_S, NatureGenerator
from ketacompanion.core.presets import preset
from ketacompanion.core.special_items import special_from_json, special_to_json

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kweighting import k_loudness

SR = 44100


def render(gen: NatureGenerator, sizes: list[int]) -> np.ndarray:
    parts, i = [], 0
    while gen.remaining:
        parts.append(gen.read(sizes[i % len(sizes)]))
        i += 1
    return np.concatenate(parts)


@pytest.fixture(scope="module")
def long_takes() -> dict[NatureSound, np.ndarray]:
    """Two minutes of each, past the fade-in."""
    return {sound: NatureGenerator(NatureItem(sound, 130.0), SR, seed=4).read(130 * SR)[5 * SR :]
            for sound in NatureSound}


@pytest.fixture(scope="module")
def beats_lufs() -> float:
    return k_loudness(BinauralGenerator(preset("theta").segment(1), SR, seed=1).read(40 * SR))


@pytest.mark.parametrize("sound", list(NatureSound))
def test_each_is_at_the_beats_loudness_and_under_full_scale(
    sound: NatureSound, long_takes: dict[NatureSound, np.ndarray], beats_lufs: float,
) -> None:
    out = long_takes[sound]
    assert k_loudness(out) == pytest.approx(beats_lufs, abs=1.0)
    assert k_loudness(out) == pytest.approx(NATURE_LUFS, abs=0.5)  # what the session is told
    assert np.abs(out).max() < NATURE_TRUE_PEAK


@pytest.mark.parametrize("sound", list(NatureSound))
def test_the_session_brings_nature_and_beats_to_one_loudness(
    sound: NatureSound, long_takes: dict[NatureSound, np.ndarray],
) -> None:
    item = NatureItem(sound, 130.0)
    nature = long_takes[sound] * gain_for(nature_loudness(item))
    beats_item = preset("theta").segment(1)
    beats = (BinauralGenerator(beats_item, SR, seed=1).read(40 * SR)
             * gain_for(beats_loudness(beats_item)))
    assert k_loudness(nature) == pytest.approx(TARGET_LUFS, abs=1.0)
    assert k_loudness(nature) == pytest.approx(k_loudness(beats), abs=1.0)


@pytest.mark.parametrize("sound", list(NatureSound))
def test_chunks_never_change_a_sample_and_it_starts_and_ends_in_silence(sound: NatureSound) -> None:
    item = NatureItem(sound, 12.0)
    whole = render(NatureGenerator(item, SR, seed=7), [SR * 20])
    chunked = render(NatureGenerator(item, SR, seed=7), [1, 4410, 999, 44100, 333])
    assert len(whole) == 12 * SR
    np.testing.assert_allclose(chunked, whole, atol=1e-6)
    # Fades: from nothing, to nothing; no step at the ends beyond the sound's own.
    assert np.abs(whole[:10]).max() < 1e-4 and np.abs(whole[-10:]).max() < 1e-4
    fade = int(min(FADE_S, 12.0 / 4) * SR)
    steady_step = np.abs(np.diff(whole[fade:-fade], axis=0)).max()
    assert np.abs(np.diff(whole[:fade], axis=0)).max() <= steady_step
    assert np.abs(np.diff(whole[-fade:], axis=0)).max() <= steady_step
    # A different seed is a different sound.
    other = render(NatureGenerator(item, SR, seed=8), [SR * 20])
    assert abs(np.corrcoef(other[fade:-fade, 0], whole[fade:-fade, 0])[0, 1]) < 0.2


@pytest.mark.parametrize("sound", list(NatureSound))
def test_nothing_repeats(sound: NatureSound, long_takes: dict[NatureSound, np.ndarray]) -> None:
    x = long_takes[sound][:, 0].astype(np.float64)
    x -= x.mean()
    n = len(x)
    spectrum = np.fft.rfft(x, 2 * n)
    auto = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    auto /= auto[0]
    assert np.abs(auto[SR // 2 :]).max() < 0.1


def band_energy(x: np.ndarray, lo: float, hi: float) -> float:
    spectrum = np.abs(np.fft.rfft(x)) ** 2
    hz = np.fft.rfftfreq(len(x), 1 / SR)
    return float(spectrum[(hz >= lo) & (hz < hi)].sum())


def test_rain_is_pinkish_without_rumble_and_patters(long_takes: dict) -> None:
    x = long_takes[NatureSound.RAIN][: 30 * SR, 0].astype(np.float64)
    per_octave = [band_energy(x, f, 2 * f) for f in (250, 500, 1000, 2000, 4000)]
    slopes = 10 * np.log10(np.array(per_octave[1:]) / per_octave[:-1])
    assert np.all((slopes > -3.0) & (slopes < 3.0))  # gentler than brown, not hissing white
    assert band_energy(x, 20, 60) < 0.02 * band_energy(x, 200, 2000)
    # Droplets: short bursts above 1.5 kHz stand out of the bed a few times a second.
    hz = np.fft.rfftfreq(len(x), 1 / SR)
    high = np.fft.irfft(np.fft.rfft(x) * ((hz > 1500) & (hz < 5000)), len(x))
    env = np.sqrt((high[: len(high) // 441 * 441].reshape(-1, 441) ** 2).mean(axis=1))
    bursts = np.flatnonzero(np.diff((env > 2.0 * np.median(env)).astype(int)) == 1)
    assert 1.0 < len(bursts) / 30.0 < 15.0


def test_sea_swells_every_8_to_12_seconds(long_takes: dict) -> None:
    x = long_takes[NatureSound.SEA][:, 0].astype(np.float64)
    env = np.sqrt((x[: len(x) // 4410 * 4410].reshape(-1, 4410) ** 2).mean(axis=1))  # 10 per s
    assert np.percentile(env, 90) > 1.6 * np.percentile(env, 10)  # crests well above troughs
    env -= env.mean()
    spectrum = np.abs(np.fft.rfft(env * np.hanning(len(env)))) ** 2
    hz = np.fft.rfftfreq(len(env), 0.1)
    strongest = hz[1:][np.argmax(spectrum[1:])]
    assert 1 / 12.5 <= strongest <= 1 / 7.5
    # Brown below (the surf of each crest brightens it a little).
    assert band_energy(x, 100, 200) > 3 * band_energy(x, 1600, 3200)  # pink: about equal


def test_wind_s_band_wanders(long_takes: dict) -> None:
    x = long_takes[NatureSound.WIND][:, 0].astype(np.float64)
    hz = np.fft.rfftfreq(SR * 2, 1 / SR)
    centroids = []
    for start in range(0, len(x) - 2 * SR, 2 * SR):
        power = np.abs(np.fft.rfft(x[start : start + 2 * SR])) ** 2
        centroids.append(float((power * hz).sum() / power.sum()))
    assert max(centroids) > 1.4 * min(centroids)  # the centre moves...
    assert np.abs(np.diff(centroids)).max() < 0.5 * np.mean(centroids)  # ...slowly
    assert 150 < np.median(centroids) < 2000


def test_nature_items_check_themselves_and_travel_as_json() -> None:
    item = NatureItem(NatureSound.SEA, 45 * 60.0)
    assert item.kind == "nature" and item.title == "Sea"
    assert special_from_json(special_to_json(item)) == item
    assert NatureItem("rain", 60).sound is NatureSound.RAIN
    with pytest.raises(InvalidItemError, match="rain, sea, wind"):
        NatureItem("thunder", 60)  # type: ignore[arg-type]
    with pytest.raises(InvalidItemError, match="at least 1 ms"):
        NatureItem(NatureSound.WIND, -5)
    with pytest.raises(ValueError, match="nature sound"):
        special_from_json('{"kind":"nature","sound":"hail","duration_s":60}')
    with pytest.raises(ValueError, match="text"):
        special_from_json('{"kind":"nature","sound":3,"duration_s":60}')


def test_a_seek_plays_from_there_with_no_fade_in_mid_way() -> None:
    gen = NatureGenerator(NatureItem(NatureSound.RAIN, 60.0), SR, seed=1)
    gen.seek(30 * SR)
    assert gen.remaining == 30 * SR
    part = gen.read(SR)
    assert np.sqrt((part**2).mean()) > 0.05
