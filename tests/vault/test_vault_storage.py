"""Protecting a real journal: SQLCipher file, sealed drafts and takes, unlock, re-key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vault_rig import CHEAP, PHRASE, byte_hits, make_journal

from ketacompanion.core.sealed import is_sealed_file, read_sealed
from ketacompanion.storage.database import DamagedDatabaseError, Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.search import search
from ketacompanion.storage.vault import (
    VaultError,
    VaultStatus,
    WrongSecretError,
    change_passphrase,
    protect,
    unlock,
    vault_status,
)


def test_protecting_leaves_no_phrase_anywhere_and_keeps_everything(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=3)
    draft = paths.drafts / "note-3.json"
    draft.write_text(json.dumps({"session_id": 3, "text": f"draft {PHRASE}"}))
    (paths.recordings / "take-1-20260302T090000.flac").write_bytes(b"fLaC" + PHRASE.encode())
    (paths.drafts / ".note-2.json.abc.tmp").write_text(PHRASE)  # a kill's half write
    assert byte_hits(paths.root)
    assert vault_status(paths) is VaultStatus.PLAIN

    code = protect(paths, "tide pools at noon", CHEAP)

    assert vault_status(paths) is VaultStatus.LOCKED
    assert byte_hits(paths.root) == []
    assert not (paths.drafts / ".note-2.json.abc.tmp").exists()
    assert sorted(p.name for p in paths.root.rglob("*vault-new*")) == []
    key = unlock(paths, "tide pools at noon")
    assert unlock(paths, code) == key
    assert is_sealed_file(draft)
    assert PHRASE in read_sealed(key.file_key(), draft).decode()
    db = Database.open(paths.database, key=key)
    try:
        journal = JournalRepository(db, paths.recordings, paths.drafts)
        assert journal.count()[0] == 3
        assert [p.number for p in journal.mood_series()] == [1, 2, 3]  # SQLCipher's rows too
        assert journal.note(1).endswith(PHRASE)
        assert len(search(db.connection, "lighthouse")) == 3  # FTS5 inside SQLCipher
        journal.save_note(1, f"later words {PHRASE}")
    finally:
        db.close()
    assert byte_hits(paths.root) == []  # WAL and SHM included, after writing again
    for path in paths.root.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o077 == 0, path


def test_wrong_secret_is_refused_clearly(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "right words", CHEAP)
    with pytest.raises(WrongSecretError, match="does not open this journal"):
        unlock(paths, "wrong words")


def test_a_wrong_key_never_opens_the_database(tmp_path: Path) -> None:
    from ketacompanion.core.keychain import DataKey

    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "right words", CHEAP)
    before = paths.database.read_bytes()
    with pytest.raises(DamagedDatabaseError, match="cannot be read with its key"):
        Database.open(paths.database, key=DataKey.generate())
    assert paths.database.read_bytes() == before


def test_changing_the_passphrase_rewraps_only_the_key(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    code = protect(paths, "first words", CHEAP)
    key = unlock(paths, "first words")
    database_before = paths.database.read_bytes()
    change_passphrase(paths, "first words", "second words", CHEAP)
    assert paths.database.read_bytes() == database_before
    assert unlock(paths, "second words") == key and unlock(paths, code) == key
    with pytest.raises(WrongSecretError):
        unlock(paths, "first words")
    change_passphrase(paths, code, "third words", CHEAP)  # the code works where it does
    assert unlock(paths, "third words") == key


def test_protecting_twice_is_refused(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "words", CHEAP)
    with pytest.raises(VaultError, match="already protected"):
        protect(paths, "words", CHEAP)


def test_an_empty_folder_can_be_protected_and_opened(tmp_path: Path) -> None:
    from ketacompanion.paths import DataPaths

    paths = DataPaths(tmp_path / "data").ensure()
    protect(paths, "words", CHEAP)
    db = Database.open(paths.database, key=unlock(paths, "words"))
    assert db.schema_version > 0
    db.close()
    assert not paths.database.read_bytes().startswith(b"SQLite format 3")


def test_the_journal_open_in_the_app_is_not_protected_under_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    paths = make_journal(tmp_path / "data", sessions=1)
    # A live process holding the folder's lock (it waits for its standard input).
    holder = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                              stdin=subprocess.PIPE)
    try:
        (paths.root / "ketacompanion.lock").write_text(f"{holder.pid}\nketacompanion\nhost\n")
        with pytest.raises(VaultError, match="Close it first"):
            protect(paths, "words", CHEAP)
    finally:
        holder.kill()
        holder.wait()
    assert vault_status(paths) is VaultStatus.PLAIN


def test_done_when_ten_sessions_with_voice_notes_are_protected(tmp_path: Path) -> None:
    import io

    import numpy as np
    import soundfile

    from ketacompanion.audio.take_player import take_samples
    from ketacompanion.core.file_seal import FileSeal

    paths = make_journal(tmp_path / "data", sessions=10)
    db = Database.open(paths.database)
    journal = JournalRepository(db, paths.recordings, paths.drafts)
    flacs = {}
    for sid in range(1, 11):
        tone = (np.sin(np.arange(16000) * 2 * np.pi * (200 + 20 * sid) / 16000) * 9000)
        buffer = io.BytesIO()
        soundfile.write(buffer, tone.astype("int16"), 16000, format="FLAC", subtype="PCM_16")
        take = paths.recordings / f"take-{sid}-20260302T090000.flac"
        take.write_bytes(buffer.getvalue())
        journal.add_take(sid, take, 1.0)
        flacs[take.name] = (buffer.getvalue(), tone.astype("int16"))
    db.close()

    protect(paths, "tide pools at noon", CHEAP)

    assert byte_hits(paths.root) == []
    everything = b"".join(p.read_bytes() for p in paths.root.rglob("*") if p.is_file())
    for data, _tone in flacs.values():
        assert data[200:264] not in everything  # no 64-byte run of any take's file
    with pytest.raises(WrongSecretError):
        unlock(paths, "tide pools at dusk")
    key = unlock(paths, "tide pools at noon")
    seal = FileSeal.for_data_key(key)
    db = Database.open(paths.database, key=key)
    try:
        journal = JournalRepository(db, paths.recordings, paths.drafts)
        assert journal.count()[0] == 10
        for entry in journal.entries():
            assert PHRASE in entry.note and len(entry.takes) == 1
            samples, _rate = soundfile.read(seal.audio(entry.takes[0].path), dtype="int16")
            assert np.array_equal(samples, flacs[entry.takes[0].path.name][1])
            assert len(take_samples(entry.takes[0].path, 44100, seal.audio)) > 0  # plays
    finally:
        db.close()


def test_a_damaged_journal_kept_aside_is_sealed_too_never_deleted(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    kept_db = paths.root / "ketacompanion.damaged-20260301-101010.sqlite3"
    kept_db.write_bytes(b"SQLite format 3\x00" + PHRASE.encode() * 10)
    kept_drafts = paths.root / "drafts.damaged-20260301-101010"
    kept_drafts.mkdir(mode=0o700)
    (kept_drafts / "note-1.json").write_text(f'{{"text": "{PHRASE}"}}')
    protect(paths, "words", CHEAP)
    assert byte_hits(paths.root) == []
    key = unlock(paths, "words")
    assert read_sealed(key.file_key(), kept_db).endswith(PHRASE.encode())
    assert PHRASE in read_sealed(key.file_key(), kept_drafts / "note-1.json").decode()
