"""On a 1024x600 screen the open playlist's rows stay in view; the page scrolls instead.

The rows took only the height left over by the fit above them: a playlist with fresh
piano (its phases under the bar) that runs over (a two-line sentence) left the table
its header and no row at all, as if the playlist were empty.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from ketacompanion.core.models import FreshPiano, NatureItem, NatureSound, Playlist
from ketacompanion.ui.prepare_page import PreparePage

ROWS = 3  # the least number of whole rows in view


@pytest.mark.parametrize("theme", ["dark", "dawn"])
@pytest.mark.parametrize("size", [(1024, 600), (1280, 800), (1920, 1080)])
def test_three_rows_of_the_playlist_always_show(companion, theme, size):
    window = companion.window
    window.theme_requested.emit(theme)
    window.show()
    window.show_page("prepare")
    page = window.findChild(PreparePage)
    assert page is not None
    items = [FreshPiano(45 * 60.0), NatureItem(NatureSound.RAIN, 135 * 60.0),
             NatureItem(NatureSound.SEA, 20 * 60.0), NatureItem(NatureSound.WIND, 20 * 60.0)]
    page.state.create(Playlist("Fresh piano, then rain, sea and wind", items, 45))
    window.resize(*size)
    QApplication.processEvents()
    table = page.editor.table
    assert page.fit_panel.timeline.phases(), "the phases' band is shown"
    assert page.fit_panel.summary.height() > page.fit_panel.summary.fontMetrics().height() \
        or size != (1024, 600), "the sentence takes two lines"
    whole = sum(1 for row in range(table.model().rowCount())
                if 0 <= table.rowViewportPosition(row)
                and table.rowViewportPosition(row) + table.rowHeight(row)
                <= table.viewport().height())
    assert whole >= ROWS, (size, whole, table.viewport().height())
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0, "the page scrolls sideways"
    assert window.height() == size[1]


@pytest.mark.parametrize("theme", ["dark", "dawn"])
def test_a_one_piece_playlist_fits_a_small_screen_without_scrolling(companion, theme):
    # Room is kept for the rows a playlist has: the first run's fresh piano (one row)
    # still shows whole at 1024x600 with nothing to scroll.
    window = companion.window
    window.theme_requested.emit(theme)
    window.show()
    window.show_page("prepare")
    page = window.findChild(PreparePage)
    assert page is not None and page.editor.model.rowCount() == 1
    window.resize(1024, 600)
    QApplication.processEvents()
    table = page.editor.table
    assert table.rowViewportPosition(0) + table.rowHeight(0) <= table.viewport().height()
    scroll = page.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().maximum() == 0
