"""The playlist editor: the rows, adding music and beats, reordering, removing, previewing.

It puts its parts together, top to bottom: the toolbar with the "+ Add" menu
(:mod:`~ketacompanion.ui.playlist_toolbar`), the scan-progress strip
(:mod:`~ketacompanion.ui.playlist_scan_strip`) and the table
(:mod:`~ketacompanion.ui.playlist_table`). It turns what they report into edits, checks
that the files play, and previews rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ketacompanion.core.models import FileItem, Playlist, PlaylistItem
from ketacompanion.ui.decode_check import DecodeChecker
from ketacompanion.ui.playlist_model import PlaylistTableModel, moved
from ketacompanion.ui.playlist_scan_strip import ScanStrip
from ketacompanion.ui.playlist_table import PlaylistTable
from ketacompanion.ui.playlist_toolbar import PlaylistToolbar
from ketacompanion.ui.tag_scanner import TagScanner

PREVIEW_SECONDS = 15.0
PREVIEW_VOLUME = 0.25
PREVIEW_STOP_FADE_S = 2.0  # Stop fades the preview out, never cuts it


class Previewer(Protocol):
    """What the editor needs of the audio engine's PlayerService."""

    error: SignalInstance  # Signal(str): a notice in plain words
    preview_changed: SignalInstance  # Signal(bool): a preview is (or is no longer) playing

    @property
    def previewing(self) -> bool:
        """True while a preview plays."""

    def preview(self, item: PlaylistItem, seconds: float = 15.0, volume: float = 0.3) -> None:
        """Play ``item`` alone for a while, quietly, with fades."""

    def stop_preview(self, fade_s: float = 2.0) -> None:
        """Fade a playing preview out (nothing else)."""


