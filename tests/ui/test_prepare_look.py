"""What a new user tripped over on the Prepare page: a slider with no word, a lonely "min"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QStyleOptionViewItem

from ketacompanion.ui.prepare_page import PreparePage

UNITS = {"min", "s", "h", "Hz"}


@pytest.fixture
def page(companion) -> PreparePage:
    companion.window.show()
    companion.window.show_page("prepare")
    found = companion.window.findChild(PreparePage)
    assert found is not None
    return found


def test_the_beats_level_slider_has_a_word_beside_it(page, qtbot):
    slider = page.fit_panel.bed_level
    labels = [label for label in page.findChildren(QLabel) if label.buddy() is slider]
    assert len(labels) == 1, "the slider beside 'Beats underneath' has no label"
    label = labels[0]
    assert label.isVisible() and label.text().replace("&", "").strip()
    # Beside it, on its row, before it.
    assert abs(label.geometry().center().y() - slider.geometry().center().y()) <= 4
    assert label.geometry().right() < slider.geometry().left()
    # It reads as off when the slider is off (no beats), and on when it is on.
    playlist = page.state.current()
    assert playlist is not None and playlist.bed is None
    assert not slider.isEnabled() and not label.isEnabled()
    qtbot.mouseClick(page.fit_panel.bed, Qt.MouseButton.LeftButton)
    assert slider.isEnabled() and label.isEnabled()


def shown_lines(view, row: int) -> list[str]:
    """The lines an item's text is drawn in, wrapped as the view's style wraps it."""
    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    view.itemDelegate().initStyleOption(option, index)
    option.rect = view.visualRect(index)
    text_rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    layout = QTextLayout(option.text.replace("\n", "\u2028"), option.font)
    text_option = QTextOption()
    text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(text_option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(text_rect.width() - 2 * margin)
        lines.append(option.text[line.textStart(): line.textStart() + line.textLength()])
    layout.endLayout()
    return [line.replace("\u2028", "").replace("\n", "").strip() for line in lines]


@pytest.mark.parametrize("size", [(1024, 600), (1100, 700), (1920, 1080)])
def test_no_unit_is_left_alone_on_a_line_in_the_playlist_list(page, size):
    page.window().resize(*size)
    QApplication.processEvents()
    view = page.library.list
    for row in range(view.count()):
        lines = shown_lines(view, row)
        assert not UNITS & set(lines), (size, lines)


@pytest.mark.parametrize("size", [(1024, 600), (1100, 700)])
def test_every_button_and_label_shows_whole_on_a_small_screen(page, size):
    # At 1024x600, "Session length", "Preview" and "Remove" were cut to "Session ler",
    # "Previe" and "Remove" without its first letter.
    from PySide6.QtWidgets import QAbstractButton

    page.window().resize(*size)
    QApplication.processEvents()
    squeezed = []
    for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel):
        if not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or widget.minimumWidth() == 0
                                           and widget.sizePolicy().horizontalPolicy().name
                                           == "Ignored"):
            continue  # wraps or elides by design
        # Its words, and for a button a little room on each side of them.
        words = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
        need = words + (16 if isinstance(widget, QAbstractButton) else 0)
        if widget.width() < need:
            squeezed.append((widget.text(), widget.width(), need))
    assert not squeezed, (size, squeezed)


def test_column_titles_line_up_with_their_cells(page):
    # "Title" sat centred over a wide column of left-aligned titles.
    model = page.editor.model
    assert model.rowCount() > 0
    for column in range(model.columnCount()):
        cell = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
        head = model.headerData(column, Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.TextAlignmentRole)
        right = Qt.AlignmentFlag.AlignRight
        cell_right = cell is not None and bool(Qt.AlignmentFlag(int(cell)) & right)
        assert head is not None
        assert bool(Qt.AlignmentFlag(int(head)) & right) == cell_right, column


def test_the_playlist_list_wraps_again_when_the_window_narrows(page, qtbot):
    view = page.library.list

    def widest() -> int:
        return max(view.visualRect(view.model().index(r, 0)).right()
                   for r in range(view.count()))

    for size in [(1920, 1080), (1024, 600), (1920, 1080), (1100, 700)]:
        page.window().resize(*size)
        QApplication.processEvents()
        # The view lays its items out again a moment after a resize.
        qtbot.waitUntil(lambda: widest() < view.viewport().width(), timeout=2000)
        assert view.horizontalScrollBar().maximum() == 0, size
    lines = shown_lines(view, next(r for r in range(view.count())
                                   if "theta - 45" in view.item(r).text().replace("\n", " ")))
    assert len(lines) == 3 and not UNITS & set(lines), lines


def test_the_beats_level_slider_is_short_but_not_tiny(page):
    slider = page.fit_panel.bed_level
    for size, least in [((1024, 600), 60), ((1100, 700), 100), ((1920, 1080), 240)]:
        page.window().resize(*size)
        QApplication.processEvents()
        assert least <= slider.width() <= 240, (size, slider.width())
