"""The library list: every playlist with its length, and the buttons that make new ones."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.ready_made import READY_MADE
from ketacompanion.storage.playlists import PlaylistSummary

ID_ROLE = Qt.ItemDataRole.UserRole
# A number and its unit never part at a line's end ("45" / "min" read as two things).
_NUMBER_AND_UNIT = re.compile(r"(\d) +(min|s|h|Hz)\b")


def keep_units(text: str) -> str:
    """``text`` with each number bound to its unit by a no-break space."""
    return _NUMBER_AND_UNIT.sub("\\1\u00a0\\2", text)


class PlaylistLibrary(QFrame):
    """A card listing playlists; choosing one opens it in the editor.

    Signals:
        chosen(object): The id (int) of the playlist chosen.
        new_requested: "New playlist" was pressed.
        import_requested: "Import…" was pressed.
        restore_requested(str): A ready-made playlist key to put back.
    """

    chosen = Signal(object)
    new_requested = Signal()
    import_requested = Signal()
    restore_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.list = QListWidget(objectName="playlistList")
        self.list.setAccessibleName("Your playlists")
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.new_button = QPushButton("New playlist", objectName="primary")
        self.new_button.setAccessibleName("New playlist")
        self.import_button = QPushButton("Import…")
        self.import_button.setAccessibleName("Import a playlist file (M3U, PLS, XSPF)")
        self.import_button.setToolTip("Import an M3U, M3U8, PLS or XSPF playlist")
        self.ready_button = QPushButton("Ready-made", objectName="menuButton")
        self.ready_button.setAccessibleName("Restore a ready-made playlist")
        self.ready_button.setToolTip("Bring back a ready-made playlist as it was first made")
        menu = QMenu(self.ready_button)
        for entry in READY_MADE:
            action = menu.addAction(entry.name)
            action.triggered.connect(
                lambda _c=False, key=entry.key: self.restore_requested.emit(key)
            )
        self.ready_button.setMenu(menu)
        for button in (self.new_button, self.import_button, self.ready_button):
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        for button in (self.import_button, self.ready_button):
            button.setProperty("compact", True)  # two side by side in the narrow card
        heading = QLabel("Your playlists", objectName="cardTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 18, 12, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.new_button)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.import_button)
        row.addWidget(self.ready_button)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(self._current_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.import_button.clicked.connect(self.import_requested)
        self._filling = False

    def set_summaries(self, summaries: list[PlaylistSummary], current_id: int | None) -> None:
        """List ``summaries`` and highlight ``current_id`` without re-announcing it."""
        self._filling = True
        try:
            self.list.clear()
            for summary in summaries:
                count = f"{summary.item_count} item{'s' if summary.item_count != 1 else ''}"
                detail = count
                if summary.total_s:
                    detail += f" · {round(summary.total_s / 60)} min"
                item = QListWidgetItem(keep_units(f"{summary.name}\n{detail}"))
                item.setData(ID_ROLE, summary.id)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{summary.name}, {detail}")
                item.setToolTip(summary.name)
                self.list.addItem(item)
                if summary.id == current_id:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False

    def select(self, playlist_id: int | None) -> None:
        """Highlight ``playlist_id`` (quietly)."""
        self._filling = True
        try:
            for row in range(self.list.count()):
                if self.list.item(row).data(ID_ROLE) == playlist_id:
                    self.list.setCurrentRow(row)
                    return
            self.list.setCurrentRow(-1)
        finally:
            self._filling = False

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        # "No current item" only happens while the list is cleared or destroyed; acting on
        # it then would restyle widgets that are being deleted.
        if not self._filling and current is not None:
            self.chosen.emit(current.data(ID_ROLE))
