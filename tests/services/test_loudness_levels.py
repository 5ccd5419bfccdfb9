"""The person's files are measured once, in the background, and kept; tags stand in meanwhile.

Real files, a real SQLite database and the real BS.1770 meter; the worker is the
real thread. Nothing is ever written to the music files.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.audio.loudness_meter import measure_file
from ketacompanion.core.loudness import DEFAULT_GAIN, TARGET_LUFS, Loudness, gain_for
from ketacompanion.core.models import BinauralSegment, FileItem, SilenceItem
from ketacompanion.services.loudness import LoudnessLevels
from ketacompanion.storage.database import Database

SR = 44100


def tone_file(path: Path, amplitude: float, seconds: float = 3.0) -> Path:
    t = np.arange(int(seconds * SR)) / SR
    tone = amplitude * np.sin(2 * np.pi * 997 * t)
    soundfile.write(path, np.column_stack([tone, tone]), SR, subtype="PCM_24")
    return path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    Database.open(path).close()
    return path


class CountingMeasure:
    """The real measuring, counting the files it reads."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, path: str, should_stop) -> Loudness | None:
        self.release.wait(10)
        self.paths.append(path)
        return measure_file(path, should_stop)


def level_after(levels: LoudnessLevels, path: Path) -> float:
    loudness = measure_file(str(path))
    assert loudness is not None
    return loudness.lufs + 20 * math.log10(levels.gain_of(FileItem(str(path))))


def test_files_are_measured_once_and_the_second_run_reads_nothing(
        tmp_path: Path, database: Path) -> None:
    loud = tone_file(tmp_path / "loud.flac", 0.9)
    quiet = tone_file(tmp_path / "quiet.flac", 0.02)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (loud, quiet)}
    stamps = {p: os.stat(p).st_mtime_ns for p in (loud, quiet)}
    items = [FileItem(str(loud)), FileItem(str(quiet)), SilenceItem(5)]

    measure = CountingMeasure()
    first = LoudnessLevels(database, measure)
    first.request(items)
    assert first.wait_idle(30)
    assert sorted(measure.paths) == sorted([str(loud), str(quiet)])
    for path in (loud, quiet):
        assert first.is_measured(str(path))
        assert level_after(first, path) == pytest.approx(TARGET_LUFS, abs=0.1)
    first.request(items)  # asked again: nothing more is read
    assert first.wait_idle(30)
    assert first.measured == 2
    first.close()

    again = CountingMeasure()
    second = LoudnessLevels(database, again)  # the next start of the app
    second.request(items)
    assert second.wait_idle(30)
    assert again.paths == [] and second.measured == 0
    assert second.gain_of(items[0]) == pytest.approx(first.gain_of(items[0]))
    assert second.gain_of(items[1]) == pytest.approx(first.gain_of(items[1]))
    second.close()
    # Never written to: same bytes, same modification time.
    for path in (loud, quiet):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before[path]
        assert os.stat(path).st_mtime_ns == stamps[path]


def test_a_changed_file_is_measured_again(tmp_path: Path, database: Path) -> None:
    song = tone_file(tmp_path / "song.flac", 0.5)
    measure = CountingMeasure()
    levels = LoudnessLevels(database, measure)
    levels.request([FileItem(str(song))])
    assert levels.wait_idle(30)
    levels.close()
    tone_file(song, 0.05, seconds=4.0)  # replaced by another recording
    measure2 = CountingMeasure()
    levels2 = LoudnessLevels(database, measure2)
    levels2.request([FileItem(str(song))])
    assert levels2.wait_idle(30)
    assert measure2.paths == [str(song)]
    assert level_after(levels2, song) == pytest.approx(TARGET_LUFS, abs=0.1)
    levels2.close()


def test_replaygain_tags_serve_while_measuring_and_the_default_without_them(
        tmp_path: Path, database: Path, qtbot) -> None:
    tagged = tmp_path / "tagged.flac"
    tone_file(tagged, 0.9)
    plain = tone_file(tmp_path / "plain.flac", 0.9)
    import mutagen.flac

    flac = mutagen.flac.FLAC(tagged)
    flac["REPLAYGAIN_TRACK_GAIN"] = "-6.00 dB"
    flac["REPLAYGAIN_TRACK_PEAK"] = "0.900000"
    flac.save()
    measure = CountingMeasure()
    measure.release.clear()  # the measuring is held: only tags and defaults are known
    levels = LoudnessLevels(database, measure)
    tagged_item, plain_item = FileItem(str(tagged)), FileItem(str(plain))
    assert levels.gain_of(plain_item) == DEFAULT_GAIN <= 1.0
    levels.request([tagged_item, plain_item])
    qtbot.waitUntil(lambda: levels.gain_of(tagged_item) != DEFAULT_GAIN, timeout=5000)
    assert levels.gain_of(tagged_item) == pytest.approx(gain_for(Loudness(-12.0, 0.9)))
    assert levels.gain_of(plain_item) == DEFAULT_GAIN
    measure.release.set()
    assert levels.wait_idle(30)
    assert levels.is_measured(str(tagged)) and levels.is_measured(str(plain))
    assert level_after(levels, plain) == pytest.approx(TARGET_LUFS, abs=0.1)
    levels.close()


def test_unreadable_files_keep_the_safe_gain_and_the_rest_are_measured(
        tmp_path: Path, database: Path) -> None:
    broken = tmp_path / "broken.flac"
    broken.write_bytes(np.random.default_rng(1).bytes(5000))
    missing = tmp_path / "missing.flac"
    good = tone_file(tmp_path / "good.flac", 0.3)
    levels = LoudnessLevels(database, measure=lambda p, stop: measure_file(p, stop))
    items = [FileItem(str(broken)), FileItem(str(missing)), FileItem(str(good))]
    levels.request(items)
    assert levels.wait_idle(30)
    assert levels.gain_of(items[0]) == levels.gain_of(items[1]) == DEFAULT_GAIN
    assert levels.is_measured(str(good))
    levels.close()


def test_beats_take_their_computed_gain_and_silence_none(database: Path) -> None:
    levels = LoudnessLevels(database, measure=lambda p, stop: None)
    beats = BinauralSegment(200, 6, 60)
    assert 0.4 < levels.gain_of(beats) < 1.0  # the generator's -13 LUFS brought to -18
    assert levels.gain_of(SilenceItem(5)) == 1.0