class PlaylistEditor(QWidget):
    """Rows of the open playlist and the buttons that change them.

    Args:
        scanner: Reads tags off the UI thread.
        previewer: Plays a row quietly for about 15 s; None when there is no sound.
        checker: Decodes the files off the UI thread to flag those that will not play;
            it runs while the editor is shown, for the playlist opened and what is added.

    Signals:
        edited(object, str): A changed Playlist (same id) and what was done, to be pushed
            as an undoable command.
        read_for_closed(int, int, object, str): Files read for a playlist (its id) that
            is no longer open, the row they go before, the items and what was done.
        message(str): A short sentence for the notice bar.
    """

    edited = Signal(object, str)
    read_for_closed = Signal(int, int, object, str)
    message = Signal(str)

    def __init__(self, scanner: TagScanner, previewer: Previewer | None = None,
                 checker: DecodeChecker | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playlistEditor")
        self.setAcceptDrops(True)
        self._playlist: Playlist | None = None
        self._scanner = scanner
        self._previewer = previewer
        self.preview_seconds = PREVIEW_SECONDS  # how long a preview plays, fades included
        self.check_delay_ms = 800  # decoding waits for the window to paint first
        self.preview_volume = PREVIEW_VOLUME
        self._checker = checker or DecodeChecker(None, self)
        self._check_timer = QTimer(self, singleShot=True)
        self._check_timer.timeout.connect(self._start_check)
        self._recheck = True  # the next decoding check looks again at files it has decoded
        # The playlist a folder scan was started for, and the row its files go before:
        # another may be open by the time the files have been read.
        self._scan_for: tuple[int | None, int] = (None, 0)
        self.model = PlaylistTableModel(self)
        # One toolbar over the table: adding and the row actions; the page adds undo/redo.
        self.toolbar = PlaylistToolbar(dialogs_over=self)
        self.add_button = self.toolbar.add_button
        self.add_menu = self.toolbar.add_menu
        self.add_files_action = self.add_menu.files_action
        self.add_folder_action = self.add_menu.folder_action
        self.add_beats_action = self.add_menu.beats_action
        self.add_silence_action = self.add_menu.silence_action
        self.preview_button = self.toolbar.preview_button
        self.remove_button = self.toolbar.remove_button
        self.check_label = self.toolbar.check_label
        self.scan_strip = ScanStrip(scanner)
        self.progress = self.scan_strip.progress
        self.progress_label = self.scan_strip.progress_label
        self.cancel_button = self.scan_strip.cancel_button
        self._lay_out()
        self._connect()
        self.scan_strip.show_activity(None)
        self.check_label.hide()
        self._update_buttons()

    # -- public ---------------------------------------------------------------------

    def set_playlist(self, playlist: Playlist | None, problems: dict[str, str] | None = None
                     ) -> None:
        """Show ``playlist``; keeps the selection when the same playlist is shown again."""
        same = (playlist is not None and self._playlist is not None
                and playlist.id == self._playlist.id)
        rows = self.selected_rows() if same else []
        self._playlist = playlist
        items = playlist.items if playlist else []
        known = self._checker.known_problems(_file_paths(items))
        known.update(problems or {})
        # Another playlist opened: every file is checked again; an edit: only new rows.
        self.model.set_items(items, known, recheck=not same)
        self._check_files(recheck=not same)
        for row in rows:
            if row < self.model.rowCount():
                self.table.select(row, keep=True)
        self.setEnabled(playlist is not None)
        self._update_buttons()

    def selected_rows(self) -> list[int]:
        """Selected rows, in order."""
        return self.table.selected_rows()

    def add_paths(self, paths: list[str], row: int | None = None) -> None:
        """Read tags of ``paths`` (files and folders) in the background, then insert them."""
        if self._playlist is None or not paths:
            return
        if not self._scanner.scan(paths):
            self.message.emit("Still reading the last files; please wait a moment.")
            return
        self._scan_for = (self._playlist.id, self.model.rowCount() if row is None else row)
        self.show_activity("Reading your music…", self._scanner.cancel)

    def show_activity(self, text: str | None, stop: Callable[[], None] | None = None) -> None:
        """Show ``text`` with a moving bar and a Stop button that calls ``stop``; None hides."""
        self.scan_strip.show_activity(text, stop)

    def insert_items(self, items: list[PlaylistItem], row: int | None, text: str) -> None:
        """Insert ``items`` before ``row`` (None: at the end) as one change."""
        if self._playlist is None or not items:
            return
        current = self.model.items()
        at = len(current) if row is None else max(0, min(row, len(current)))
        self._emit(current[:at] + list(items) + current[at:], text)

    def move_rows(self, rows: list[int], destination: int) -> None:
        """Move ``rows`` to before ``destination`` as one change."""
        items = moved(self.model.items(), rows, destination)
        if items != self.model.items():
            self._emit(items, "reorder")

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        rows = set(self.selected_rows())
        if rows:
            kept = [item for i, item in enumerate(self.model.items()) if i not in rows]
            self._emit(kept, f"remove {len(rows)} item{'s' if len(rows) > 1 else ''}")

    def toggle_preview(self) -> None:
        """Preview the selected row; while a preview plays, the same button stops it."""
        if self._previewer is not None and self._previewer.previewing:
            self._previewer.stop_preview(PREVIEW_STOP_FADE_S)
            return
        self.preview_selected()

    def preview_selected(self) -> None:
        """Play the first selected row quietly for about 15 s (``preview_seconds``)."""
        rows = self.selected_rows()
        if not rows or self._previewer is None:
            return
        problem = self.model.problem(rows[0])
        if problem:
            self.message.emit(problem)
            return
        self._previewer.preview(self.model.items()[rows[0]], self.preview_seconds,
                                self.preview_volume)

    def showEvent(self, event: QShowEvent) -> None:
        """Show the hint if there are no rows; check the files now that they can be seen."""
        super().showEvent(event)
        self.table.update_hint()
        self._check_files()

    def hideEvent(self, event: QHideEvent) -> None:
        """No decoding in the background once the page is left (the session checks its own)."""
        self._check_timer.stop()
        self._checker.cancel()
        super().hideEvent(event)

    # -- drops from the file manager onto the editor (outside the table) -------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files."""
        if self._playlist is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Add dropped files and folders at the end."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self._playlist is not None:
            event.acceptProposedAction()
            self.add_paths(paths)

    # -- building -----------------------------------------------------------------

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.toolbar)
        layout.addLayout(self.scan_strip)
        # Made here, inside the editor and after the rows above it (so tab order follows
        # them): moving a finished table into another widget costs ~2 ms of start-up.
        self.table = PlaylistTable(self.model, self)
        self.empty_hint = self.table.empty_hint
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.model.rows_dropped.connect(self.move_rows)
        self.model.files_dropped.connect(self.add_paths)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.preview_selected)
        self.preview_button.clicked.connect(self.toggle_preview)
        if self._previewer is not None:
            self._previewer.preview_changed.connect(self._preview_changed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.add_menu.paths_chosen.connect(self._add_chosen)
        self.add_menu.items_chosen.connect(self._insert_chosen)
        self._checker.running.connect(self.check_label.setVisible)
        self._checker.checked.connect(self._decoded)
        self.scan_strip.read.connect(self._insert_read)
        self.scan_strip.message.connect(self.message)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.activated.connect(self.remove_selected)

    # -- slots --------------------------------------------------------------------

    def _add_chosen(self, paths: list[str]) -> None:
        self.add_paths(paths, self._insertion_row())

    def _insert_chosen(self, items: list[PlaylistItem], text: str) -> None:
        self.insert_items(items, self._insertion_row(), text)

    def _insertion_row(self) -> int | None:
        rows = self.selected_rows()
        return rows[-1] + 1 if rows else None

    def _insert_read(self, items: list[PlaylistItem], text: str) -> None:
        playlist_id, row = self._scan_for
        if self._playlist is not None and self._playlist.id == playlist_id:
            self.insert_items(items, row, text)
        elif playlist_id is not None:
            self.read_for_closed.emit(playlist_id, row, items, text)

    def checking(self) -> bool:
        """Whether a decoding check is waiting to start or running."""
        return self._check_timer.isActive() or self._checker.busy()

    def _check_files(self, recheck: bool = True) -> None:
        # Decoding loads numpy and the codecs: let the window paint first, and let a
        # burst of edits settle into one check (a full one if any of them asked).
        self._recheck = self._recheck or recheck
        self._check_timer.start(self.check_delay_ms)

    def _start_check(self) -> None:
        if self.isVisible():  # else showEvent checks when the editor appears
            items = self.model.items()
            recheck, self._recheck = self._recheck, False
            self._checker.check([item.path for row, item in enumerate(items)
                                 if isinstance(item, FileItem) and not self.model.problem(row)],
                                recheck=recheck)

    def _decoded(self, problems: dict[str, str]) -> None:
        before = self.model.problem_count()
        self.model.add_problems(problems)
        new = self.model.problem_count() - before
        if new:
            pieces = "piece will" if new == 1 else "pieces will"
            self.message.emit(f"{new} {pieces} not play; point at the ⚠ row to see why.")

    def _preview_changed(self, playing: bool) -> None:
        self.toolbar.show_previewing(playing)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.table.update_hint()
        self.toolbar.update_row_actions(bool(self.selected_rows()), self._previewer is not None)

    def _emit(self, items: list[PlaylistItem], text: str) -> None:
        if self._playlist is not None:
            self.edited.emit(replace(self._playlist, items=items), text)


def _file_paths(items: list[PlaylistItem]) -> list[str]:
    return [item.path for item in items if isinstance(item, FileItem)]

