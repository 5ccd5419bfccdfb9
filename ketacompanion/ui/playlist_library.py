"""The library list: every playlist with its length, and the buttons that make new ones."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPalette
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
from ketacompanion.core.soundscapes import SOUNDSCAPES
from ketacompanion.storage.playlists import PlaylistSummary

ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # (name, detail) as they are, before wrapping
ITEM_PADDING = 28  # the theme's item padding (10 + 10) and a little air
# A number and its unit never part at a line's end ("45" / "min" read as two things).
_NUMBER_AND_UNIT = re.compile(r"(\d) +(min|s|h|Hz)\b")


def wrap_name(text: str, metrics: QFontMetrics, width: int, max_lines: int = 3) -> str:
    """``text`` in lines no wider than ``width``, broken at spaces; a number keeps its unit.

    The list breaks its names itself: a list view did not wrap them again when its
    width changed (a scroll bar coming), and it left "min" alone on a line. A name
    longer than ``max_lines`` ends its last line in "…", and a word wider than the
    list ends in "…" too (the item's tooltip holds the whole name).
    """
    words = _NUMBER_AND_UNIT.sub("\\1\u00a0\\2", text).split(" ")
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if current and metrics.horizontalAdvance(trial) > width:
            lines.append(current)
            current = word
            if len(lines) == max_lines - 1:  # the last line takes the rest, shortened
                current = " ".join(words[index:])
                break
        else:
            current = trial
    lines.append(current)
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
                     .replace("\u00a0", " ") for line in lines)


class PlaylistLibrary(QFrame):
    """A card listing playlists; choosing one opens it in the editor.

    Signals:
        chosen(object): The id (int) of the playlist chosen.
        new_requested: "New playlist" was pressed.
        import_requested: "Import…" was pressed.
        restore_requested(str): A ready-made playlist key to put back.
        sound_requested(str): A soundscape key (:mod:`ketacompanion.core.soundscapes`)
            to make a playlist of, for the session's length.
    """

    chosen = Signal(object)
    new_requested = Signal()
    import_requested = Signal()
    restore_requested = Signal(str)
    sound_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.list = QListWidget(objectName="playlistList")
        # Its viewport made here, as Qt makes it: the one Qt made, first reached from
        # Python, would have PySide6 load every widget class to name it (6 ms a start).
        viewport = QWidget(objectName="qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.list.setViewport(viewport)
        self.list.setAccessibleName("Your playlists")
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.viewport().installEventFilter(self)  # names are wrapped to its width
        self._wrapped_at = -1
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
        self.sound_button = QPushButton("Sound for this session", objectName="menuButton")
        self.sound_button.setAccessibleName("Make a playlist of one sound for this session")
        self.sound_button.setToolTip("Beats, rain, sea, wind, your own music or silence, "
                                     "made to the session's length")
        sounds = QMenu(self.sound_button)
        for sound in SOUNDSCAPES:
            action = sounds.addAction(sound.name)
            action.setToolTip(sound.description)
            action.triggered.connect(
                lambda _c=False, key=sound.key: self.sound_requested.emit(key)
            )
        self.sound_button.setMenu(sounds)
        for button in (self.new_button, self.sound_button, self.import_button,
                       self.ready_button):
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
        layout.addWidget(self.sound_button)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.import_button)
        row.addWidget(self.ready_button)
        layout.addLayout(row)
        QWidget.setTabOrder(self.new_button, self.sound_button)  # in reading order
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
                item = QListWidgetItem()
                item.setData(NAME_ROLE, (summary.name, detail))
                self._show_name(item)
                item.setData(ID_ROLE, summary.id)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{summary.name}, {detail}")
                item.setToolTip(summary.name)
                self.list.addItem(item)
                if summary.id == current_id:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Wrap the names again when the list's inner width changes."""
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            if self.list.viewport().width() != self._wrapped_at:
                for row in range(self.list.count()):
                    self._show_name(self.list.item(row))
        return False

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

    def _show_name(self, item: QListWidgetItem) -> None:
        name, detail = item.data(NAME_ROLE)
        self._wrapped_at = self.list.viewport().width()
        # The room an item's words have: the list's inner width less the item's padding.
        width = max(80, self._wrapped_at - ITEM_PADDING)
        item.setText(f"{wrap_name(name, self.list.fontMetrics(), width)}\n{detail}")

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        # "No current item" only happens while the list is cleared or destroyed; acting on
        # it then would restyle widgets that are being deleted.
        if not self._filling and current is not None:
            self.chosen.emit(current.data(ID_ROLE))
