"""A landing page's first frame, kept as plain data and built again with no app code.

The start-up goal compares the app with a bare PySide6 window, which shows no
widget and draws no text (so it never even loads a font). Part of the app's ratio
is therefore what the person sees, not how the app builds it. To tell the two
apart, the app's first finished frame is written down (each widget's Qt class,
parent, name, properties, texts, items and place) and a program with none of the
app's code builds the same widgets, with the same theme, and shows them: the
least any program could pay for this frame on this stack.

The copy is a lower bound: it places each widget where the app's layouts put it
instead of laying it out, and it fills lists and tables from plain text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTextEdit,
    QWidget,
)

ROWS_KEPT = 60  # a list or table shows fewer rows than this in its first frame
VIEWPORT = "qt_scrollarea_viewport"


def snapshot(window: QWidget) -> dict[str, Any]:
    """The window's widget tree as JSON-ready data, with the application's style sheet."""
    widgets: list[dict[str, Any]] = []
    _walk(window, None, widgets)
    app = QApplication.instance()
    sheet = app.styleSheet() if isinstance(app, QApplication) else ""
    app_modules = sorted(name for name in sys.modules if name.startswith("ketacompanion"))
    return {"qss": sheet, "title": window.windowTitle(), "widgets": widgets,
            "app_modules": app_modules}


def write_at_first_frame(out: Path, marker: type | None = None) -> None:
    """Make the first-frame marker write the window's tree to ``out`` before it reports.

    Args:
        out: Where the JSON goes.
        marker: The marker class to change (default: the app's ``FirstFinishedFrame``).
    """
    if marker is None:
        from ketacompanion.first_frame import FirstFinishedFrame as marker
    report = marker._report

    def write_then_report(watcher: Any) -> None:
        out.write_text(json.dumps(snapshot(watcher._window)), encoding="utf-8")
        report(watcher)

    marker._report = write_then_report


def rebuild(tree: dict[str, Any]) -> QWidget:
    """The same widgets as ``tree``, built with plain PySide6; returns the window."""
    made: dict[int, QWidget] = {}
    rows = tree["widgets"]
    for row in rows:
        parent = made.get(row["parent"]) if row["parent"] is not None else None
        if row["parent"] is not None and parent is None:
            continue  # inside a widget Qt makes itself (scroll bars, headers)
        if row["name"] == VIEWPORT and isinstance(parent, QAbstractScrollArea):
            made[row["index"]] = parent.viewport()
            continue
        if row["name"].startswith("qt_") or row["cls"] in ("QScrollBar", "QHeaderView"):
            continue
        widget = _make(row, parent)
        _place(widget, row, parent, rows)
        made[row["index"]] = widget
    window = made[0]
    window.setWindowTitle(tree["title"])
    return window


def _walk(widget: QWidget, parent: int | None, out: list[dict[str, Any]]) -> None:
    row: dict[str, Any] = {
        "index": len(out), "parent": parent, "cls": _qt_class(widget),
        "name": widget.objectName(), "visible": widget.isVisible(), "hidden": widget.isHidden(),
        "geometry": [widget.x(), widget.y(), widget.width(), widget.height()],
        "properties": _properties(widget),
    }
    if isinstance(widget, QLabel):
        row.update(text=widget.text(), wrap=widget.wordWrap())
    elif isinstance(widget, QAbstractButton):
        row.update(text=widget.text(), checkable=widget.isCheckable(), checked=widget.isChecked())
    elif isinstance(widget, QLineEdit):
        row.update(text=widget.text(), placeholder=widget.placeholderText())
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        row.update(text=widget.toPlainText())
    elif isinstance(widget, QComboBox):
        row.update(items=[widget.itemText(i) for i in range(widget.count())])
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        row.update(rows=_model_rows(widget))
    if isinstance(widget, QTableView):
        row.update(headers=[widget.horizontalHeader().isHidden(),
                            widget.verticalHeader().isHidden()])
    out.append(row)
    for child in widget.children():
        if isinstance(child, QWidget) and not child.isWindow():
            _walk(child, row["index"], out)


def _qt_class(widget: QWidget) -> str:
    """The nearest Qt class (an app's subclass is built as the Qt class it extends)."""
    return next(c.__name__ for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))


def _properties(widget: QWidget) -> dict[str, Any]:
    """Dynamic properties a style sheet may select on (plain values only)."""
    found = {}
    for raw in widget.dynamicPropertyNames():
        name = bytes(raw).decode()
        try:
            value = widget.property(name)
        except RuntimeError:  # a C++ type Python cannot hold; no selector uses it
            continue
        if isinstance(value, str | int | float | bool):
            found[name] = value
    return found


def _model_rows(view: QAbstractItemView) -> list[list[str]]:
    model, top = view.model(), QModelIndex()
    columns = model.columnCount(top) if isinstance(view, QTableView) else 1
    count = min(model.rowCount(top), ROWS_KEPT)
    return [[str(model.index(r, c).data() or "") for c in range(columns)] for r in range(count)]


def _make(row: dict[str, Any], parent: QWidget | None) -> QWidget:
    widget: Any = getattr(QtWidgets, row["cls"])(parent)
    if row["name"]:
        widget.setObjectName(row["name"])
    for name, value in row["properties"].items():
        widget.setProperty(name, value)
    if "text" in row:
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            widget.setPlainText(row["text"])
        else:
            widget.setText(row["text"])
    if row.get("wrap"):
        widget.setWordWrap(True)
    if row.get("checkable"):
        widget.setCheckable(True)
        widget.setChecked(row["checked"])
    if row.get("placeholder"):
        widget.setPlaceholderText(row["placeholder"])
    if "items" in row:
        widget.addItems(row["items"])
    if "rows" in row and isinstance(widget, QListWidget):
        widget.addItems([cells[0] for cells in row["rows"]])
    elif "rows" in row and isinstance(widget, QAbstractItemView):
        model = QStandardItemModel(widget)
        for cells in row["rows"]:
            model.appendRow([QStandardItem(text) for text in cells])
        widget.setModel(model)
    if "headers" in row:
        widget.horizontalHeader().setHidden(row["headers"][0])
        widget.verticalHeader().setHidden(row["headers"][1])
    return widget


def _place(widget: QWidget, row: dict[str, Any], parent: QWidget | None,
           rows: list[dict[str, Any]]) -> None:
    x, y, width, height = row["geometry"]
    if parent is None:
        widget.resize(width, height)
        return
    if isinstance(parent, QMainWindow) and type(widget) is QWidget:
        parent.setCentralWidget(widget)
    elif isinstance(parent, QStackedWidget):
        parent.addWidget(widget)
        if row["visible"]:
            parent.setCurrentWidget(widget)
    elif rows[row["parent"]]["name"] == VIEWPORT:
        scroller = parent.parentWidget()
        if isinstance(scroller, QScrollArea):
            scroller.setWidget(widget)
    widget.setGeometry(x, y, width, height)
    if row["hidden"]:
        widget.hide()


def dump_program(root: Path) -> str:
    """Python source that runs the app, writing its first frame's tree to ``argv[1]``."""
    return (f"import sys\nsys.path.insert(0, {str(root)!r})\n"
            "from pathlib import Path\n"
            "from benchmarks.widget_tree import write_at_first_frame\n"
            "write_at_first_frame(Path(sys.argv[1]))\n"
            "from ketacompanion.__main__ import main\n"
            "sys.exit(main(sys.argv[2:]))\n")


def replay_program(marker_source: str, root: Path) -> str:
    """Python source showing the tree in ``argv[1]`` with no app code, timed by the marker.

    With ``argv[2]``, the copy's own first frame is written there (to check the copy).
    It touches Qt's enums once, as any program on this stack does (PySide6 then makes
    its ``Qt`` namespace's enum classes: a fixed cost the bare window does not pay).
    """
    return marker_source + f"""
import json
import sys
sys.path.insert(0, {str(root)!r})
from pathlib import Path
from PySide6.QtCore import Qt
ALIGN = Qt.AlignmentFlag.AlignLeft  # any app reads an enum: PySide6 makes Qt's classes
from PySide6.QtWidgets import QApplication
from benchmarks.widget_tree import rebuild, write_at_first_frame

tree = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
app = QApplication(sys.argv[:1])
app.setStyleSheet(tree["qss"])
window = rebuild(tree)
if len(sys.argv) > 2:
    write_at_first_frame(Path(sys.argv[2]), FirstFinishedFrame)
watcher = FirstFinishedFrame(window)
window.show()
app.exec()
"""


if __name__ == "__main__":  # pragma: no cover - a look by hand: widgets per class
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(len(data["widgets"]), "widgets,", sum(w["visible"] for w in data["widgets"]), "shown")
