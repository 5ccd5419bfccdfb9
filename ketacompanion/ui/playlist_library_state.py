"""The Prepare page's state: which playlist is open, and every change as an undoable command.

Every change (an edit, a new playlist, a rename, a delete) is a QUndoCommand that
holds complete before/after snapshots and writes them through the repository.
Items are immutable, so a snapshot costs one list. Undoing a delete adds the
playlist back with its old id, so later commands on the stack still find it.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ketacompanion.core.models import Playlist, PlaylistItem
from ketacompanion.storage.playlists import (
    PlaylistNameError,
    PlaylistNotFoundError,
    PlaylistRepository,
)
from ketacompanion.storage.ready_made import restore_ready_made

log = logging.getLogger(__name__)


class LibraryState(QObject):
    """The library and the open playlist, changed only through undoable commands.

    Args:
        repo: Where playlists are stored.
        audio_dir: The bundled audio folder (for restoring ready-made playlists).

    Signals:
        library_changed: Playlists were added, renamed or removed.
        current_changed(object): The open playlist (a Playlist copy, or None) changed.
        message(str): A short sentence for the notice bar.
    """

    library_changed = Signal()
    current_changed = Signal(object)
    message = Signal(str)

    def __init__(self, repo: PlaylistRepository, audio_dir: Path, parent=None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.audio_dir = audio_dir
        self.undo_stack = QUndoStack(self)
        self._current: Playlist | None = None

    def current(self) -> Playlist | None:
        """A copy of the open playlist."""
        return copy.copy(self._current) if self._current else None

    def open(self, playlist_id: int | None) -> None:
        """Open the playlist ``playlist_id`` (None: nothing open)."""
        try:
            self._current = None if playlist_id is None else self.repo.get(playlist_id)
        except PlaylistNotFoundError:
            self._current = None
        self.current_changed.emit(self.current())

    def edit(self, after: Playlist, text: str) -> None:
        """Change the open playlist to ``after`` (same id), undoably."""
        before = self._current
        if before is None or after.id != before.id or after == before:
            return
        self.undo_stack.push(_Edit(self, before, copy.copy(after), text))

    def add_to_closed(self, playlist_id: int, row: int, items: list[PlaylistItem],
                      text: str) -> None:
        """Insert files before ``row`` of a playlist that is not open, undoably.

        Files read for a playlist the person has since left go where they were put; the
        open playlist stays in view (undoing brings the changed one back, as for any edit).
        """
        try:
            before = self.repo.get(playlist_id)
        except PlaylistNotFoundError:
            self.message.emit("The playlist was deleted, so the files were not added.")
            return
        at = max(0, min(row, len(before.items)))
        after = replace(before, items=before.items[:at] + list(items) + before.items[at:])
        in_view = self._current is not None and self._current.id == playlist_id
        self.undo_stack.push(_Edit(self, before, after, text, in_view))
        if not in_view:
            count = len(items)
            self.message.emit(f"Added {count} file{'s' if count != 1 else ''} to “{before.name}”.")

    def create(self, playlist: Playlist, text: str = "new playlist") -> None:
        """Add ``playlist`` (a free name is chosen from its name) and open it."""
        fresh = copy.copy(playlist)
        fresh.id = None
        fresh.name = self.repo.unique_name(fresh.name)
        self.undo_stack.push(_Create(self, fresh, text))

    def rename(self, name: str) -> bool:
        """Rename the open playlist; a bad name gives a message and False."""
        if self._current is None:
            return False
        try:
            cleaned = self.repo.check_name(name, self._current.id)
        except PlaylistNameError as exc:
            self.message.emit(str(exc))
            return False
        after = copy.copy(self._current)
        after.name = cleaned
        self.edit(after, "rename")
        return True

    def delete(self) -> None:
        """Delete the open playlist, undoably."""
        if self._current is not None:
            name = self._current.name
            self.undo_stack.push(_Delete(self, self._current))
            self.message.emit(f"“{name}” deleted. Undo (Ctrl+Z) brings it back.")

    def restore(self, key: str) -> None:
        """Put a ready-made playlist back as first made (not undoable: it is a reset)."""
        try:
            playlist = restore_ready_made(self.repo, key, self.audio_dir)
        except LookupError as exc:
            self.message.emit(str(exc))
            return
        self.undo_stack.clear()  # earlier snapshots of it would fight the reset
        self.library_changed.emit()
        self.open(playlist.id)
        self.message.emit(f"“{playlist.name}” is back as it was first made.")

    # -- used by the commands ------------------------------------------------------

    def _write(self, playlist: Playlist) -> None:
        try:
            self.repo.save(playlist)
        except (PlaylistNameError, PlaylistNotFoundError) as exc:
            self.message.emit(str(exc))
            return
        renamed = self._current is None or self._current.name != playlist.name
        self._current = copy.copy(playlist)
        if renamed:
            self.library_changed.emit()
        self.current_changed.emit(self.current())

    def _store(self, playlist: Playlist) -> None:
        """Save a playlist that is not open, leaving the open one in view."""
        try:
            self.repo.save(playlist)
        except (PlaylistNameError, PlaylistNotFoundError) as exc:
            self.message.emit(str(exc))
            return
        self.library_changed.emit()  # its item count and length in the list

    def _add(self, playlist: Playlist, builtin_key: str | None) -> Playlist | None:
        try:
            added = self.repo.add(playlist, builtin_key)
        except PlaylistNameError as exc:
            self.message.emit(str(exc))
            return None
        self.library_changed.emit()
        self.open(added.id)
        return added

    def _remove(self, playlist_id: int) -> None:
        self.repo.delete(playlist_id)
        if self._current is not None and self._current.id == playlist_id:
            self._current = None
            self.current_changed.emit(None)
        self.library_changed.emit()


class _Edit(QUndoCommand):
    def __init__(self, state: LibraryState, before: Playlist, after: Playlist, text: str,
                 in_view: bool = True) -> None:
        super().__init__(text)
        self._state, self._before, self._after = state, before, after
        self._quiet = not in_view  # the first redo leaves a closed playlist closed

    def redo(self) -> None:
        if self._quiet:
            self._quiet = False
            self._state._store(self._after)
            return
        self._show(self._after)

    def undo(self) -> None:
        self._show(self._before)

    def _show(self, playlist: Playlist) -> None:
        if self._state._current is None or self._state._current.id != playlist.id:
            self._state.open(playlist.id)  # undo brings its playlist back into view
        self._state._write(playlist)


class _Create(QUndoCommand):
    def __init__(self, state: LibraryState, playlist: Playlist, text: str) -> None:
        super().__init__(text)
        self._state, self._playlist = state, playlist

    def redo(self) -> None:
        added = self._state._add(self._playlist, None)
        if added is not None:
            self._playlist = added  # keep its id: a redo after undo re-adds the same one

    def undo(self) -> None:
        if self._playlist.id is not None:
            self._state._remove(self._playlist.id)


class _Delete(QUndoCommand):
    def __init__(self, state: LibraryState, playlist: Playlist) -> None:
        super().__init__(f"delete “{playlist.name}”")
        self._state, self._playlist = state, copy.copy(playlist)
        assert playlist.id is not None
        self._key = state.repo.builtin_key(playlist.id)

    def redo(self) -> None:
        assert self._playlist.id is not None
        self._state._remove(self._playlist.id)

    def undo(self) -> None:
        self._state._add(self._playlist, self._key)
