"""Opening and editing long playlists on the Prepare page (goal: the table opens in <= 300 ms).

The real app is built offscreen around a data folder holding playlists of 100,
1,000 and 10,000 tracks (real files, so each row's file check is a real stat).
Opening one is timed from the library's choice to the finished repaint of the
window; its baseline is a bare QTableView over a plain Python model, reading
the same rows from the same SQLite file and repainting the same window size,
pair by pair. Adding one track (an undoable edit, saved) is timed too, against
the bare table taking one more row and a SQLite insert.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, alternate, load_note

OPEN_MS = 300.0
EDIT_MS = 300.0
SIZES = (100, 1000, 10000)


def run(quick: bool = False) -> list[str]:
    """Lines to print: per size, opening and one edit, against the bare table."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ketacompanion.app import build
    from ketacompanion.core.models import FileItem, Playlist

    pairs = 3 if quick else 7
    sizes = (1000, 10000) if quick else SIZES
    app = QApplication.instance() or QApplication(sys.argv[:1])
    lines = [f"{pairs} pairs per size, alternating; offscreen, 1100x720; {load_note()}"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        music = root / "music"
        music.mkdir()
        for n in range(max(sizes)):
            (music / f"{n:05d}.ogg").write_bytes(b"O")
        companion = build(app, root / "data")
        try:
            window = companion.window
            window.resize(1100, 720)
            window.show_page("prepare")
            window.show()
            app.processEvents()
            state = window.page("prepare").state
            small = state.repo.add(Playlist("Small", [FileItem(str(music / "00000.ogg"))]))
            bare = _BareTable(app, root / "data" / "ketacompanion.sqlite3")
            for size in sizes:
                items = [FileItem(str(music / f"{n:05d}.ogg"), f"Piece {n}", "Someone",
                                  180.0 + n % 90) for n in range(size)]
                big = state.repo.add(Playlist(f"Long {size}", items))

                def open_big(big: Playlist = big) -> float:
                    state.open(small.id)
                    window.repaint()
                    app.processEvents()
                    return _timed(lambda: (state.open(big.id), window.repaint(),
                                           app.processEvents()))

                def bare_open(big: Playlist = big) -> float:
                    bare.load(None)
                    return _timed(lambda: bare.load(big.id))

                figure = alternate(pairs, open_big, bare_open, Figure(
                    f"open a {size:6,d}-track playlist / bare table", None))
                lines.append(figure.line())
                lines.append(_verdict("   open", figure, OPEN_MS))

                def add_one(size: int = size) -> float:
                    current = state.current()
                    current.items = [*current.items[: size // 2], FileItem(str(music / "x.ogg")),
                                     *current.items[size // 2:]]
                    return _timed(lambda: (state.edit(current, "add"), window.repaint(),
                                           app.processEvents()))

                figure = alternate(pairs, add_one, lambda: _timed(bare.add_one), Figure(
                    f"add one track to {size:6,d} and save / bare table", None))
                lines.append(figure.line())
                lines.append(_verdict("   add one", figure, EDIT_MS))
            bare.close()
        finally:
            companion.close()
    return lines


def _verdict(name: str, figure: Figure, goal_ms: float) -> str:
    times = [mine * 1000 for mine, _ in figure.pairs or []]
    mid = sorted(times)[len(times) // 2]
    verdict = "MET" if mid <= goal_ms else "MISSED"
    return (f"{name} {mid:.0f} ms (spread {min(times):.0f}-{max(times):.0f}): {verdict} "
            f"(goal <= {goal_ms:.0f} ms)")


class _BareTable:
    """The least a table of a stored playlist can be: rows from SQLite into a QTableView."""

    def __init__(self, app, database: Path) -> None:
        from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
        from PySide6.QtWidgets import QTableView

        class Model(QAbstractTableModel):
            rows: list[tuple] = []

            def rowCount(self, parent=QModelIndex()):  # noqa: B008
                return len(self.rows)

            def columnCount(self, parent=QModelIndex()):  # noqa: B008
                return 3

            def data(self, index, role=Qt.ItemDataRole.DisplayRole):
                if role == Qt.ItemDataRole.DisplayRole:
                    return str(self.rows[index.row()][index.column()])
                return None

        self._app = app
        self._conn = sqlite3.connect(database)
        self._model = Model()
        self._view = QTableView()
        self._view.setModel(self._model)
        self._view.resize(1100, 720)
        self._view.show()
        self._id: int | None = None

    def load(self, playlist_id: int | None) -> None:
        self._id = playlist_id
        self._model.beginResetModel()
        self._model.rows = [] if playlist_id is None else self._conn.execute(
            "SELECT title, artist, duration_s FROM playlist_items WHERE playlist_id = ? "
            "ORDER BY position", (playlist_id,)).fetchall()
        self._model.endResetModel()
        self._view.repaint()
        self._app.processEvents()

    def add_one(self) -> None:
        with self._conn:
            self._conn.execute(
                "INSERT INTO playlist_items (playlist_id, position, kind, path) "
                "VALUES (?, -1, 'file', 'x.ogg')", (self._id,))
        middle = len(self._model.rows) // 2
        self._model.beginInsertRows(self._view.rootIndex(), middle, middle)
        self._model.rows.insert(middle, ("x", "", 0.0))
        self._model.endInsertRows()
        self._view.repaint()
        self._app.processEvents()

    def close(self) -> None:
        self._conn.close()
        self._view.close()


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
