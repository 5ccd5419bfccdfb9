"""The fresh piano's synthesiser: real samples from the bundled SoundFont, streamed by blocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.mixer import Mixer
from ketacompanion.audio.piano_render import (
    FIRST_BLOCK_S,
    PianoRender,
    PianoSource,
    load_voices,
    soundfont_path,
)
from ketacompanion.audio.soundfont import SoundFont, SoundFontError
from ketacompanion.audio.sources import open_source
from ketacompanion.core.composer import compose
from ketacompanion.core.models import FreshPiano
from ketacompanion.core.timeline import item_duration

REPO = Path(__file__).resolve().parents[2]
FLUID = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
RATE = 44100
FAST = 8000  # long renders run at a low rate: the same synthesis, fewer frames


def _all(source, step: int = 65536) -> np.ndarray:
    parts = []
    while True:
        chunk = source.read(step)
        parts.append(chunk)
        if len(chunk) < step:
            return np.concatenate(parts)


@pytest.mark.parametrize("minutes", [40, 45, 55, 60])
def test_a_session_of_fresh_piano_lasts_exactly_its_length(minutes: int) -> None:
    item = FreshPiano(minutes * 60.0, seed=minutes, arc="classic")
    source = open_source(item, FAST)
    assert source.remaining() == minutes * 60 * FAST
    audio = _all(source)
    source.close()
    assert len(audio) == minutes * 60 * FAST
    assert item_duration(item) == minutes * 60
    # Music all the way: no second of the first 95% is silent.
    seconds = audio[: len(audio) * 95 // 100 // FAST * FAST].reshape(-1, FAST, 2)
    level = 10 * np.log10((seconds**2).mean(axis=(1, 2)) + 1e-12)
    assert level.min() > -62, np.argmin(level)
    assert np.abs(audio).max() <= 10 ** (-3 / 20) + 1e-6  # peaks at or under -3 dBFS


def test_chunks_join_without_clicks_and_match_a_single_render() -> None:
    score = compose(40 * 60, "classic", seed=3)
    whole = PianoRender(score, RATE)
    reference = whole.read(3 * 60 * RATE)
    source = PianoSource(score, RATE)
    pieces = [source.read(n) for n in [1, 999, 4410, 44100, 1234] * 150]
    source.close()
    streamed = np.concatenate(pieces)
    assert np.array_equal(streamed, reference[: len(streamed)])
    mono = reference.mean(axis=1)
    steps = np.abs(np.diff(mono))
    first = round(FIRST_BLOCK_S * RATE)  # a short first block, then whole ones
    edges = np.concatenate([[first], np.arange(first + whole.block, len(mono) - 1, whole.block)])
    edges -= 1
    assert len(edges) >= 2
    steady = np.delete(steps, edges)
    assert steps[edges].max() <= steady.max()
    # And nothing jumps like a click anywhere: the largest step is a small part of the peak.
    assert steady.max() < 0.25 * np.abs(mono).max()


def test_same_seed_same_sound_other_seed_other_sound() -> None:
    first = PianoRender(compose(45 * 60, "gentle", seed=7), RATE).read(30 * RATE)
    again = PianoRender(compose(45 * 60, "gentle", seed=7), RATE).read(30 * RATE)
    other = PianoRender(compose(45 * 60, "gentle", seed=8), RATE).read(30 * RATE)
    assert np.array_equal(first, again)
    assert not np.allclose(first, other, atol=1e-3)


def test_starting_part_way_gives_the_same_sound_from_there() -> None:
    score = compose(40 * 60, "classic", seed=5)
    full = PianoRender(score, FAST).read(80 * FAST)
    for start in (20, 50):  # within the lead-in, and just past it
        source = PianoSource(score, FAST, start_s=float(start))
        assert source.remaining() == (40 * 60 - start) * FAST
        later = source.read(30 * FAST)
        source.close()
        # The limiter remembers a little from before the lead-in (its gain returns at
        # 1.5 dB/s): at most a thousandth of full scale, about 60 dB under the music.
        assert np.allclose(later, full[start * FAST : (start + 30) * FAST], atol=2e-3)


def _fundamental(x: np.ndarray, guess: float) -> float:
    """The strongest spectral peak within a fifth of ``guess`` (piano tones are rich)."""
    x = x - x.mean()
    n = 1 << 17
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)), n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    band = (freqs > guess / 1.5) & (freqs < guess * 1.5)
    i = int(np.argmax(np.where(band, spectrum, 0)))
    a, b, c = np.log(spectrum[i - 1 : i + 2])
    return (i + 0.5 * (a - c) / (a - 2 * b + c)) * RATE / n


@pytest.mark.parametrize("pitch", [36, 48, 60, 69, 72, 84])
def test_a_note_sounds_at_its_pitch_from_both_sides(pitch: int) -> None:
    voices = load_voices(RATE)
    note = voices.note(pitch, 60, 2.0)
    expected = 440.0 * 2 ** ((pitch - 69) / 12)
    for channel in (0, 1):
        part = note[int(0.2 * RATE) : int(1.2 * RATE), channel]
        assert _fundamental(part, expected) == pytest.approx(expected, rel=0.005)


def test_a_note_follows_velocity_and_release() -> None:
    voices = load_voices(RATE)
    a4 = voices.note(69, 60, 2.0)
    # Louder with velocity, and it fades after the key is let go.
    assert np.abs(voices.note(69, 90, 1.0)).max() > np.abs(voices.note(69, 30, 1.0)).max()
    assert 2.0 * RATE < len(a4) < 2.6 * RATE  # a short release after the key is let go
    tail = a4[int(2.15 * RATE) :]
    assert np.abs(tail).max() < 0.1 * np.abs(a4).max()


def test_the_mixer_plays_fresh_piano_within_the_first_second() -> None:
    mixer = Mixer(MixerSettings(sample_rate=RATE))
    item = FreshPiano(40 * 60.0, seed=11)
    mixer.load([item])
    mixer.start()
    second, info = mixer.render(RATE)
    assert info.index == 0
    level = 20 * np.log10(np.sqrt((second[RATE // 2 :] ** 2).mean()) + 1e-12)
    assert level > -45
    mixer.load([])


def test_the_bundled_soundfont_is_a_small_piano() -> None:
    path = soundfont_path()
    assert path.stat().st_size <= 10_000_000
    font = SoundFont.load(str(path))
    assert font.presets() == [(0, 0, "Grand Piano")]
    zones = font.zones(0, 0)
    for key in range(21, 109):
        for velocity in (1, 40, 64, 65, 100, 127):
            sides = {z.get("pan") for z in zones if z.covers(key, velocity)}
            assert sides == {-500, 500}, (key, velocity)
    credits = (REPO / "assets" / "audio" / "CREDITS.md").read_text()
    assert "piano.sf2" in credits and "make_piano_soundfont" in credits


def test_what_is_not_a_soundfont_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "piano.sf2"
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt ")
    with pytest.raises(SoundFontError):
        SoundFont.load(str(bad))
    with pytest.raises(SoundFontError):
        SoundFont.load(str(tmp_path / "missing.sf2"))


@pytest.mark.skipif(not FLUID.exists(), reason="needs FluidR3_GM.sf2 (apt: fluid-soundfont-gm)")
def test_the_tool_regenerates_the_bundled_soundfont_exactly(tmp_path: Path) -> None:
    import importlib.util

    tool_path = REPO / "tools" / "make_piano_soundfont.py"
    spec = importlib.util.spec_from_file_location("make_sf", tool_path)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.build(FLUID) == soundfont_path().read_bytes()


def test_a_render_failure_reaches_the_mix_as_a_quiet_skip(monkeypatch) -> None:
    from ketacompanion.audio.sources import SourceError

    def broken(self):
        raise MemoryError("no room")

    monkeypatch.setattr(PianoRender, "next_block", broken)
    source = PianoSource(compose(40 * 60, "classic", seed=2), FAST)
    with pytest.raises(SourceError, match="fresh piano stopped"):
        source.read(1024)
    source.close()


def test_a_resume_late_in_the_session_sounds_at_once_and_as_it_would_have() -> None:
    import time

    score = compose(40 * 60, "classic", seed=9)
    whole = PianoRender(score, FAST)
    whole.read(30 * 60 * FAST)
    expected = whole.read(20 * FAST)
    started = time.perf_counter()
    source = PianoSource(score, FAST, start_s=30 * 60.0)
    first = source.read(FAST)
    took = time.perf_counter() - started
    later = np.concatenate([first, source.read(19 * FAST)])
    source.close()
    assert source.remaining() == 10 * 60 * FAST - 20 * FAST
    assert took < 2.0  # not thirty minutes rendered first
    # The same notes ringing; the room and the limiter settle within their lead-in.
    assert np.abs(later - expected).max() < 0.02 * np.abs(expected).max()
