"""A note save costs the same in a journal of 200 sessions as in one of 5,000.

Autosave writes the note 0.5 s after the person pauses typing, on the UI thread. The
search index used to merge all of itself on every save that changed a note (so the
old words left the file), which made a save at 10,000 sessions take 50 ms and grow
with the journal. The figure compared here is the CPU time of a save: what the work
costs, not how long the disk or a busy machine made it wait.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_sessions_in_bulk

SMALL, LARGE, SAVES = 200, 5000, 15
# The long journal's save may cost this much more than the short one's, at most
# (the index behind it is 25 times larger; a save that merged all of it cost 10x more).
MOST = 2.0


def _cpu(action: Callable[[], object]) -> float:
    started = time.thread_time()
    action()
    return time.thread_time() - started


def _journal(path: Path, count: int) -> tuple[Database, JournalRepository, TranscriptRepository,
                                              int, int]:
    db = Database.open(path)
    add_sessions_in_bulk(db, count)
    newest = db.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]
    take = db.connection.execute("SELECT max(take_id) FROM transcripts").fetchone()[0]
    return (db, JournalRepository(db, path.parent), TranscriptRepository(db, path.parent),
            newest, take)


def test_a_save_costs_no_more_in_a_journal_25_times_longer(tmp_path: Path):
    small = _journal(tmp_path / "small.sqlite3", SMALL)
    large = _journal(tmp_path / "large.sqlite3", LARGE)
    costs: dict[int, dict[str, list[float]]] = {SMALL: {}, LARGE: {}}
    try:
        for turn in range(SAVES + 1):
            # Alternate which journal goes first, so load on the machine falls on both.
            for size, (_db, journal, transcripts, newest, take) in (
                    ((SMALL, small), (LARGE, large)) if turn % 2 else
                    ((LARGE, large), (SMALL, small))):
                written = f"the light was green and slow, turn {turn}"
                note = _cpu(lambda j=journal, n=newest, w=written: j.save_note(n, w))
                heard = _cpu(lambda t=transcripts, k=take, w=written: t.save_edit(k, w))
                if turn:  # the first save of each is a warm-up
                    costs[size].setdefault("note", []).append(note)
                    costs[size].setdefault("transcript", []).append(heard)
    finally:
        small[0].close()
        large[0].close()
    for kind in ("note", "transcript"):
        ratio = (statistics.median(costs[LARGE][kind]) / statistics.median(costs[SMALL][kind]))
        assert ratio <= MOST, (
            f"a {kind} save costs {ratio:.1f}x more at {LARGE:,} sessions than at {SMALL}: "
            f"it grows with the journal")


def test_the_hot_part_stays_small_and_keeps_the_text_being_written(tmp_path: Path):
    # Saves merge only the hot part of the index (migration 14): it must stay small
    # with long notes edited in turn, and never send away the text just written (its
    # next save would merge the whole settled part), however long that text is.
    db = Database.open(tmp_path / "k.sqlite3")
    journal = JournalRepository(db, tmp_path)
    ids = add_sessions_in_bulk(db, 40, words=10)
    conn = db.connection

    def hot() -> tuple[int, int]:
        texts, chars = conn.execute(
            "SELECT count(*), coalesce(sum(length(text)), 0) FROM journal_recent").fetchone()
        return texts, chars

    for n, sid in enumerate(ids[:30]):
        journal.save_note(sid, f"long note {n} " + "purple light falling " * 400)
        assert hot()[1] <= 100_000 + 9_000
    huge = "the sea and the sky " * 12_000  # 240,000 characters, one note
    for n in range(3):
        journal.save_note(ids[-1], huge + str(n))
        assert conn.execute("SELECT count(*) FROM journal_recent WHERE rowid = ?",
                            (ids[-1] * 4 + 1,)).fetchone()[0] == 1
    assert journal.search("sky") == [ids[-1]]
    db.close()
