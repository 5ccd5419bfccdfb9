"""A kill while a take's FLAC is written leaves no partial copy of the voice behind.

The FLAC is written to ``recordings/.take-<random>.flac`` and renamed into place; a
kill before the rename left that file for good, under a name no session's deletion
finds. The WAV it was made from stays in drafts and is kept at the next start, so
the copy is cleared then, before recovery writes its own.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.core.wav_file import CrashSafeWavWriter
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

KILLED_IN_FSYNC = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from ketacompanion.services.takes import TakeStore
    from ketacompanion.storage.database import Database
    from ketacompanion.storage.journal import JournalRepository
    root = Path(sys.argv[1])
    db = Database.open(root / "k.sqlite3")
    takes = TakeStore(JournalRepository(db, root / "rec"), root / "rec", root / "drafts")
    real_fsync = os.fsync
    def fsync(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".flac"):  # the FLAC's own fsync
            os.kill(os.getpid(), signal.SIGKILL)
        real_fsync(fd)
    os.fsync = fsync
    takes.finish(1, Path(sys.argv[2]))
""")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                    reason="needs /proc to tell the FLAC's fsync from the others")
def test_a_partial_flac_is_cleared_and_the_take_kept_from_its_wav(tmp_path: Path):
    for name in ("rec", "drafts"):
        (tmp_path / name).mkdir()
    db = Database.open(tmp_path / "k.sqlite3")
    assert add_session(db) == 1  # the session the takes below name
    journal = JournalRepository(db, tmp_path / "rec")
    takes = TakeStore(journal, tmp_path / "rec", tmp_path / "drafts")
    samples = np.random.default_rng(3).integers(-20000, 20000, 16000 * 3, dtype=np.int16)
    wav = takes.new_draft_path(1)
    writer = CrashSafeWavWriter(wav, 16000)
    writer.write(samples.astype("<i2").tobytes())
    writer.close()
    db.close()
    done = subprocess.run([sys.executable, "-c", KILLED_IN_FSYNC, str(tmp_path), str(wav)],
                          timeout=60)
    assert done.returncode == -9
    [left] = (tmp_path / "rec").glob(".take-*.flac")
    assert left.stat().st_size > 1000 and wav.exists()

    db = Database.open(tmp_path / "k.sqlite3")
    try:
        journal = JournalRepository(db, tmp_path / "rec")
        takes = TakeStore(journal, tmp_path / "rec", tmp_path / "drafts")
        assert takes.clear_unfinished_copies() == 1
        [take] = takes.recover()
        assert sorted(p.name for p in (tmp_path / "rec").iterdir()) == [take.path.name]
        data, _ = soundfile.read(take.path, dtype="int16")
        assert np.array_equal(data, samples) and not wav.exists()
        assert takes.clear_unfinished_copies() == 0  # a finished take is never touched
    finally:
        db.close()
