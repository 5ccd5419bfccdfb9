"""An export is private: the folders it makes are 0700 and its files 0600.

Folders that were already there (the person's Documents) keep their own modes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.services.export import export_journal
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[JournalRepository]:
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    repo = JournalRepository(db, tmp_path / "rec")
    sid = add_session(db)
    take = tmp_path / "rec" / "take.flac"
    soundfile.write(take, np.zeros(1600, np.int16), 16000, format="FLAC")
    os.chmod(take, 0o644)  # even a take that is readable by others is copied privately
    repo.add_take(sid, take, 0.1)
    yield repo
    db.close()


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the common default, which would give 0755 folders
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_folders_an_export_makes_are_0700_and_its_files_0600(
    journal, tmp_path: Path, fmt: str, qapp
):
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    out = documents / "for my therapist" / "march"
    document = export_journal(journal, out, fmt)
    assert _mode(documents) == 0o755
    for folder in (documents / "for my therapist", out, out / "voice-notes"):
        assert _mode(folder) == 0o700, folder
    files = [document, *(out / "voice-notes").iterdir()]
    assert len(files) == 3  # the take's FLAC and its MP3
    for path in files:
        assert _mode(path) == 0o600, path


def test_an_existing_folder_keeps_its_mode(journal, tmp_path: Path):
    out = tmp_path / "shared"
    out.mkdir(mode=0o755)
    export_journal(journal, out, "md")
    assert _mode(out) == 0o755
    assert _mode(out / "voice-notes") == 0o700
