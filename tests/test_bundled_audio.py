"""The bundled calm audio: decodable, calm-level, gap-free, tagged, credited, small.

Also checks the composition itself (without rendering): piano only, soft, and a
piece made of varied phrases rather than one loop.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT / "assets" / "audio"
FILES = sorted(AUDIO.glob("*.ogg"))
BLOCK_S = 0.5


def test_there_are_at_least_three_pieces() -> None:
    assert len(FILES) >= 3


def test_folder_fits_the_budget() -> None:
    total = sum(path.stat().st_size for path in AUDIO.rglob("*") if path.is_file())
    assert total <= 30 * 1024 * 1024


def test_credits_mention_every_file_and_the_licences() -> None:
    credits = (AUDIO / "CREDITS.md").read_text("utf-8")
    for path in FILES:
        assert f"`{path.name}`" in credits
    assert "CC0" in credits and "MIT" in credits and "FluidR3_GM" in credits


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_piece_is_whole_calm_and_tagged(path: Path) -> None:
    with sf.SoundFile(path) as audio:
        assert audio.format == "OGG"
        assert audio.samplerate == 44100
        assert audio.channels in (1, 2)
        assert 5 * 60 <= audio.frames / audio.samplerate <= 10 * 60
        assert audio.title.strip()
        assert audio.artist == "ketacompanion"
        size = int(audio.samplerate * BLOCK_S)
        peak = 0.0
        levels = []
        for block in audio.blocks(blocksize=size, dtype="float32", always_2d=True):
            peak = max(peak, float(np.abs(block).max()))
            levels.append(float(np.sqrt(np.mean(block.astype(np.float64) ** 2))))
    assert 20 * np.log10(peak) <= -1.0
    db = 20 * np.log10(np.maximum(levels, 1e-10))
    inner = db[int(10 / BLOCK_S) : -int(20 / BLOCK_S)]  # fades excepted
    quiet = np.convolve(inner < -60, np.ones(int(3 / BLOCK_S)), mode="valid")
    assert quiet.max(initial=0) < int(3 / BLOCK_S), "a silent stretch of 3 s or more"
    mean = 10 * np.log10(np.mean(10 ** (inner / 10)))
    assert -26 <= mean <= -14, f"mean level {mean:.1f} dBFS is not calm-and-audible"


def _tools_module(name: str):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "tools"))


render_piano = _tools_module("render_piano")


@pytest.mark.parametrize("spec", render_piano.PIECES, ids=lambda spec: spec.slug)
def test_composition_is_soft_solo_piano_and_varied(spec) -> None:
    assert (AUDIO / f"{spec.slug}.ogg").exists()
    notes, pedals, end = render_piano.compose(spec)
    midi = render_piano.midi_bytes(notes, pedals, end)
    statuses = _channel_statuses(midi)
    assert {status & 0x0F for status in statuses} == {0}  # channel 1 only, never 10
    assert statuses.count(0xC0) == 1 and b"\xc0\x00" in midi  # Acoustic Grand Piano
    assert all(21 <= note.pitch <= 108 and note.velocity <= 96 for note in notes)
    assert 50 <= spec.bpm <= 66
    # Varied: most 4-bar windows of pitches differ from each other.
    bar_s = [b - a for a, b in zip(pedals, pedals[1:], strict=False)]
    assert 2.5 < float(np.median(bar_s)) < 6
    bars = [
        tuple(sorted(n.pitch for n in notes if a <= n.start < b))
        for a, b in zip(pedals, pedals[1:], strict=False)
    ]
    windows = [tuple(bars[i : i + 4]) for i in range(0, len(bars) - 3, 4)]
    assert len(set(windows)) >= 0.8 * len(windows)


def _channel_statuses(midi: bytes) -> list[int]:
    """Status bytes of the channel events in our own single-track file (no running status)."""
    track = midi[22:]
    statuses, i = [], 0
    while i < len(track):
        while track[i] & 0x80:  # delta time
            i += 1
        i += 1
        status = track[i]
        if status == 0xFF:
            length = track[i + 2]
            i += 3 + length
            continue
        assert status & 0x80, "running status is not expected in our writer's output"
        statuses.append(status)
        i += 2 if status & 0xF0 in (0xC0, 0xD0) else 3
    return statuses
