"""The playlist editor's table model: one row per item, drag to reorder, drop files to add.

The model only shows items. A drop does not change it directly: it emits
:attr:`PlaylistTableModel.rows_dropped` or :attr:`files_dropped`, and the editor
turns that into an undoable command which then sets the new items here. Since the
model has no ``removeRows``, the view's "remove the dragged rows after a move"
step does nothing, so a move is never applied twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ketacompanion.core.fitting import format_duration
from ketacompanion.core.models import (
    BinauralSegment,
    FileItem,
    FreshPiano,
    NatureItem,
    PlaylistItem,
)
from ketacompanion.core.tags import file_problem
from ketacompanion.core.timeline import item_duration

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData

ROWS_MIME = "application/x-ketacompanion-rows"
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Artist", "Kind", "Length")
_KIND = {"music": "Music", "binaural": "Binaural beat", "silence": "Silence",
         "nature": "Nature", "fresh piano": "Piano"}
# The roles data() answers. A view asks each cell for many more (font, colours, check
# state, size...) while it sizes its columns and paints: those return at once.
_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole, PROBLEM_ROLE, Qt.ItemDataRole.TextAlignmentRole,
})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex


def item_title(item: PlaylistItem) -> str:
    """What a row calls its item: the tag title, the file name, or a description."""
    if isinstance(item, FileItem):
        return item.title or Path(item.path).stem
    if isinstance(item, BinauralSegment):
        if item.label:
            return item.label
        if item.end_beat_hz != item.beat_hz:
            return f"Beat {item.beat_hz:g} → {item.end_beat_hz:g} Hz"
        return f"Beat {item.beat_hz:g} Hz"
    if isinstance(item, NatureItem):
        return item.title
    if isinstance(item, FreshPiano):
        return "Fresh piano"
    return "Silence"


class PlaylistTableModel(QAbstractTableModel):
    """Items as rows; problems (missing, unreadable files) flagged with their reason."""

    rows_dropped = Signal(list, int)  # source rows, destination row (before the move)
    files_dropped = Signal(list, int)  # local paths, row to insert at

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[PlaylistItem] = []
        self._problems: dict[str, str] = {}
        self._checked: dict[str, str | None] = {}  # each file's check, by path

    # -- content ------------------------------------------------------------------

    def items(self) -> list[PlaylistItem]:
        """The items shown, in order."""
        return list(self._items)

    def set_items(self, items: list[PlaylistItem], problems: dict[str, str] | None = None,
                  *, recheck: bool = True) -> None:
        """Show ``items``; file problems are checked now (a stat each) unless given.

        Without ``recheck`` (an edit of the list shown), only files not shown before are
        checked: the others keep their check, so an edit of 10,000 rows costs the rows
        it adds, not a stat of every file. Opening a playlist checks them all again.
        """
        self.beginResetModel()
        self._items = list(items)
        known = problems or {}
        before = {} if recheck else self._checked
        checked: dict[str, str | None] = {}
        for item in self._items:
            if isinstance(item, FileItem) and item.path not in checked:
                path = item.path
                if path in known:
                    checked[path] = known[path]
                elif path in before:
                    checked[path] = before[path]
                else:
                    checked[path] = file_problem(path)
        self._checked = checked
        self._problems = {path: why for path, why in checked.items() if why}
        self.endResetModel()

    def add_problems(self, problems: dict[str, str]) -> None:
        """Flag the rows of the files in ``problems`` {path: reason} (found by decoding)."""
        fresh = {path: why for path, why in problems.items() if path not in self._problems}
        if not fresh:
            return
        self._problems.update(fresh)
        self._checked.update(fresh)
        for row, item in enumerate(self._items):
            if isinstance(item, FileItem) and item.path in fresh:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def problem(self, row: int) -> str | None:
        """Why row ``row`` cannot play, or None."""
        item = self._items[row]
        return self._problems.get(item.path) if isinstance(item, FileItem) else None

    def problem_count(self) -> int:
        """How many rows have a problem."""
        return sum(1 for row in range(len(self._items)) if self.problem(row))

    # -- Qt model -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Number of items (no children)."""
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Title, artist, kind, length."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles, aligned as their column's cells; rows are numbered from 1."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.TextAlignmentRole and horizontal:
            return _RIGHT if section == 3 else _LEFT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, tooltips and the problem flag of one cell."""
        if role not in _ROLES or not index.isValid():
            return None
        item = self._items[index.row()]
        problem = self.problem(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column, problem)
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            return item.path if isinstance(item, FileItem) else None
        if role == PROBLEM_ROLE:
            return problem
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return _RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows can be selected and dragged; drops land between rows."""
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        """Moves (reorder) and copies (files from the file manager)."""
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        """Our own row list, and file URLs."""
        return [ROWS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged rows, as a drag carries them."""
        # Imported on use: QByteArray's enums wait for the first drag.
        from PySide6.QtCore import QByteArray, QMimeData

        mime = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        mime.setData(ROWS_MIME, QByteArray(json.dumps(rows).encode("ascii")))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Rows from this table, or local files."""
        return data.hasFormat(ROWS_MIME) or any(url.isLocalFile() for url in data.urls())

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask for a move or an insertion at the drop position."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        if data.hasFormat(ROWS_MIME):
            try:
                rows = [int(r) for r in json.loads(bytes(data.data(ROWS_MIME).data()))]
            except (ValueError, TypeError):
                return False
            rows = [r for r in rows if 0 <= r < len(self._items)]
            if not rows:
                return False
            self.rows_dropped.emit(rows, row)
            return True
        paths = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
        if not paths:
            return False
        self.files_dropped.emit(paths, row)
        return True

    def _text(self, item: PlaylistItem, column: int, problem: str | None) -> str:
        if column == 0:
            title = item_title(item)
            return f"⚠ {title}" if problem else title
        if column == 1:
            return (item.artist or "") if isinstance(item, FileItem) else ""
        if column == 2:
            return _KIND[item.kind]
        length = item_duration(item)
        return format_duration(length) if length else "?"


def moved(items: list[PlaylistItem], rows: list[int], destination: int) -> list[PlaylistItem]:
    """``items`` with ``rows`` taken out and put back, in order, before ``destination``."""
    chosen = set(rows)
    picked = [items[r] for r in sorted(chosen)]
    before = sum(1 for r in chosen if r < destination)
    rest = [item for i, item in enumerate(items) if i not in chosen]
    at = max(0, min(destination - before, len(rest)))
    return rest[:at] + picked + rest[at:]
