"""A journal under a passphrase (issue 14): unlocking, saving, opening and searching it.

- Unlock: a journal protected exactly as the app and the command line protect it
  (``storage.vault.protect`` with no cost given, so Argon2id's passes are
  calibrated on this machine, core.kdf_cost), then unlocked as the unlock screen
  and the command line unlock it once per start. The passes chosen are printed.
  Goal: 0.5-1 s (slow enough to make guessing costly, quick enough to wait), as
  written: MET only when the median lies inside it.
- Note save in a protected 1,000-session journal, and in a full run a 10,000-session
  one too (SQLCipher, WAL, synchronous=FULL), paired with the same save in the same
  journal unprotected. Goal: p95 <= 20 ms.
- A cold open of the protected journal, its newest entry and a full-text search as
  the Journal makes it (the matches' ids, one page of snippets),
  paired with the same on the plain journal. Goal: <= 200 ms.
- An unprotected journal's start pays only a file check for the vault
  (``app.journal_key``: a stat, no import): printed in microseconds.
  benchmarks.startup measures the whole start-up as before.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Figure, alternate, load_note
from benchmarks.data import WORDS, seed_sessions
from ketacompanion.core.keychain import DEFAULT_KDF, KdfParams, parse_key_file
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.vault import protect, unlock
from ketacompanion.ui.journal_page import PAGE_SIZE

SAVE_P95_MS = 20.0
OPEN_MS = 200.0
UNLOCK_S = (0.5, 1.0)
# Protection's own Argon2 cost does not change saving or opening: cheap here, real above.
_CHEAP = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)


def run(quick: bool = False) -> list[str]:
    """Lines to print: unlock, saves, opens, and the unprotected start's check."""
    unlocks, saves, opens = (1, 40, 3) if quick else (5, 200, 9)
    lines = [f"{unlocks} unlocks, {saves} saves, {opens} cold opens; {load_note()}"]
    lines.extend(_unlocks(unlocks))
    for size in (1000,) if quick else (1000, 10000):
        with tempfile.TemporaryDirectory() as tmp:
            plain = DataPaths(Path(tmp) / "plain").ensure()
            Database.open(plain.database).close()
            seed_sessions(plain.database, size)
            locked = DataPaths(Path(tmp) / "locked")
            shutil.copytree(plain.root, locked.root)
            protect(locked, "benchmark words", _CHEAP)
            key = unlock(locked, "benchmark words")
            lines.append(f"-- journal of {size:,} sessions, protected / plain")
            lines.extend(_saves(plain, locked, key, saves))
            lines.extend(_opens(plain, locked, key, opens))
            if size == 1000:
                lines.extend(_plain_check(plain))
    return lines


def _unlocks(count: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data").ensure()
        Database.open(paths.database).close()
        protect(paths, "benchmark words")  # no cost given: calibrated here, as the app does
        slot = parse_key_file(paths.keys.read_bytes())["passphrase"]
        times = [_timed(lambda: unlock(paths, "benchmark words")) for _ in range(count)]
    median = statistics.median(times)
    low, high = UNLOCK_S
    verdict = "MET" if low <= median <= high else "MISSED"
    return [f"unlock (Argon2id {slot['memory_kib'] // 1024} MiB, "  # type: ignore[operator]
            f"t={slot['time_cost']} calibrated here (floor t={DEFAULT_KDF.time_cost}), "
            f"p={slot['parallelism']}): median {median:.2f} s, max {max(times):.2f} s: "
            f"{verdict} (goal {low:g}-{high:g} s)"]


def _saves(plain: DataPaths, locked: DataPaths, key: object, count: int) -> list[str]:
    text = " ".join(random.Random(6).choices(WORDS, k=400))
    locked_db = Database.open(locked.database, key=key)  # type: ignore[arg-type]
    plain_db = Database.open(plain.database)
    turn = {"n": 0}

    def saver(db: Database, paths: DataPaths) -> Callable[[], float]:
        journal = JournalRepository(db, paths.recordings, paths.drafts)
        newest = db.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]

        def save() -> float:
            turn["n"] += 1
            return _timed(lambda: journal.save_note(newest, f"{text}{turn['n']}"))
        return save

    try:
        figure = alternate(count, saver(locked_db, locked), saver(plain_db, plain),
                           Figure("note save protected / plain", None))
    finally:
        locked_db.close()
        plain_db.close()
    times = sorted(mine for mine, _ in figure.pairs or [])
    p95 = statistics.quantiles(times, n=20)[-1]
    verdict = "MET" if p95 * 1000 <= SAVE_P95_MS else "MISSED"
    return [figure.line(), f"   protected save p50 {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms: {verdict} (goal p95 <= {SAVE_P95_MS:.0f} ms)"]


def _opens(plain: DataPaths, locked: DataPaths, key: object, count: int) -> list[str]:
    def opener(paths: DataPaths, with_key: object) -> Callable[[], float]:
        def open_and_search() -> None:
            db = Database.open(paths.database, key=with_key)  # type: ignore[arg-type]
            try:
                journal = JournalRepository(db, paths.recordings, paths.drafts)
                newest = db.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]
                assert journal.entry(newest) is not None
                # As the Journal searches: every match's id, then one page's snippets
                # (a snippet costs a few ms, so the page never asks for them all).
                found = journal.search(WORDS[3])
                journal.search_hits(WORDS[3], only=found[:PAGE_SIZE])
            finally:
                db.close()
        return lambda: _timed(open_and_search)

    figure = alternate(count, opener(locked, key), opener(plain, None),
                       Figure("cold open + newest entry + search, protected / plain", None))
    mine = statistics.median(m for m, _ in figure.pairs or [])
    verdict = "MET" if mine * 1000 <= OPEN_MS else "MISSED"
    return [figure.line(), f"   protected open + search {mine * 1000:.1f} ms: {verdict} "
            f"(goal <= {OPEN_MS:.0f} ms)"]


def _plain_check(plain: DataPaths) -> list[str]:
    from ketacompanion.app import journal_key

    times = [_timed(lambda: journal_key(plain, None)) for _ in range(200)]
    return [f"unprotected start's vault check: median {statistics.median(times) * 1e6:.0f} us "
            "(a stat; sqlcipher3, argon2, cryptography and keyring stay unloaded)"]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
