"""Realistic journals for the benchmarks: sessions with notes, marks, takes and moods.

Written with plain SQL into a database the app made (so its migrations ran), in
one transaction: 10,000 sessions take a few seconds, not minutes.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = ("velvet swamp forest purple light falling calm grief father tunnel green arms far "
         "time slow music piano warm breath letting go surrender heavy lighter").split()


def seed_sessions(database: Path, count: int, seed: int = 6) -> None:
    """Add ``count`` finished sessions (a 300-word note, 3 marks, 1 voice take each)."""
    rng = random.Random(seed)
    first = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
    conn = sqlite3.connect(database)
    try:
        with conn:
            for n in range(count):
                day = (first + timedelta(hours=7 * n)).isoformat(timespec="seconds")
                sid = conn.execute(
                    "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                    "playlist_name, intention, mood_before, mood_after, rehearsal, state, "
                    "ended_at) VALUES (?, 45, 15, 'Drift', ?, ?, ?, ?, 'completed', ?)",
                    (day, " ".join(rng.choices(WORDS, k=5)), rng.randint(0, 10),
                     rng.randint(0, 10), int(n % 50 == 0), day)).lastrowid
                conn.execute("INSERT INTO notes (session_id, text, updated_at) VALUES (?, ?, ?)",
                             (sid, " ".join(rng.choices(WORDS, k=300)), day))
                conn.executemany(
                    "INSERT INTO markers (session_id, offset_s, created_at) VALUES (?, ?, ?)",
                    [(sid, 600.0 * (k + 1), day) for k in range(3)])
                conn.execute("INSERT INTO voice_takes (session_id, path, duration_s, created_at) "
                             "VALUES (?, ?, 60, ?)", (sid, f"take-{sid}.flac", day))
    finally:
        conn.close()
