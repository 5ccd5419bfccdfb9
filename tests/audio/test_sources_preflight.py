"""Decoding every format in chunks, resampling, and the preflight report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.audio.analysis import frequency, max_step
from ketacompanion.audio.preflight import Problem, check_file, preflight
from ketacompanion.audio.sources import (
    FileSource,
    Resampler,
    SourceError,
    open_source,
)
from ketacompanion.core.models import BinauralSegment, FileItem, SilenceItem

SR = 44100


def read_all(source: FileSource, chunk: int) -> np.ndarray:
    parts = []
    while True:
        part = source.read(chunk)
        parts.append(part)
        if len(part) < chunk:
            return np.concatenate(parts)


@pytest.mark.parametrize(
    ("ext", "kwargs", "rate"),
    [
        ("wav", {}, 44100),
        ("flac", {}, 44100),
        ("ogg", {}, 44100),
        ("mp3", {}, 44100),
        ("opus", {"format": "OGG", "subtype": "OPUS"}, 48000),
        ("flac", {}, 22050),
        ("wav", {}, 96000),
    ],
)
def test_every_format_decodes_in_chunks_at_the_mixer_rate(
    tmp_path: Path, ext: str, kwargs: dict, rate: int
) -> None:
    t = np.arange(2 * rate) / rate
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    path = tmp_path / f"tone{rate}.{ext}"
    if ext == "mp3":
        # libsndfile's own MP3 *writer* makes damaged streams (mpg123 reports bit
        # reservoir errors); real MP3s come from LAME, so the test uses LAME.
        lame = shutil.which("lame")
        if lame is None:
            pytest.skip("needs the lame encoder (Debian package lame) to make a real MP3")
        wav = tmp_path / "for-lame.wav"
        soundfile.write(wav, tone, rate)
        subprocess.run([lame, "--quiet", "-b", "192", str(wav), str(path)], check=True)
    else:
        soundfile.write(path, tone, rate, **kwargs)  # mono: played on both ears
    out = read_all(FileSource(str(path), SR), 3001)
    assert out.shape[1] == 2 and out.dtype == np.float32
    assert len(out) == pytest.approx(2 * SR, abs=0.08 * SR)  # lossy codecs pad a little
    steady = out[SR // 4 : SR + SR // 4]
    assert frequency(steady[:, 0], SR) == pytest.approx(440.0, abs=0.05)
    np.testing.assert_array_equal(out[:, 0], out[:, 1])
    assert max_step(steady[:, 0]) < 2 * np.pi * 440 / SR * 0.5 * 1.05


def test_resampler_is_continuous_across_any_chunking() -> None:
    t = np.arange(48000) / 48000
    x = np.column_stack([np.sin(2 * np.pi * 1000 * t)] * 2).astype(np.float32)
    whole = Resampler(48000, SR).process(x, final=True)
    r = Resampler(48000, SR)
    pieces = [r.process(x[a:b]) for a, b in ((0, 7), (7, 1000), (1000, 30001))]
    pieces.append(r.process(x[30001:], final=True))
    np.testing.assert_allclose(np.concatenate(pieces), whole, atol=1e-6)
    ideal = np.sin(2 * np.pi * 1000 * np.arange(len(whole)) / SR)
    assert np.abs(whole[10:-10, 0] - ideal[10:-10]).max() < 1e-3


def test_start_offset_seeks_into_the_file(media: dict[str, Path]) -> None:
    source = FileSource(str(media["a.flac"]), SR, start_s=1.5)
    assert source.remaining() == pytest.approx(0.5 * SR, abs=2)
    assert len(read_all(source, 1000)) == pytest.approx(0.5 * SR, abs=2)


def test_open_source_refuses_bad_files_with_clear_messages(media: dict[str, Path]) -> None:
    with pytest.raises(SourceError, match="missing.mp3 is missing"):
        open_source(FileItem(str(media["missing.mp3"])), SR)
    with pytest.raises(SourceError, match="corrupt.ogg is damaged"):
        open_source(FileItem(str(media["corrupt.ogg"])), SR)


def test_preflight_reports_missing_unreadable_and_corrupt(
    media: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder.ogg"
    folder.mkdir()
    items = [
        FileItem(str(media["a.ogg"])),
        BinauralSegment(200, 6, 60),
        FileItem(str(media["missing.mp3"])),
        FileItem(str(media["corrupt.ogg"])),
        FileItem(str(media["empty.wav"])),
        FileItem(str(folder)),
        SilenceItem(5),
        FileItem(str(media["c48.flac"])),
    ]
    seen: list[tuple[int, int]] = []
    problems = preflight(items, progress=lambda done, total: seen.append((done, total)))
    found = {p.index: p.problem for p in problems}
    assert found == {2: Problem.MISSING, 3: Problem.CORRUPT, 4: Problem.CORRUPT,
                     5: Problem.UNREADABLE}
    assert all(p.message and "\n" not in p.message for p in problems)
    assert seen[-1] == (8, 8)


def test_preflight_can_be_cancelled(media: dict[str, Path]) -> None:
    items = [FileItem(str(media["missing.mp3"]))] * 5
    assert preflight(items, should_stop=lambda: True) == []


def test_check_file_accepts_a_good_file(media: dict[str, Path]) -> None:
    assert check_file(str(media["b.flac"])) is None
