"""Note drafts whose write a kill cut short: recovered when newer, then cleared.

An autosave writes ``drafts/.note-<id>.json.<random>.tmp``, fsyncs it and renames
it over ``note-<id>.json``. A kill in between (the fsync is the long part) leaves
the temp file, holding the note's text; it used to stay for good, through restarts
and even the deletion of its session. At start-up, before drafts are offered back,
each one is settled once:

- complete, its session's own and newer than what is saved (the draft on disk, or
  else the note in the journal): it becomes the session's draft, and comes back as
  any draft does;
- complete but not newer, or its session is gone: removed (later words replaced
  it, or the person deleted the session);
- not a whole draft (a power cut can leave it short) but holding something, for a
  session that exists: set aside as a stale draft of that session, kept for a
  person to see and deleted with the session; empty, or no session's: removed.

Only names and sizes are logged, never text.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ketacompanion.core.file_seal import PLAIN, FileSeal
from ketacompanion.core.files import fsync_dir
from ketacompanion.core.records import parse_time
from ketacompanion.services.notes import Draft, _read_draft
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.session_files import (
    NOTE_WRITE_NAME,
    is_sessions_own,
    note_draft,
    stale_note_draft,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Cut:
    """A temp file left by a draft write, and what it holds if it is a whole draft."""

    path: Path
    session_id: int
    draft: Draft | None


def settle_unfinished_writes(journal: JournalRepository, drafts_dir: Path,
                             seal: FileSeal = PLAIN) -> int:
    """Recover or clear every draft write a kill cut short; see the module's docstring.

    ``seal`` reads the drafts of a protected journal.

    Returns:
        How many became their session's draft.
    """
    cuts = _find(drafts_dir, seal)
    if not cuts:
        return 0
    recovered = 0
    # Oldest first, so that of several left for one session the newest wins.
    for cut in sorted(cuts, key=lambda c: (c.session_id, _saved(c.draft))):
        try:
            recovered += _settle(journal, drafts_dir, cut, seal)
        except OSError as exc:  # an odd file must not keep the app from starting
            log.error("unfinished draft write %s not settled: %s", cut.path.name, exc)
    fsync_dir(drafts_dir)
    return recovered


def _find(drafts_dir: Path, seal: FileSeal) -> list[_Cut]:
    cuts = []
    for path in drafts_dir.glob(".note-*.json.*.tmp"):
        match = NOTE_WRITE_NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        session_id = int(match.group(1))
        draft = _read_draft(path, seal)
        if draft is not None and draft.session_id != session_id:
            draft = None  # not what this name's write would have held
        cuts.append(_Cut(path, session_id, draft))
    return cuts


def _settle(journal: JournalRepository, drafts_dir: Path, cut: _Cut, seal: FileSeal) -> int:
    """Settle one temp file; 1 if it became its session's draft, else 0."""
    mark = journal.start_mark(cut.session_id)
    if cut.draft is None:
        if mark is not None and _holds_something(cut.path):
            aside = stale_note_draft(drafts_dir, cut.session_id)
            os.replace(cut.path, aside)
            log.warning("unfinished draft write %s is not a whole draft; set aside as %s",
                        cut.path.name, aside.name)
        else:
            cut.path.unlink(missing_ok=True)
            log.info("empty or orphaned draft write %s removed", cut.path.name)
        return 0
    draft = cut.draft
    if not is_sessions_own(draft.session_mark, mark, parse_time(draft.saved_at),
                           parse_time(mark)):
        cut.path.unlink(missing_ok=True)
        log.info("draft write %s belongs to no session now; removed", cut.path.name)
        return 0
    target = note_draft(drafts_dir, cut.session_id)
    saved_text, saved_at = _saved_now(journal, cut.session_id, target, mark, seal)
    if draft.text != saved_text and _newer(parse_time(draft.saved_at), saved_at):
        os.replace(cut.path, target)
        log.info("unfinished draft write for session %d recovered (%d chars)",
                 cut.session_id, len(draft.text))
        return 1
    cut.path.unlink(missing_ok=True)
    log.info("draft write %s older than the saved note; removed", cut.path.name)
    return 0


def _saved_now(journal: JournalRepository, session_id: int, target: Path,
               mark: str | None, seal: FileSeal) -> tuple[str, datetime | None]:
    """The session's words as saved now, and when: its own draft on disk, else its note."""
    current = _read_draft(target, seal)
    if current is not None and is_sessions_own(
            current.session_mark, mark, parse_time(current.saved_at), parse_time(mark)):
        return current.text, parse_time(current.saved_at)
    entry = journal.entry(session_id)
    if entry is None:
        return "", None
    return entry.note, entry.note_updated_at


def _newer(when: datetime | None, saved: datetime | None) -> bool:
    """True if a draft written at ``when`` is at least as new as words saved at ``saved``.

    A tie goes to the temp file, which was written after the draft it was about
    to replace (older drafts kept their time only to the second).
    """
    if saved is None:
        return True
    return when is not None and when >= saved


def _saved(draft: Draft | None) -> str:
    return draft.saved_at if draft is not None else ""


def _holds_something(path: Path) -> bool:
    """False for a file that is empty or only zero bytes (all a power cut may leave)."""
    with path.open("rb") as handle:
        return bool(handle.read().strip(b"\0 \t\r\n"))
