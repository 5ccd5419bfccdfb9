"""The Prepare page's playlist table is no keyboard trap: Tab leaves it, Shift+Tab comes back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from ketacompanion.app import Companion
from ketacompanion.core.models import SilenceItem
from ketacompanion.ui.prepare_page import PreparePage


def _table_with_rows(companion: Companion, qtbot) -> QTableView:
    page = companion.window.findChild(PreparePage)
    page.new_playlist()
    page.editor.insert_items([SilenceItem(60), SilenceItem(120), SilenceItem(180)], None, "add")
    companion.window.show()
    companion.window.show_page("prepare")
    companion.window.activateWindow()
    table = page.findChild(QTableView, "playlistTable")
    assert table.model().rowCount() == 3
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(0, 0))
    return table


def test_tab_leaves_the_playlist_table_and_shift_tab_comes_back(qtbot, companion):
    table = _table_with_rows(companion, qtbot)
    # Qt's default walked Tab through every cell and round again, never leaving.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after is not None and after is not table
    qtbot.keyClick(after, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() not in (None, table, after)


def test_arrow_keys_still_move_between_rows(qtbot, companion):
    table = _table_with_rows(companion, qtbot)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1 and table.hasFocus()
