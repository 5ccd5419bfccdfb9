"""Emptying the journal's WAL file, so old words do not wait in it for the app to close.

In WAL mode every page a save writes goes first to ``<journal>-wal``; the earlier
versions of a page stay there too, until a checkpoint copies the newest into the
database file and the WAL starts again. So a deleted note, an edited note's old
words or a replaced transcript stay readable in the WAL after ``secure_delete``
and the search index's merges have taken them out of the database file.

What :func:`scrub` does: a ``PRAGMA wal_checkpoint(TRUNCATE)``, which copies every
frame into the database file, fsyncs it and truncates the WAL to zero bytes.
PASSIVE and RESTART would copy the frames but leave their bytes in the WAL until
later saves overwrite them; only TRUNCATE takes them out of the file. The app also
sets ``journal_size_limit=0`` (see database._configure), so when SQLite restarts the
WAL after its own automatic checkpoints, it cuts the file back to the new frames.

It never waits: the connection's busy timeout is 0 for the checkpoint (and put back
after), so a reader holding an older snapshot (a worker's connection) or another
writer makes it return :attr:`Scrub.BUSY` at once; a full disk or an unwritable
file makes it :attr:`Scrub.FAILED`, logged without any words. Either way nothing
is lost (the WAL keeps every committed frame) and the caller tries again later.

What it does not promise: truncating a file gives its blocks back to the file
system; it does not overwrite them. Until they are reused, the old bytes can still
be read from the raw disk by someone with the device and forensic tools, as for any
deleted file; SSD wear levelling and TRIM decide when they really go. Full-disk
encryption (or the protected journal, whose WAL pages are encrypted) covers that.
What it does promise: no file the app keeps, neither the database nor its WAL,
holds the old words once the scrub is done. The ``-shm`` file holds only the WAL's
index (page numbers), never page contents.
"""

from __future__ import annotations

import logging
import sqlite3
from enum import Enum
from typing import Any

log = logging.getLogger(__name__)


class Scrub(Enum):
    """How a scrub of the WAL went."""

    DONE = "done"  # every frame is in the database file and the WAL is empty
    BUSY = "busy"  # a reader or writer on another connection held it: try again later
    FAILED = "failed"  # the disk refused (full, read-only, I/O error): try again later


def scrub(conn: Any, wait_ms: int = 0) -> Scrub:
    """Checkpoint the WAL into the database file and truncate it to nothing.

    Args:
        conn: An open journal connection (plain or SQLCipher), outside a transaction.
        wait_ms: How long SQLite may wait for other connections; 0 (the default)
            never blocks the caller's thread. Closing may wait a little.
    """
    before = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
    try:
        conn.execute(f"PRAGMA busy_timeout={int(wait_ms):d}")
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        # SQLite's message names no text, only the failure ("database or disk is full").
        log.warning("WAL checkpoint failed, to be tried again: %s", exc)
        return Scrub.FAILED
    finally:
        try:
            conn.execute(f"PRAGMA busy_timeout={before:d}")
        except sqlite3.Error as exc:
            log.warning("busy timeout not restored after a checkpoint: %s", exc)
    if busy:
        log.info("WAL checkpoint busy (%d of %d frames copied); to be tried again",
                 copied, frames)
        return Scrub.BUSY
    return Scrub.DONE
