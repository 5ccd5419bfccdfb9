"""Every exported voice note gets a file of its own, and each link opens the right one."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.services.export import export_journal
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def add(journal: JournalRepository, started: str, seconds: float) -> None:
    """A rehearsal started at ``started`` (UTC) with one voice take ``seconds`` long."""
    sid = add_session(journal.database, started, rehearsal=True)
    take = journal._db.path.parent / "rec" / f"take-{sid}.flac"
    soundfile.write(take, np.zeros(int(16000 * seconds), np.int16), 16000, format="FLAC")
    journal.add_take(sid, take, seconds)


def local_hhmm(stamp: str) -> str:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC).astimezone().strftime("%H%M")


def linked_durations(document: Path) -> dict[str, float]:
    links = re.findall(r"\]\((voice-notes/[^)]+\.flac)\)", document.read_text())
    return {link: soundfile.info(document.parent / link).duration for link in links}


def test_two_rehearsals_on_one_day_keep_their_own_voice_notes(journal, tmp_path):
    add(journal, "2026-03-01T09:00:00", 3.0)
    add(journal, "2026-03-01T15:00:00", 7.0)
    out = tmp_path / "out"
    document = export_journal(journal, out, "md", include_rehearsals=True)
    durations = linked_durations(document)
    morning, afternoon = (f"voice-notes/2026-03-01-rehearsal-{local_hhmm(s)}-voice-1.flac"
                          for s in ("2026-03-01T09:00:00", "2026-03-01T15:00:00"))
    assert durations == {morning: 3.0, afternoon: 7.0}
    assert len(list((out / "voice-notes").iterdir())) == 4  # each also as an MP3


def test_rehearsals_started_in_the_same_minute_still_get_files_of_their_own(journal, tmp_path):
    add(journal, "2026-03-01T09:00:10", 2.0)
    add(journal, "2026-03-01T09:00:50", 5.0)
    document = export_journal(journal, tmp_path / "out", "md", include_rehearsals=True)
    durations = linked_durations(document)
    assert sorted(durations.values()) == [2.0, 5.0]
    assert len(set(durations)) == 2
