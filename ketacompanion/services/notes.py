"""Autosaved note drafts: nothing typed is lost to a kill, a crash or a power cut.

While the person types, the text is written atomically (temp file, fsync,
rename) to ``drafts/note-<session>.json`` half a second after they pause (well
within the second the note page promises), and at least every 2 s while they
keep typing; :meth:`NoteDrafts.is_pending` tells whether typed words are still
only in memory, so the page says "Saving…" until they are on disk. When they
leave the note (another page, another session, closing the app) the draft is
committed to the database and removed. Text not yet committed is held per
session, so a note opened while another's commit fails (disk full) never
receives that other's words, and the retry still stores them in their own note.
A draft still on disk at start-up was never committed: it is offered back,
never thrown away silently. Drafts are named by session id, and a reused id
must not make one left by a deleted session another's note: each draft carries
its session's start as stored (its mark), and counts only for the session with
that very mark; the wall clock is no guide, it can step back. Only ids and
sizes are logged, never text.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ketacompanion.core.file_seal import PLAIN, FileSeal
from ketacompanion.core.files import atomic_write_text
from ketacompanion.core.records import parse_time, utc_now
from ketacompanion.core.sealed import SealedError
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.session_files import is_sessions_own, note_draft, stale_note_draft

log = logging.getLogger(__name__)

PAUSE_MS = 500  # a pause in typing; the draft is on disk within 1 s of it
MAX_WAIT_MS = 2000


@dataclass(frozen=True)
class Draft:
    """A note draft found on disk."""

    session_id: int
    text: str
    saved_at: str
    path: Path
    session_mark: str | None = None  # None: written by a version without marks


class NoteDrafts(QObject):
    """Debounced draft autosave for the note being edited, and draft recovery.

    Args:
        journal: Where committed notes go.
        drafts_dir: The private drafts folder.
        pause_ms: Save this long after the last keystroke.
        max_wait_ms: Save at least this often while typing goes on.
        seal: How drafts are written and read (sealed when the journal is protected).
    """

    draft_saved = Signal(int)
    save_failed = Signal(int)  # the draft could not be written (disk full?): the text is pending
    committed = Signal(int)

    def __init__(
        self, journal: JournalRepository, drafts_dir: Path,
        pause_ms: int = PAUSE_MS, max_wait_ms: int = MAX_WAIT_MS,
        parent: QObject | None = None, seal: FileSeal = PLAIN,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._dir = drafts_dir
        self._seal = seal  # a protected journal's drafts never touch the disk unsealed
        self._session: int | None = None
        # Text not yet in the database, kept per session, never only for "the open
        # one": the person can open another note while a commit fails (disk full),
        # and one session's words must reach that session's note and no other.
        self._pending: dict[int, str] = {}  # in memory only: no draft file took it yet
        # What this run put in each draft file (or found there and showed): what a
        # commit stores, without asking the file again who it belongs to.
        self._written: dict[int, str] = {}
        self._marks: dict[int, str | None] = {}  # each held session's mark, for its draft
        self._pause = QTimer(self, singleShot=True, interval=pause_ms)
        self._deadline = QTimer(self, singleShot=True, interval=max_wait_ms)
        self._pause.timeout.connect(self.save_draft)
        self._deadline.timeout.connect(self.save_draft)

    @property
    def seal(self) -> FileSeal:
        """How this journal's drafts are written and read."""
        return self._seal

    @property
    def folder(self) -> Path:
        """The drafts folder."""
        return self._dir

    @property
    def session_id(self) -> int | None:
        """The session whose note is being edited."""
        return self._session

    def open(self, session_id: int) -> tuple[str, Draft | None]:
        """Start editing a session's note (committing the one before).

        Returns:
            The text to show and, if an uncommitted draft was found, that draft
            (its text is the one returned, so nothing typed is hidden).
        """
        self.commit()
        self._session = session_id
        if session_id not in self._pending and session_id not in self._written:
            self._marks[session_id] = self._journal.start_mark(session_id)
        if session_id in self._pending:
            # Written earlier in this run and still saved nowhere: it is the note.
            return self._pending[session_id], None
        draft = _read_draft(self._draft_path(session_id), self._seal)
        if draft is not None and not self._belongs(draft):
            self._set_aside(draft)
            draft = None
        if draft is not None:
            log.info("uncommitted draft found for session %d (%d chars)",
                     session_id, len(draft.text))
            self._written[session_id] = draft.text  # shown as the note: leaving commits it
            return draft.text, draft
        return self._journal.note(session_id), None

    def is_pending(self, session_id: int | None = None) -> bool:
        """True while words typed for ``session_id`` (default: the open note) are only in memory.

        False once a draft file (fsynced) or the journal holds every word typed.
        """
        return (self._session if session_id is None else session_id) in self._pending

    def edit(self, text: str) -> None:
        """The text changed: save a draft soon."""
        if self._session is None:
            return
        self._pending[self._session] = text
        self._pause.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def save_draft(self) -> None:
        """Write pending text to its session's draft file now (atomic, fsynced).

        The open note's result is signalled; another session's text (left when the
        disk was full) is retried quietly: the status shown is the open note's.
        """
        self._pause.stop()
        self._deadline.stop()
        for session_id in list(self._pending):
            self._save_and_tell(session_id)

    def commit(self) -> None:
        """Store every note this run holds in the database and remove its draft.

        The open note's, and any other session's whose commit failed before.
        """
        self._pause.stop()
        self._deadline.stop()
        for session_id in list(self._pending.keys() | self._written.keys()):
            self._commit(session_id)

    def unsaved_after_commit(self) -> str | None:
        """Commit now; the text that neither the database nor a draft file took, if any.

        None means every note is safe (committed, or kept in its draft). Text means
        some exists only in memory, whichever note is open: closing now would lose
        it. Words of several sessions come one after the other, each under the day
        its session began, so a file they are saved to still tells them apart.
        """
        self.commit()
        if len(self._pending) <= 1:
            return next(iter(self._pending.values()), None)
        return "\n\n".join(f"The session of {self._began(sid)}\n\n{text}"
                             for sid, text in sorted(self._pending.items()))

    def close(self) -> None:
        """Commit and stop editing (app closing, page left)."""
        self.commit()
        self._session = None

    def revert(self) -> str:
        """Drop the current session's draft and return the committed note instead."""
        if self._session is None:
            return ""
        self._pause.stop()
        self._deadline.stop()
        self._forget(self._session)
        self._draft_path(self._session).unlink(missing_ok=True)
        log.info("draft for session %d reverted by the person", self._session)
        return self._journal.note(self._session)

    def commit_drafts(self, drafts: Iterable[Draft]) -> int:
        """Store left-over drafts in their sessions' notes and remove them.

        What leaving each of those notes would have done: after a crash only one
        note can be open again, and the others' words belong in the Journal, its
        search and the export, not in a file only their note page reads. The
        note being edited is never touched here.

        Returns:
            How many were stored; one the database refuses stays on disk as it was.
        """
        kept = 0
        for draft in drafts:
            if draft.session_id == self._session or draft.session_id in self._written:
                continue  # this run's own, newer than the file
            try:
                self._journal.save_note(draft.session_id, draft.text)
            except (sqlite3.Error, OSError) as exc:
                log.error("left-over draft of session %d not committed: %s",
                          draft.session_id, exc)
                continue
            draft.path.unlink(missing_ok=True)
            kept += 1
        return kept

    def draft(self, session_id: int) -> Draft | None:
        """The uncommitted draft of a session, if one is on disk, readable and its own."""
        found = _read_draft(self._draft_path(session_id), self._seal)
        return found if found is not None and self._belongs(found) else None

    def recoverable(self) -> list[Draft]:
        """Every uncommitted draft on disk, newest first (left by a crash or a kill).

        A draft whose session does not exist, or is not the session it was written
        for, is left on disk untouched and not offered: it is no session's note.
        """
        drafts = []
        for path in self._dir.glob("note-*.json"):
            found = _read_draft(path, self._seal)
            if found is None:
                continue
            if self._belongs(found):
                drafts.append(found)
            else:
                log.warning("draft %s belongs to no session now; left in drafts", path.name)
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)

    def _draft_path(self, session_id: int) -> Path:
        return note_draft(self._dir, session_id)

    def _write_draft(self, session_id: int) -> bool:
        """Write the pending text of ``session_id`` to its draft file; False if it failed."""
        text = self._pending[session_id]
        payload = {"session_id": session_id, "text": text, "saved_at": utc_now(),
                   "session_started_at": self._marks.get(session_id)}
        try:
            if self._seal.on:  # sealed in memory: the words never reach the disk in the clear
                self._seal.write(self._draft_path(session_id), json.dumps(payload).encode())
            else:
                atomic_write_text(self._draft_path(session_id), json.dumps(payload))
        except OSError as exc:
            # Still pending: the next attempt (or the commit) has it.
            log.error("draft for session %d not saved: %s", session_id, exc)
            return False
        del self._pending[session_id]
        self._written[session_id] = text
        return True

    def _save_and_tell(self, session_id: int) -> None:
        """Write ``session_id``'s draft; signal the result if it is the open note's."""
        saved = self._write_draft(session_id)
        if session_id == self._session:
            (self.draft_saved if saved else self.save_failed).emit(session_id)

    def _commit(self, session_id: int) -> None:
        """Store the held text of ``session_id`` in its note; keep it as a draft if refused."""
        text = self._pending.get(session_id, self._written.get(session_id))
        if text is None:
            return
        try:
            mark = self._journal.start_mark(session_id)
            if mark is None or mark != self._marks.get(session_id):
                # Deleted meanwhile (its files go with it): its words are no other's note.
                log.warning("session %d is gone; its unsaved note (%d chars) went with it",
                            session_id, len(text))
                self._forget(session_id)
                return
            self._journal.save_note(session_id, text)
        except (sqlite3.Error, OSError) as exc:
            # The draft file stays (written now if need be) and is offered back later.
            log.error("note for session %d not committed: %s", session_id, exc)
            if session_id in self._pending:
                self._save_and_tell(session_id)
            return
        self._forget(session_id)
        self._draft_path(session_id).unlink(missing_ok=True)
        self.committed.emit(session_id)

    def _began(self, session_id: int) -> str:
        """When a session began, in local time, to head its words in a saved file."""
        began = parse_time(self._marks.get(session_id))
        if began is None:
            return f"session {session_id}"
        began = began.astimezone()
        return f"{began.day} {began:%B %Y, %H:%M}"

    def _forget(self, session_id: int) -> None:
        """Hold no text of ``session_id`` any more (committed, reverted or deleted)."""
        self._pending.pop(session_id, None)
        self._written.pop(session_id, None)
        if session_id != self._session:
            self._marks.pop(session_id, None)

    def _belongs(self, draft: Draft) -> bool:
        """True if ``draft`` was written for the session that now has its id."""
        mark = self._journal.start_mark(draft.session_id)
        return is_sessions_own(draft.session_mark, mark, parse_time(draft.saved_at),
                               parse_time(mark))

    def _set_aside(self, draft: Draft) -> None:
        """Move a draft written for another session with this id out of its way.

        It was left by an earlier session that had this id (or, without a mark, a
        clock was wrong): not this session's note, nor for autosave to overwrite.
        """
        path, session_id = draft.path, draft.session_id
        aside = stale_note_draft(self._dir, session_id)
        try:
            os.replace(path, aside)
        except OSError as exc:
            log.error("draft %s not set aside: %s", path.name, exc)
            return
        log.warning("draft %s is not session %d's own; set aside as %s",
                    path.name, session_id, aside.name)


def _read_draft(path: Path, seal: FileSeal = PLAIN) -> Draft | None:
    try:
        payload = json.loads(seal.read(path).decode("utf-8"))
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise ValueError("not a draft")  # e.g. null, a list, or text: null
        mark = payload.get("session_started_at")
        return Draft(int(payload["session_id"]), payload["text"],
                     str(payload.get("saved_at", "")), path,
                     None if mark is None else str(mark))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, SealedError) as exc:
        # Atomic writes make this unlikely; the file stays for a person to inspect.
        log.error("draft %s unreadable: %s", path.name, exc.__class__.__name__)
        return None
