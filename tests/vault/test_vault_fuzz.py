"""Damaged backups and sealed files: thousands of mutations, always a clear refusal."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from vault_rig import CHEAP, make_journal

from ketacompanion.core.keychain import DataKey
from ketacompanion.core.sealed import SealedError, open_sealed, seal
from ketacompanion.paths import DataPaths
from ketacompanion.storage.backup import BackupError, restore_backup, write_backup
from ketacompanion.storage.vault import protect, unlock


def mutate(rng: random.Random, data: bytes) -> bytes:
    blob = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind, pos = rng.random(), rng.randrange(len(blob))
        if kind < 0.5:
            blob[pos] ^= 1 << rng.randrange(8)
        elif kind < 0.7:
            del blob[pos:pos + rng.randint(1, 64)]
        elif kind < 0.85:
            blob[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            del blob[pos:]  # cut short
        if not blob:
            break
    return bytes(blob)


def test_sealed_files_refuse_every_mutation() -> None:
    key = DataKey.generate().file_key()
    data = bytes(range(256)) * 40
    sealed = seal(key, data)
    rng = random.Random(3)
    deadline, cases = time.monotonic() + 5, 0
    while cases < 3000 and time.monotonic() < deadline:
        bad = mutate(rng, sealed)
        if bad == sealed:
            continue
        with pytest.raises(SealedError):
            open_sealed(key, bad)
        cases += 1
    assert cases >= 1000
    with pytest.raises(SealedError):
        open_sealed(DataKey.generate().file_key(), sealed)  # another key


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DataKey]:
    root = tmp_path_factory.mktemp("b")
    paths = make_journal(root / "data", sessions=2)
    (paths.recordings / "take-1-20260302T090000.flac").write_bytes(b"fLaC" + bytes(3000))
    protect(paths, "words", CHEAP)
    key = unlock(paths, "words")
    out = root / "journal.kcbackup"
    write_backup(paths, key, out)
    return out, key


def test_the_backup_reader_refuses_every_mutation_and_keeps_nothing(
        backup: tuple[Path, DataKey], tmp_path: Path) -> None:
    source, key = backup
    data = source.read_bytes()
    rng = random.Random(11)
    deadline, cases, refused = time.monotonic() + 15, 0, 0
    target = DataPaths(tmp_path / "fresh").ensure()
    bad_file = tmp_path / "bad.kcbackup"
    while cases < 2000 and time.monotonic() < deadline:
        bad = mutate(rng, data)
        if bad == data:
            continue
        bad_file.write_bytes(bad)
        try:
            restore_backup(bad_file, key, target)
        except BackupError:
            refused += 1
        else:  # a mutation inside an unused tar padding byte cannot exist: all is sealed
            pytest.fail("a damaged backup was restored")
        assert not target.keys.exists() and not target.database.exists()
        assert not [p for p in target.root.rglob("*") if p.is_file()]
        cases += 1
    print(f"backup fuzz: {cases} damaged backups refused")
    assert cases >= 300 and refused == cases


def test_a_good_backup_restores_after_all_that(backup: tuple[Path, DataKey],
                                               tmp_path: Path) -> None:
    source, key = backup
    target = DataPaths(tmp_path / "fresh").ensure()
    assert restore_backup(source, key, target) == 3  # the key file, the database, the take
    assert unlock(target, "words") == key
