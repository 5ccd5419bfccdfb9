"""Two takes of one session never share a name, and a finished take is never thrown away.

A take is named by the second it starts. Record, Stop and Record again within one
second (a double-click) gave the new take the name of the one just stored, and
finishing it then took it for "the same take, stored before a crash": the new
recording was deleted and the accidental 0.3 s one kept.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.core.wav_file import CrashSafeWavWriter
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

RATE = 16000


SAME_SECOND = datetime(2026, 3, 1, 10, 15, 30)  # every take here starts within this second


@pytest.fixture
def store(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    for name in ("rec", "drafts"):
        (tmp_path / name).mkdir()
    journal = JournalRepository(db, tmp_path / "rec")
    assert add_session(db) == 1  # the session the takes below name
    takes = TakeStore(journal, tmp_path / "rec", tmp_path / "drafts", now=lambda: SAME_SECOND)
    yield takes, journal
    db.close()


def _speech(seconds: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(-12000, 12000, int(RATE * seconds), dtype=np.int16)


def _record(path: Path, samples: np.ndarray) -> None:
    writer = CrashSafeWavWriter(path, RATE)
    writer.write(samples.astype("<i2").tobytes())
    writer.close()


def _stored(take) -> np.ndarray:
    data, rate = soundfile.read(take.path, dtype="int16")
    assert rate == RATE
    return data


def test_two_takes_started_in_the_same_second_are_both_kept(store):
    takes, journal = store
    accidental, spoken = _speech(0.3, 1), _speech(20.0, 2)
    first_wav = takes.new_draft_path(1)
    _record(first_wav, accidental)
    first = takes.finish(1, first_wav)
    second_wav = takes.new_draft_path(1)  # Record again, still within the same second
    assert second_wav.stem != first.path.stem
    _record(second_wav, spoken)
    second = takes.finish(1, second_wav)
    stored = journal.takes(1)
    assert [t.id for t in stored] == [first.id, second.id]
    assert len({t.path for t in stored}) == 2
    assert np.array_equal(_stored(first), accidental)
    assert np.array_equal(_stored(second), spoken)
    assert second.duration_s == pytest.approx(20.0)


def test_a_new_name_is_free_in_recordings_and_the_journal_too(store):
    takes, journal = store
    stem = "take-1-20260301T101530"
    (takes._recordings / f"{stem}.flac").write_bytes(b"stored")  # a file left by anyone
    journal.add_take(1, takes._recordings / f"{stem}-1.flac", 3.0)  # a row whose file is gone
    assert takes.new_draft_path(1).name == f"{stem}-2.wav"


def test_a_different_recording_under_a_stored_name_is_kept_as_its_own_take(store):
    takes, journal = store
    accidental, spoken = _speech(0.3, 3), _speech(15.0, 4)
    wav = takes._drafts / "take-1-20260301T101530.wav"
    _record(wav, accidental)
    first = takes.finish(1, wav)
    _record(wav, spoken)  # the same name again (as the old naming allowed), other audio
    second = takes.finish(1, wav)
    assert second is not None and second.id != first.id
    assert second.path != first.path
    assert np.array_equal(_stored(first), accidental)
    assert np.array_equal(_stored(second), spoken)
    assert not wav.exists()  # removed only once its audio was stored
    assert [t.id for t in journal.takes(1)] == [first.id, second.id]


def test_an_interrupted_take_under_a_stored_name_is_recovered_not_dropped(store):
    takes, journal = store
    accidental, spoken = _speech(0.3, 5), _speech(8.0, 6)
    wav = takes._drafts / "take-1-20260301T101530.wav"
    _record(wav, accidental)
    first = takes.finish(1, wav)
    _record(wav, spoken)  # the app was killed while this one was being recorded
    [recovered] = takes.recover()
    assert recovered.id != first.id
    assert np.array_equal(_stored(recovered), spoken)
    assert np.array_equal(_stored(first), accidental)
    assert not wav.exists()


def test_an_unreadable_file_under_the_name_is_never_overwritten(store):
    takes, journal = store
    wav = takes._drafts / "take-1-20260301T101530.wav"
    squatter = takes._recordings / "take-1-20260301T101530.flac"
    squatter.write_bytes(b"not a flac, but not ours to overwrite")
    spoken = _speech(2.0, 7)
    _record(wav, spoken)
    take = takes.finish(1, wav)
    assert take.path != squatter
    assert squatter.read_bytes() == b"not a flac, but not ours to overwrite"
    assert np.array_equal(_stored(take), spoken)
