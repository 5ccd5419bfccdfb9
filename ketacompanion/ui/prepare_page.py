"""The Prepare page: the playlist library beside the open playlist, its fit and its rows."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.models import FileItem, Playlist, PlaylistItem
from ketacompanion.core.soundscapes import soundscape
from ketacompanion.core.tags import file_problem
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S
from ketacompanion.services.infusion_length import InfusionLength
from ketacompanion.ui.decode_check import DecodeChecker, FileCheck
from ketacompanion.ui.elided import ElidedLabel
from ketacompanion.ui.fit_panel import FitPanel
from ketacompanion.ui.locate_worker import LocateWorker
from ketacompanion.ui.playlist_editor import PlaylistEditor, Previewer
from ketacompanion.ui.playlist_library import PlaylistLibrary
from ketacompanion.ui.playlist_library_state import LibraryState
from ketacompanion.ui.tag_scanner import ScanResult, TagScanner
from ketacompanion.ui.widgets import PageHeader, scrolling_body, toolbar_button

_EXPORT_FILTERS = {
    "M3U8 playlist (*.m3u8)": ".m3u8", "M3U playlist (*.m3u)": ".m3u",
    "PLS playlist (*.pls)": ".pls", "XSPF playlist (*.xspf)": ".xspf",
}


class PreparePage(QWidget):
    """Library on the left, the open playlist on the right; everything saves as it changes.

    Args:
        state: The library state and its undo stack.
        previewer: The player used to preview rows; None when there is no sound.
        check_files: Decodes files to find those that will not play (see
            :data:`~ketacompanion.ui.decode_check.FileCheck`); None: only a cheap check.
        length: The infusion length, shared with the Session page (None: this page's own).
        crossfade_s: The person's blend between pieces (the crossfade setting).

    Signals:
        navigate(str): Asks the window to show another page.
        message(str): One quiet sentence for the window's notice bar.
        crossfade_changed(float): The person chose another blend between pieces.
        playlist_chosen(int): The person chose this playlist in the library: the one
            the session plays (the infusion length is already its own).
    """

    navigate = Signal(str)
    message = Signal(str)
    crossfade_changed = Signal(float)
    playlist_chosen = Signal(int)

    def __init__(self, state: LibraryState, previewer: Previewer | None = None,
                 check_files: FileCheck | None = None, parent: QWidget | None = None,
                 length: InfusionLength | None = None,
                 crossfade_s: float = DEFAULT_CROSSFADE_S) -> None:
        super().__init__(parent)
        self.setObjectName("page_prepare")
        self.key, self.title = "prepare", "Prepare"
        self.state = state
        self.length = length or InfusionLength(parent=self)
        self._shown: Playlist | None = None
        state.setParent(self)  # the state lives and dies with its page
        self._notify = self.message.emit
        # Built top-down and in tab order, each part made inside the widget it stays in:
        # moving a finished part into another widget re-resolves its whole tree. The page
        # scrolls when it cannot fit (a 600-px screen with an offer above it), rather than
        # making the window taller than the screen, where its rows would overlap.
        layout = scrolling_body(self, "prepareScroll", "prepareBody", (28, 28, 24, 24), 20)
        body = layout.parentWidget()
        scroll = self.findChild(QScrollArea, "prepareScroll")
        if scroll is not None:  # Tab goes from part to part; the area follows the focus
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = PageHeader(
            "Prepare", "Get the music ready at home, days before. Everything saves as you go.",
            body,
        )
        self.library = PlaylistLibrary(body)
        editor_card = QFrame(body, objectName="card")
        # A long name ends in "…" where the row has no room for it, and shows whole on hover.
        self.name_label = ElidedLabel(editor_card, objectName="playlistName")
        self.name_label.setMinimumWidth(120)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.undo_button = toolbar_button("Undo", "Undo the last change")
        self.redo_button = toolbar_button("Redo", "Redo")
        self.export_button = toolbar_button("Export…", "Export this playlist for another player",
                                            editor_card)
        self.more_button = toolbar_button("More", "More actions for this playlist", editor_card)
        self.more_button.setObjectName("menuButton")
        self.fit_panel = FitPanel(editor_card, self.length.minutes, crossfade_s)
        self.editor = PlaylistEditor(TagScanner(parent=self), previewer,
                                     DecodeChecker(check_files, self), editor_card)
        self.import_scanner = TagScanner(parent=self)
        self.locator = LocateWorker(self)
        self._locating: int | None = None
        self._pending_import: tuple[str, list[FileItem]] | None = None
        self._import_items: list[PlaylistItem] = []
        self._import_problems: list[str] = []
        self._build_menu()
        self._lay_out(layout, header, editor_card)
        self._connect(previewer)
        # Opening one lists the library (``_show``): each listing reads every playlist.
        summaries = state.repo.summaries()
        state.open(summaries[0].id if summaries else None)

    # -- actions ------------------------------------------------------------------

    def new_playlist(self) -> None:
        """Make an empty playlist, prepared for the infusion's length, and open it."""
        self.state.create(Playlist("My playlist", target_minutes=self.length.minutes))

    def new_soundscape(self, key: str) -> None:
        """Make a playlist of one sound (rain, beats, silence…) for the infusion's length."""
        entry = soundscape(key)
        self.state.create(entry.playlist(self.length.minutes), "sound for this session")

    def duplicate(self) -> None:
        """Copy the open playlist under a new name."""
        current = self.state.current()
        if current is not None:
            self.state.create(_copy_named(current), "duplicate")

    def import_file(self, path: str) -> None:
        """Read a playlist file, then its tags in the background, then add it."""
        # Imported on use: the formats (XSPF's xml.etree among them) stay out of start-up.
        from ketacompanion.core.playlist_formats import PlaylistError, read_playlist

        try:
            result = read_playlist(Path(path), keep_missing=True)
        except PlaylistError as exc:
            self._notify(str(exc))
            return
        files = [item for item in result.items if isinstance(item, FileItem)]
        name = result.name or Path(path).stem
        if not result.items:
            # The window has no list of notes as the command line does: say the first.
            why = f" ({result.problems[0]})" if result.problems else ""
            self._notify(f"{Path(path).name} holds nothing that can be played{why}.")
            return
        self._import_items = result.items
        self._import_problems = result.problems
        self._pending_import = (name, files)
        self.import_scanner.scan([item.path for item in files], keep_problems=True)

    def export_to(self, path: str) -> None:
        """Write the open playlist to ``path`` (format from the extension)."""
        from ketacompanion.core.playlist_formats import PlaylistError, write_playlist

        current = self.state.current()
        if current is None:
            return
        try:
            notes = write_playlist(current, Path(path))
        except PlaylistError as exc:
            self._notify(str(exc))
            return
        extra = f" {notes[0]}" if notes else ""
        self._notify(f"Saved “{current.name}” as {Path(path).name}.{extra}")

    def locate_in(self, folder: str) -> None:
        """Look in ``folder`` (in the background) for the open playlist's missing files."""
        current = self.state.current()
        if current is None:
            return
        if not self.locator.start(current.items, folder):
            self._notify("Still looking for the last folder; please wait a moment.")
            return
        self._locating = current.id
        self.editor.show_activity("Looking for your music…", self.locator.cancel)

    # -- building -----------------------------------------------------------------

    def _build_menu(self) -> None:
        menu = QMenu(self.more_button)
        menu.addAction("Rename…", self._ask_rename)
        menu.addAction("Duplicate", self.duplicate)
        menu.addAction("Locate missing files…", self._ask_locate)
        menu.addSeparator()
        menu.addAction("Delete", self.state.delete)
        self.more_button.setMenu(menu)

    def _lay_out(self, layout: QVBoxLayout, header: PageHeader, editor_card: QFrame) -> None:
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        for button in (self.export_button, self.more_button):
            top.addWidget(button)
        self.editor.toolbar.addWidget(self.undo_button)
        self.editor.toolbar.addWidget(self.redo_button)
        inner = QVBoxLayout(editor_card)
        inner.setContentsMargins(16, 14, 16, 16)
        inner.setSpacing(10)
        inner.addLayout(top)
        inner.addWidget(self.fit_panel)
        inner.addWidget(self.editor, 1)
        # One width for the library: a list view does not wrap its names again when it
        # narrows. Margins and gaps are lean enough for the editor's rows to show whole
        # beside it on a 1024x600 screen.
        self.library.setFixedWidth(240)
        # The list and the rows take the height the page has, with no height of their own
        # to ask for: the page then scrolls only when its fixed parts cannot fit.
        for view in (self.library.list, self.editor.table):
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        # Yet a few of the playlist's rows always show (a fit with the phases' band left
        # the table its header alone on a 600-px screen, as if the playlist were empty).
        self.editor.table.keep_rows_in_view(3)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.library)
        body.addWidget(editor_card, 1)
        layout.addWidget(header)
        layout.addLayout(body, 1)

    def _connect(self, previewer: Previewer | None) -> None:
        state = self.state
        state.library_changed.connect(self._refresh_library)
        state.current_changed.connect(self._show)
        state.message.connect(self._notify)
        stack = state.undo_stack
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.undo_button.clicked.connect(stack.undo)
        self.redo_button.clicked.connect(stack.redo)
        QShortcut(QKeySequence.StandardKey.Undo, self, stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, stack.redo)
        self.library.chosen.connect(self._choose)
        self.library.new_requested.connect(self.new_playlist)
        self.library.import_requested.connect(self._ask_import)
        self.library.restore_requested.connect(state.restore)
        self.library.sound_requested.connect(self.new_soundscape)
        self.export_button.clicked.connect(self._ask_export)
        self.fit_panel.changed.connect(lambda p: state.edit(p, "session fit"))
        self.fit_panel.length_chosen.connect(self.length.set)
        self.length.changed.connect(self.fit_panel.set_minutes)
        self.fit_panel.crossfade_changed.connect(self.crossfade_changed)
        # The library says how long each playlist plays: with the blend, as the fit does.
        self.fit_panel.crossfade_changed.connect(lambda _seconds: self._refresh_library())
        self.editor.edited.connect(state.edit)
        self.editor.read_for_closed.connect(state.add_to_closed)
        self.editor.message.connect(self._notify)
        self.import_scanner.finished.connect(self._imported)
        self.locator.progress.connect(
            lambda n: self.editor.progress_label.setText(f"Looked in {n:,} folders…"))
        self.locator.finished.connect(self._located)

    # -- slots --------------------------------------------------------------------

    def _choose(self, playlist_id: int) -> None:
        """The person chose a playlist: as on the Session page, the infusion takes its length."""
        self.state.open(playlist_id)
        playlist = self.state.current()
        if playlist is not None:
            self.length.set(playlist.target_minutes)
            self.playlist_chosen.emit(playlist.id)

    def _show(self, playlist: Playlist | None) -> None:
        before, self._shown = self._shown, playlist
        if (playlist is not None and before is not None and before.id == playlist.id
                and before.target_minutes != playlist.target_minutes):
            # Its length was chosen here, or that choice undone or redone: the infusion's follows.
            self.length.set(playlist.target_minutes)
        self.name_label.setText(playlist.name if playlist else "Choose or make a playlist")
        self.name_label.setToolTip(playlist.name if playlist else "")
        self.name_label.setAccessibleName(self.name_label.text())
        for button in (self.export_button, self.more_button):
            button.setEnabled(playlist is not None)
        self.fit_panel.set_playlist(playlist)
        self.editor.set_playlist(playlist)
        self._refresh_library()  # its item count and length follow the edits

    def _refresh_library(self) -> None:
        current = self.state.current()
        self.library.set_summaries(self.state.repo.summaries(self.fit_panel.crossfade_s),
                                   current.id if current else None)

    def _imported(self, result: ScanResult) -> None:
        if self._pending_import is None:
            return
        name, files = self._pending_import
        self._pending_import = None
        if result.cancelled:
            return
        read = iter(result.items)
        items = []
        for item in self._import_items:
            if isinstance(item, FileItem):
                tagged = next(read)
                # The playlist's own titles win: they are what the person saw in their player.
                item = FileItem(item.path, item.title or tagged.title,
                                item.artist or tagged.artist, tagged.duration_s or item.duration_s)
            items.append(item)
        self.state.create(Playlist(name, items, self.length.minutes), "import")
        missing = sum(1 for f in files if f.path in result.problems)
        notes = [f"{missing} file{'s' if missing != 1 else ''} missing"] if missing else []
        # Problems read "line 3: missing file: ..."; missing files are counted just above.
        notes += [p for p in self._import_problems if ": missing file: " not in p][:1]
        detail = f" ({'; '.join(notes)})" if notes else ""
        count = f"{len(items)} item{'s' if len(items) != 1 else ''}"
        opened = self.state.current()  # under a free name, which may not be ``name``
        self._notify(f"Imported {count} as “{opened.name if opened else name}”{detail}.")

    def _located(self, moves: dict[str, str] | None) -> None:
        self.editor.show_activity(None)
        current = self.state.current()
        if moves is None:
            self._notify("Stopped looking. Nothing was changed.")
            return
        if current is None or current.id != self._locating:
            return  # another playlist was opened meanwhile; this one keeps its paths
        current.items = [replace(item, path=moves[item.path])
                         if isinstance(item, FileItem) and item.path in moves else item
                         for item in current.items]
        found = sum(1 for item in current.items
                    if isinstance(item, FileItem) and item.path in moves.values())
        if moves:
            self.state.edit(current, "locate missing files")
        still = sum(1 for item in current.items
                    if isinstance(item, FileItem) and file_problem(item.path))
        left = f"; {still} still missing" if still else ""
        self._notify(f"Found {found} missing file{'s' if found != 1 else ''}{left}.")

    def _ask_rename(self) -> None:
        current = self.state.current()
        if current is None:
            return
        # The dialogs are imported on use: their classes' enums stay out of start-up.
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, "Rename playlist", "New name:", text=current.name)
        if ok:
            self.state.rename(name)

    def _ask_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Import a playlist", "", "Playlists (*.m3u *.m3u8 *.pls *.xspf);;All files (*)"
        )
        if path:
            self.import_file(path)

    def _ask_export(self) -> None:
        current = self.state.current()
        if current is None:
            return
        from PySide6.QtWidgets import QFileDialog

        path, chosen = QFileDialog.getSaveFileName(
            self, "Export playlist", str(Path.home() / f"{current.name}.m3u8"),
            ";;".join(_EXPORT_FILTERS),
        )
        if path:
            if Path(path).suffix.lower() not in _EXPORT_FILTERS.values():
                path += _EXPORT_FILTERS.get(chosen, ".m3u8")
            self.export_to(path)

    def _ask_locate(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Where is your music now?")
        if folder:
            self.locate_in(folder)


def _copy_named(playlist: Playlist) -> Playlist:
    duplicate = copy.copy(playlist)
    duplicate.name = f"{playlist.name} copy"
    return duplicate

