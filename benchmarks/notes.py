"""Saving a note (with fsync) and opening/searching a journal of 1,000 sessions.

Goals from issue 6: a note save p95 <= 20 ms; the journal opens and searches in <= 200 ms.
The baseline is a bare fsynced write of the same bytes, measured side by side.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from ketacompanion.core.files import atomic_write_text
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository

SAVES = 200
SESSIONS = 1000
WORDS = ("velvet swamp forest purple light falling calm grief father tunnel green arms far "
         "time slow music piano warm breath letting go surrender heavy lighter").split()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _seed(db: Database, journal: JournalRepository, rng: random.Random) -> None:
    with db.transaction() as conn:
        for n in range(SESSIONS):
            day = f"20{20 + n // 365:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00Z"
            sid = conn.execute(
                "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                "playlist_name, intention, mood_before, mood_after, rehearsal) "
                "VALUES (?, 45, 15, 'Drift', ?, ?, ?, ?)",
                (day, " ".join(rng.choices(WORDS, k=5)), rng.randint(0, 10),
                 rng.randint(0, 10), int(n % 50 == 0))).lastrowid
            conn.execute("INSERT INTO notes (session_id, text, updated_at) VALUES (?, ?, ?)",
                         (sid, " ".join(rng.choices(WORDS, k=300)), day))
            for k in range(3):
                conn.execute("INSERT INTO markers (session_id, offset_s, created_at) "
                             "VALUES (?, ?, ?)", (sid, 600.0 * (k + 1), day))
            conn.execute("INSERT INTO voice_takes (session_id, path, duration_s, created_at) "
                         "VALUES (?, 'x.flac', 60, ?)", (sid, day))


def run() -> list[str]:
    rng = random.Random(6)
    text = " ".join(rng.choices(WORDS, k=400))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = Database.open(root / "k.sqlite3")
        journal = JournalRepository(db, root)
        with db.transaction() as conn:
            sid = conn.execute("INSERT INTO sessions (started_at, planned_minutes, "
                               "recovery_minutes) VALUES ('2026-03-01', 45, 15)").lastrowid
        payload = json.dumps({"session_id": sid, "text": text, "saved_at": "x"})
        db_saves, draft_saves, bare = [], [], []
        for i in range(SAVES):
            db_saves.append(_timed(lambda i=i: journal.save_note(sid, text + str(i))))
            draft_saves.append(_timed(lambda: atomic_write_text(root / "note-1.json", payload)))

            def bare_write() -> None:
                with open(root / "bare", "w", encoding="utf-8") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
            bare.append(_timed(bare_write))
        with tempfile.TemporaryDirectory() as big:
            bigdb = Database.open(Path(big) / "j.sqlite3")
            bigj = JournalRepository(bigdb, Path(big))
            _seed(bigdb, bigj, rng)
            opens = [_timed(lambda: bigj.entries()[:30]) for _ in range(5)]
            searches = [_timed(lambda: bigj.search("purple grief")) for _ in range(5)]
            bigdb.close()
        db.close()
    return [
        f"note save into SQLite (fsync), {SAVES} runs: p95 {_p95(db_saves):.1f} ms "
        f"(goal <= 20 ms); draft file (atomic, fsync) p95 {_p95(draft_saves):.1f} ms; "
        f"bare fsynced write p95 {_p95(bare):.1f} ms",
        f"journal of {SESSIONS} sessions (300-word notes, 3 markers, 1 take each): "
        f"open median {statistics.median(opens):.0f} ms, search median "
        f"{statistics.median(searches):.0f} ms (goal <= 200 ms each)",
    ]
