from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.core.wav_file import CrashSafeWavWriter
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.session_files import take_mark_file
from tests.builders import add_session


@pytest.fixture
def store(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    for name in ("rec", "drafts"):
        (tmp_path / name).mkdir()
    journal = JournalRepository(db, tmp_path / "rec")
    assert add_session(db) == 1  # the session the takes below name
    yield TakeStore(journal, tmp_path / "rec", tmp_path / "drafts"), journal
    db.close()


def _record(path: Path, samples: np.ndarray, flush: bool = True) -> CrashSafeWavWriter:
    writer = CrashSafeWavWriter(path, 16000)
    writer.write(samples.astype("<i2").tobytes())
    if flush:
        writer.close()
    return writer


def test_finished_take_becomes_a_flac_with_the_same_samples(store):
    takes, journal = store
    samples = np.random.default_rng(1).integers(-20000, 20000, 16000 * 2, dtype=np.int16)
    wav = takes.new_draft_path(1)
    _record(wav, samples)
    take = takes.finish(1, wav)
    assert take.path.suffix == ".flac" and take.path.parent.name == "rec"
    assert take.duration_s == pytest.approx(2.0)
    assert not wav.exists()
    data, rate = soundfile.read(take.path, dtype="int16")
    assert rate == 16000 and np.array_equal(data, samples)
    assert take.path.stat().st_mode & 0o777 == 0o600
    assert [t.id for t in journal.takes(1)] == [take.id]
    takes.delete(take.id)
    assert not take.path.exists() and journal.takes(1) == []


def test_empty_take_is_not_kept(store):
    takes, journal = store
    wav = takes.new_draft_path(1)
    _record(wav, np.zeros(0, dtype=np.int16))
    assert takes.finish(1, wav) is None
    assert not wav.exists() and journal.takes(1) == []


def test_interrupted_take_with_a_stale_header_is_recovered(store):
    takes, journal = store
    samples = np.arange(-8000, 8000, dtype=np.int16)
    wav = takes.new_draft_path(1)
    _record(wav, samples[:8000])
    with wav.open("ab") as handle:  # a kill leaves samples after the last header patch
        handle.write(samples[8000:].astype("<i2").tobytes())
    orphan = takes._drafts / "take-99-20260301T090000.wav"  # its session is gone
    _record(orphan, samples)
    assert [sid for sid, _ in takes.unfinished()] == [1, 99]
    [take] = takes.recover()
    data, _ = soundfile.read(take.path, dtype="int16")
    assert np.array_equal(data, samples)
    assert orphan.exists()  # never dropped silently


def test_a_take_stored_just_before_a_crash_is_not_kept_twice(store):
    takes, journal = store
    samples = np.arange(-8000, 8000, dtype=np.int16)
    wav = takes.new_draft_path(1)
    _record(wav, samples)
    left = {path: path.read_bytes() for path in (wav, take_mark_file(wav)) if path.exists()}
    first = takes.finish(1, wav)
    # Killed after the take's row was committed, before the WAV was removed: what a
    # crash then leaves in drafts is the WAV and its mark as they were.
    for path, content in left.items():
        path.write_bytes(content)
    assert wav.exists()
    [again] = takes.recover()
    assert again.id == first.id and [t.id for t in journal.takes(1)] == [first.id]
    assert not wav.exists()
    # Removing the one take removes its file; no second row is left pointing at nothing.
    takes.delete(first.id)
    assert journal.takes(1) == []
