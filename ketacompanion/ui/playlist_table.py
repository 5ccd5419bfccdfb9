"""The playlist's table: rows that drag and drop, and the hint shown over it while empty."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.ui.playlist_model import PlaylistTableModel


class PlaylistTable(QTableView):
    """The rows of the open playlist, with drag and drop, and a hint while there are none.

    Rows dragged within the table and files dropped from the file manager reach the
    model, which reports them (``rows_dropped``, ``files_dropped``); the table only
    shows them and lets them be dragged.

    Args:
        model: The playlist's rows.
        parent: The widget the table sits in (the editor).
    """

    def __init__(self, model: PlaylistTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("playlistTable")
        self._rows = model
        self.setModel(model)
        self.setAccessibleName("Playlist items")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Tab moves on to the buttons and the sidebar (Qt's default walks the cells and
        # never leaves: a keyboard trap); the arrow keys move between rows.
        self.setTabKeyNavigation(False)
        # DragDrop (not InternalMove) so files from the file manager land here too.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setShowGrid(False)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(34)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Sized from the rows in view and up to 200 more, not every row: a 10,000-track
        # playlist would otherwise ask each of its cells for its text on every change.
        header.setResizeContentsPrecision(200)
        header.setHighlightSections(False)
        # Parented (and hidden) from the start: a parentless label would be a Python-owned
        # top-level window, freed by the garbage collector at any later moment, even while
        # Qt walks every widget to apply a style sheet (a crash).
        self.empty_hint = QLabel("Nothing here yet.\nUse “+ Add”, or drop music files here.",
                                 self, objectName="emptyHint", visible=False)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint_placed = False  # on the viewport, once first needed (update_hint)
        self._rows_kept = 0

    def keep_rows_in_view(self, rows: int) -> None:
        """Never shorter than the header and ``rows`` whole rows: the page scrolls instead.

        A shorter playlist keeps room for the rows it has (and an empty one for the
        hint), so a one-piece playlist does not make a small screen scroll.
        """
        if not self._rows_kept:
            for signal in (self._rows.modelReset, self._rows.rowsInserted,
                           self._rows.rowsRemoved):
                signal.connect(self._keep_height)
        self._rows_kept = rows
        self._keep_height()

    def changeEvent(self, event: QEvent) -> None:
        """A theme's type and padding change the height that ``rows`` rows need."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._keep_height()

    def showEvent(self, event: QShowEvent) -> None:
        """The header has its theme once shown: measure the kept rows again."""
        super().showEvent(event)
        self._keep_height()

    def selected_rows(self) -> list[int]:
        """Selected rows, in order."""
        return sorted({index.row() for index in self.selectionModel().selectedRows()})

    def select(self, row: int, keep: bool = False) -> None:
        """Select ``row``; ``keep`` adds it to the selection instead of replacing it."""
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if not keep:
            flags |= QItemSelectionModel.SelectionFlag.Clear
        self.selectionModel().select(self._rows.index(row, 0), flags)

    def update_hint(self) -> None:
        """Show the hint over the table while it has no rows (once it is on screen)."""
        # The hint sits on the viewport, fetched only when the hint is first needed on
        # screen: PySide types the first viewport() it returns by creating the enums of
        # every QWidget subclass (~10 ms), and most start-ups open a playlist with rows.
        empty = self._rows.rowCount() == 0
        if not self._hint_placed:
            if not (empty and self.isVisible()):
                return
            QVBoxLayout(self.viewport()).addWidget(self.empty_hint)
            self._hint_placed = True
        self.empty_hint.setVisible(empty)

    def _keep_height(self, *_changed: object) -> None:
        if not self._rows_kept:
            return
        count = self._rows.rowCount()
        rows = min(count, self._rows_kept) if count else 2  # the hint's two lines
        margins = self.contentsMargins()  # the frame and the theme's padding
        rows *= self.verticalHeader().defaultSectionSize()
        self.setMinimumHeight(self.horizontalHeader().sizeHint().height() + rows
                              + margins.top() + margins.bottom())
