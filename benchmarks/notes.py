"""Saving a note into a lived-in journal, and opening that journal, against bare SQLite/files.

The journal is realistic: 1,000 (and, in a full run, 10,000) finished sessions
with 300-word notes, three marks and a voice take each, in a database the app
opened and migrated. Each note save (``JournalRepository.save_note``: one
transaction, fsync) is paired, alternating, with the same work done bare: plain
``sqlite3`` on a copy of the same journal (same schema, search index and triggers,
WAL, synchronous=FULL, secure_delete, journal_size_limit) writing the same text in one
fsynced commit. The app's WAL scrub (a checkpoint once saves settle) is not part of a save.
p50, p95 and max are printed with the ratio. Goals: p95 <= 20 ms (issue 6), and at
most 1.5x the bare save (what the app adds around SQLite: its transaction, its log
line). A bare fsynced write of the same bytes is printed for reference: it shows
what the index and the WAL cost over one write, which no app code can remove.

Opening is a cold ``Database.open`` (version check, migrations, WAL) and the
newest session's entry (what the note page reads), paired with a bare
``sqlite3.connect`` reading the same row. Goal: <= 200 ms (issue 6). The Journal
list, search and scrolling are measured by ``benchmarks.journal``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Figure, alternate, load_note
from benchmarks.data import WORDS, seed_sessions
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository

SAVE_P95_MS = 20.0
# Against the same work done bare (it was 3x a bare fsynced write, which does less).
SAVE_RATIO = 1.5
OPEN_MS = 200.0


def run(quick: bool = False) -> list[str]:
    """Lines to print: saves and opening, per journal size."""
    saves, opens = (40, 3) if quick else (200, 9)
    sizes = (1000,) if quick else (1000, 10000)
    lines = [f"{saves} saves and {opens} cold opens per size, alternating; {load_note()}"]
    rng = random.Random(6)
    text = " ".join(rng.choices(WORDS, k=400))
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            path = root / "ketacompanion.sqlite3"
            Database.open(path).close()  # made and migrated by the app
            seed_sessions(path, size)
            lines.append(f"-- journal of {size:,} sessions")
            lines.extend(_saves(root, path, text, saves))
            lines.extend(_opens(root, path, opens))
    return lines


def _saves(root: Path, path: Path, text: str, count: int) -> list[str]:
    bare_path = root / "bare.sqlite3"  # the same journal, for the bare side's own saves
    shutil.copy(path, bare_path)
    db = Database.open(path)
    journal = JournalRepository(db, root / "recordings", root / "drafts")
    newest = db.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]
    bare_db = sqlite3.connect(bare_path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "secure_delete=ON", "journal_size_limit=0"):
        bare_db.execute(f"PRAGMA {pragma}")
    payload = (text + "0").encode("utf-8")
    turn = {"app": 0, "sql": 0, "file": 0}

    def save() -> float:
        turn["app"] += 1
        return _timed(lambda: journal.save_note(newest, f"{text}{turn['app']}"))

    def bare_save() -> float:
        turn["sql"] += 1
        return _timed(lambda: bare_db.execute(
            "INSERT INTO notes (session_id, text, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(session_id) DO UPDATE SET text = excluded.text, "
            "updated_at = excluded.updated_at",
            (newest, f"{text}{turn['sql']}", "2026-03-02T10:00:00.000+00:00")))

    def bare_write() -> float:
        def write() -> None:
            fd = os.open(root / "bare", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
        return _timed(write)

    try:
        figure = alternate(count, save, bare_save, Figure(
            "note save / bare sqlite3 save into the same journal", SAVE_RATIO))
        write = alternate(count // 4, save, bare_write, Figure(
            "note save / bare fsynced write of its text", None))
    finally:
        db.close()
        bare_db.close()
    times = sorted(mine for mine, _ in (figure.pairs or []) + (write.pairs or []))
    p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    verdict = "MET" if p95 * 1000 <= SAVE_P95_MS else "MISSED"
    return [figure.line(), write.line(),
            f"   save p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max "
            f"{times[-1] * 1000:.1f} ms ({len(times)} saves): {verdict} "
            f"(goal p95 <= {SAVE_P95_MS:.0f} ms)"]


def _opens(root: Path, path: Path, count: int) -> list[str]:
    def app() -> float:
        def open_and_read() -> None:
            db = Database.open(path)
            try:
                journal = JournalRepository(db, root / "recordings", root / "drafts")
                newest = db.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]
                assert journal.entry(newest) is not None
            finally:
                db.close()
        return _timed(open_and_read)

    def bare() -> float:
        def open_and_read() -> None:
            conn = sqlite3.connect(path)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                row = conn.execute(
                    "SELECT s.*, n.text FROM sessions s LEFT JOIN notes n ON n.session_id = s.id "
                    "ORDER BY s.id DESC LIMIT 1").fetchone()
                conn.execute("SELECT * FROM markers WHERE session_id = ?", (row[0],)).fetchall()
                conn.execute("SELECT * FROM voice_takes WHERE session_id = ?",
                             (row[0],)).fetchall()
            finally:
                conn.close()
        return _timed(open_and_read)

    figure = alternate(count, app, bare, Figure("cold Database.open + newest entry / bare "
                                                "sqlite3", None))
    mine = statistics.median(m for m, _ in figure.pairs or [])
    verdict = "MET" if mine * 1000 <= OPEN_MS else "MISSED"
    return [figure.line(), f"   open {mine * 1000:.1f} ms: {verdict} (goal <= {OPEN_MS:.0f} ms)"]


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
