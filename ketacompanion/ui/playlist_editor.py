"""The playlist editor: the rows, adding music and beats, reordering, removing, previewing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.models import FileItem, Playlist, PlaylistItem, SilenceItem
from ketacompanion.ui.decode_check import DecodeChecker
from ketacompanion.ui.playlist_model import PlaylistTableModel, moved
from ketacompanion.ui.tag_scanner import ScanResult, TagScanner
from ketacompanion.ui.widgets import toolbar_button

PREVIEW_SECONDS = 15.0
PREVIEW_VOLUME = 0.25


class Previewer(Protocol):
    """What the editor needs of the audio engine's PlayerService."""

    error: Any

    def preview(self, item: PlaylistItem, seconds: float = 15.0, volume: float = 0.3) -> None:
        """Play ``item`` alone for a while, quietly, with fades."""

    def stop(self, fade_s: float | None = None) -> None:
        """Fade out and stop."""


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
        message(str): A short sentence for the notice bar.
    """

    edited = Signal(object, str)
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
        self._insert_at = 0
        self.model = PlaylistTableModel(self)
        self.add_button = toolbar_button("+ Add ▾", "Add music, a folder, beats or a silence")
        self.add_button.setObjectName("menuButton")
        add_menu = QMenu(self.add_button)
        self.add_files_action = add_menu.addAction("Music files…", self._choose_files)
        self.add_folder_action = add_menu.addAction("A whole folder of music…",
                                                    self._choose_folder)
        self.add_beats_action = add_menu.addAction("Binaural beats…", self._choose_beats)
        self.add_silence_action = add_menu.addAction("A silence…", self._choose_silence)
        self.add_button.setMenu(add_menu)
        # Parented (and hidden) from the start: a parentless label would be a Python-owned
        # top-level window, freed by the garbage collector at any later moment, even while
        # Qt walks every widget to apply a style sheet (a crash).
        self.empty_hint = QLabel("Nothing here yet.\nUse “+ Add”, or drop music files here.",
                                 self, objectName="emptyHint", visible=False)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint_placed = False  # on the table's viewport, once first needed (_update_hint)
        self.preview_button = toolbar_button("▶ Preview", "Preview the selected row for 15 seconds")
        self.remove_button = toolbar_button("Remove", "Remove the selected rows")
        self.progress = QProgressBar(objectName="scanProgress")
        self.progress.setAccessibleName("Reading music files")
        self.progress_label = QLabel(objectName="scanLabel")
        self.cancel_button = toolbar_button("Stop", "Stop adding files")
        self._stop_activity: Callable[[], None] = scanner.cancel
        self.check_label = QLabel("Checking…", objectName="scanLabel")
        self.check_label.setAccessibleName("Checking that each piece plays")
        self.check_label.setToolTip("Checking that each piece plays to the end")
        self._lay_out()
        self._connect()
        self._show_progress(False)
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
        self.model.set_items(items, known)
        self._check_files()
        for row in rows:
            if row < self.model.rowCount():
                self._select(row, keep=True)
        self.setEnabled(playlist is not None)
        self._update_buttons()

    def selected_rows(self) -> list[int]:
        """Selected rows, in order."""
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def add_paths(self, paths: list[str], row: int | None = None) -> None:
        """Read tags of ``paths`` (files and folders) in the background, then insert them."""
        if self._playlist is None or not paths:
            return
        if not self._scanner.scan(paths):
            self.message.emit("Still reading the last files; please wait a moment.")
            return
        self._insert_at = self.model.rowCount() if row is None else row
        self.show_activity("Reading your music…", self._scanner.cancel)

    def show_activity(self, text: str | None, stop: Callable[[], None] | None = None) -> None:
        """Show ``text`` with a moving bar and a Stop button that calls ``stop``; None hides."""
        if text is None:
            self._show_progress(False)
            return
        self._stop_activity = stop or self._scanner.cancel
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)
        self._show_progress(True)

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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Show the hint if there are no rows; check the files now that they can be seen."""
        super().showEvent(event)
        self._update_hint()
        self._check_files()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        """No decoding in the background once the page is left (the session checks its own)."""
        self._check_timer.stop()
        self._checker.cancel()
        super().hideEvent(event)

    # -- drops from the file manager onto the editor (outside the table) -------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        """Accept local files."""
        if self._playlist is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        """Add dropped files and folders at the end."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self._playlist is not None:
            event.acceptProposedAction()
            self.add_paths(paths)

    # -- building -----------------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView(self, objectName="playlistTable")
        table.setModel(self.model)
        table.setAccessibleName("Playlist items")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # DragDrop (not InternalMove) so files from the file manager land here too.
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        table.setDragDropOverwriteMode(False)
        table.setDropIndicatorShown(True)
        table.setShowGrid(False)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(34)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        return table

    def _lay_out(self) -> None:
        # One toolbar over the table: adding and the row actions; the page adds undo/redo.
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(8)
        for button in (self.add_button, self.preview_button, self.remove_button):
            self.toolbar.addWidget(button)
        self.toolbar.addStretch(1)
        # In the toolbar's free space, so the table does not jump while files are checked;
        # it takes only the room the buttons leave.
        self.check_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.check_label.setMinimumWidth(0)
        self.toolbar.addWidget(self.check_label)
        scan = QHBoxLayout()
        scan.addWidget(self.progress_label)
        scan.addWidget(self.progress, 1)
        scan.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.toolbar)
        layout.addLayout(scan)
        # Made here, inside the editor and after the rows above it (so tab order follows
        # them): moving a finished table into another widget costs ~2 ms of start-up.
        self.table = self._make_table()
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.model.rows_dropped.connect(self.move_rows)
        self.model.files_dropped.connect(self.add_paths)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.preview_selected)
        self.preview_button.clicked.connect(self.preview_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.cancel_button.clicked.connect(lambda: self._stop_activity())
        self._checker.running.connect(self.check_label.setVisible)
        self._checker.checked.connect(self._decoded)
        self._scanner.progress.connect(self._progress)
        self._scanner.finished.connect(self._scanned)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.activated.connect(self.remove_selected)

    # -- slots --------------------------------------------------------------------

    # The dialogs are imported on use: their classes' enums (QFileDialog's twenty, the
    # beats dialog's button box and form) stay out of start-up.

    def _choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self, "Add music", "",
            "Audio (*.ogg *.oga *.opus *.mp3 *.flac *.wav *.m4a *.aif *.aiff);;All files (*)",
        )
        self.add_paths(files, self._insertion_row())

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Add a folder of music")
        if folder:
            self.add_paths([folder], self._insertion_row())

    def _choose_beats(self) -> None:
        from ketacompanion.ui.binaural_dialog import BinauralDialog

        dialog = BinauralDialog(10.0, self)
        if dialog.exec():
            segment = dialog.segment()
            self.insert_items([segment], self._insertion_row(), "add beats")

    def _choose_silence(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        minutes, ok = QInputDialog.getDouble(self, "Add silence", "Minutes of silence:", 2.0,
                                             0.1, 60.0, 1)
        if ok:
            self.insert_items([SilenceItem(minutes * 60.0)], self._insertion_row(),
                              "add silence")

    def _insertion_row(self) -> int | None:
        rows = self.selected_rows()
        return rows[-1] + 1 if rows else None

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress_label.setText(f"Reading {done:,} of {total:,} files…")

    def _scanned(self, result: ScanResult) -> None:
        self._show_progress(False)
        if result.cancelled:
            self.message.emit("Stopped. Nothing was added.")
            return
        count = len(result.items)
        if count:
            self.insert_items(result.items, self._insert_at,
                              f"add {count} file{'s' if count > 1 else ''}")
        if result.skipped:
            name, reason = result.skipped[0]
            more = len(result.skipped) - 1
            extra = f" (and {more} more)" if more else ""
            self.message.emit(f"Not added: {name}{extra}: {reason.rstrip('.')}.")
        elif not count:
            self.message.emit("No music files were found there.")

    def checking(self) -> bool:
        """Whether a decoding check is waiting to start or running."""
        return self._check_timer.isActive() or self._checker.busy()

    def _check_files(self) -> None:
        # Decoding loads numpy and the codecs: let the window paint first, and let a
        # burst of edits settle into one check.
        self._check_timer.start(self.check_delay_ms)

    def _start_check(self) -> None:
        if self.isVisible():  # else showEvent checks when the editor appears
            items = self.model.items()
            self._checker.check([item.path for row, item in enumerate(items)
                                 if isinstance(item, FileItem) and not self.model.problem(row)])

    def _decoded(self, problems: dict[str, str]) -> None:
        before = self.model.problem_count()
        self.model.add_problems(problems)
        new = self.model.problem_count() - before
        if new:
            pieces = "piece will" if new == 1 else "pieces will"
            self.message.emit(f"{new} {pieces} not play; point at the ⚠ row to see why.")

    def _show_progress(self, visible: bool) -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(visible)

    def _update_buttons(self) -> None:
        self._update_hint()
        selected = bool(self.selected_rows())
        self.remove_button.setEnabled(selected)
        self.preview_button.setEnabled(selected and self._previewer is not None)
        if self._previewer is None:
            self.preview_button.setToolTip("Preview needs the sound output, which is not ready.")

    def _update_hint(self) -> None:
        # The hint sits on the table's viewport, fetched only when the hint is first needed
        # on screen: PySide types the first viewport() it returns by creating the enums of
        # every QWidget subclass (~10 ms), and most start-ups open a playlist with rows.
        empty = self.model.rowCount() == 0
        if not self._hint_placed:
            if not (empty and self.isVisible()):
                return
            QVBoxLayout(self.table.viewport()).addWidget(self.empty_hint)
            self._hint_placed = True
        self.empty_hint.setVisible(empty)

    def _emit(self, items: list[PlaylistItem], text: str) -> None:
        if self._playlist is not None:
            self.edited.emit(replace(self._playlist, items=items), text)

    def _select(self, row: int, keep: bool = False) -> None:
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if not keep:
            flags |= QItemSelectionModel.SelectionFlag.Clear
        self.table.selectionModel().select(self.model.index(row, 0), flags)


def _file_paths(items: list[PlaylistItem]) -> list[str]:
    return [item.path for item in items if isinstance(item, FileItem)]

