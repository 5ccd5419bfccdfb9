"""An export of a protected journal leaves the vault: voice notes decrypted, 0600, playable."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import soundfile
from vault_rig import CHEAP, PHRASE, make_journal

from ketacompanion.core.file_seal import FileSeal
from ketacompanion.core.sealed import is_sealed_file
from ketacompanion.services.export import export_journal
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.vault import protect, unlock


def test_export_writes_sealed_voice_notes_decrypted_and_private(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "words", CHEAP)
    key = unlock(paths, "words")
    seal = FileSeal.for_data_key(key)
    tone = (np.sin(np.arange(16000) * 2 * np.pi * 330 / 16000) * 9000).astype("int16")
    buffer = io.BytesIO()
    soundfile.write(buffer, tone, 16000, format="FLAC", subtype="PCM_16")
    take = paths.recordings / "take-1-20260302T090000.flac"
    seal.write(take, buffer.getvalue())
    db = Database.open(paths.database, key=key)
    try:
        journal = JournalRepository(db, paths.recordings, paths.drafts)
        journal.add_take(1, take, 1.0)
        document = export_journal(journal, tmp_path / "out", seal=seal)
    finally:
        db.close()
    assert is_sealed_file(take)  # the journal's copy stays sealed
    assert PHRASE in document.read_text()
    voice = sorted((tmp_path / "out" / "voice-notes").iterdir())
    assert [p.suffix for p in voice] == [".flac", ".mp3"]
    for path in voice:
        assert path.stat().st_mode & 0o077 == 0
    exported, rate = soundfile.read(voice[0], dtype="int16")
    assert rate == 16000 and np.array_equal(exported, tone)
