"""Long names on the Prepare page: shortened with "…" where they must be, never cut, never lost.

On a 1024-px screen the open playlist's name was cut mid-letter under Export, and the
beats' preset ("Settle 10 → 6 Hz") lost its "Hz" with no sign that anything was
missing. Each check reads the real widgets: what a widget shows fits it, ends in
"…" when it is shortened, and the whole name is its tooltip and its accessible name.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from ketacompanion.core.models import Playlist, SilenceItem
from ketacompanion.core.presets import PRESETS
from ketacompanion.ui.prepare_page import PreparePage
from tests.ui.test_prepare_look import shown_lines

SIZES = [(1024, 600), (1280, 800)]
# Under the library's 120 characters; one with spaces, one that is a single long word.
LONG = ("A very long playlist name for the gentle Sunday morning infusion with rain, "
        "piano and the slow theta beats")
ONE_WORD = "Sonntagmorgeninfusionsmusikzusammenstellung_mit_Regen_und_Klavier"


@pytest.fixture(params=["dark", "dawn"])
def page(companion, request) -> PreparePage:
    window = companion.window
    window.theme_requested.emit(request.param)
    window.show()
    window.show_page("prepare")
    found = window.findChild(PreparePage)
    assert found is not None
    return found


def _open(page: PreparePage, name: str) -> Playlist:
    """Make and open a playlist called ``name`` with the beats underneath."""
    page.state.create(Playlist(name, [SilenceItem(3 * 3600.0)], 45,
                               bed=PRESETS[0].segment(45)))
    opened = page.state.current()
    assert opened is not None and opened.name == name
    return opened


def _shown(widget: QWidget) -> str:
    """The text a widget paints: a plain QLabel or QComboBox paints its whole text."""
    shown = getattr(widget, "shown_text", None)
    if shown is not None:
        return shown()
    return widget.currentText() if isinstance(widget, QComboBox) else widget.text()


def _room(widget: QWidget) -> int:
    """The width a widget has for its text."""
    if isinstance(widget, QComboBox):
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                              QStyle.SubControl.SC_ComboBoxEditField, widget)
        return field.width() - 2  # its label is drawn a pixel inside the field each side
    return widget.contentsRect().width() - 2 * widget.margin()


def _check_fits(widget: QWidget, full: str, where: object) -> None:
    shown = _shown(widget)
    width = widget.fontMetrics().horizontalAdvance(shown)
    assert width <= _room(widget), (where, shown, width, _room(widget))
    if shown != full:  # shortened: says so, and the whole name is a hover away
        assert shown.endswith("…") and full.startswith(shown[:-1].rstrip()), (where, shown)
        assert widget.toolTip() == full, (where, widget.toolTip())


def _apart(widgets: list[QWidget], where: object) -> None:
    """No two of ``widgets`` (those shown) overlap in the window."""
    shown = [w for w in widgets if w.isVisible()]
    rects = [QRect(w.mapTo(w.window(), w.rect().topLeft()), w.size()) for w in shown]
    for i, rect in enumerate(rects):
        for j in range(i):
            assert not rect.intersects(rects[j]), (where, shown[i].objectName() or shown[i],
                                                   shown[j].objectName() or shown[j])


@pytest.mark.parametrize("name", [LONG, ONE_WORD], ids=["words", "one word"])
@pytest.mark.parametrize("size", SIZES)
def test_the_open_playlists_long_name_is_elided_and_whole_on_hover(page, size, name):
    _open(page, name)
    page.window().resize(*size)
    QApplication.processEvents()
    label = page.name_label
    _check_fits(label, name, size)
    assert _shown(label) != name  # far too long for either window: it is shortened
    assert label.toolTip() == name and label.accessibleName() == name
    _apart([label, page.export_button, page.more_button], size)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the list opens
@pytest.mark.parametrize("size", SIZES)
def test_every_beats_preset_shows_whole_or_elided_with_its_name_on_hover(page, size, qtbot):
    _open(page, "Beats")
    page.window().resize(*size)
    QApplication.processEvents()
    panel = page.fit_panel
    combo = panel.bed_preset
    assert combo.isEnabled()
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        QApplication.processEvents()
        _check_fits(combo, combo.itemText(index), (size, combo.itemText(index)))
    # The list that opens shows every name whole (with the items' padding around it).
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    widest = max(view.fontMetrics().horizontalAdvance(combo.itemText(i))
                 for i in range(combo.count()))
    opens = view.viewport().width()
    combo.hidePopup()
    assert opens >= widest + 2 * 10, (size, opens, widest)
    _apart([panel.bed, combo, panel.bed_level_label, panel.bed_level], size)
    _apart([panel.ending, panel.blend], size)


@pytest.mark.parametrize("name", [LONG, ONE_WORD], ids=["words", "one word"])
@pytest.mark.parametrize("size", SIZES)
def test_a_long_name_in_the_library_fits_in_a_few_lines(page, size, name):
    _open(page, name)
    page.window().resize(*size)
    QApplication.processEvents()
    view = page.library.list
    row = next(r for r in range(view.count()) if view.item(r).toolTip() == name)
    item = view.item(row)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).startswith(f"{name}, ")
    rect = view.visualRect(view.model().index(row, 0))
    room = rect.width() - 20  # the theme's item padding, 10 px each side
    lines = shown_lines(view, row)
    metrics = view.fontMetrics()
    too_wide = [line for line in lines if metrics.horizontalAdvance(line) > room]
    assert not too_wide, (size, too_wide, room)
    *name_lines, detail = lines
    assert detail.startswith("1 item"), lines
    # A name takes at most three lines; a longer one ends its third in "…".
    assert len(name_lines) <= 3, lines
    assert name_lines[-1].endswith("…"), lines


def test_a_drop_downs_words_reach_its_arrow(page):
    # The padding and the arrow's room were both kept clear: 30 px of blank before the
    # arrow, where "Settle 10 → 6 Hz" would have fitted whole.
    _open(page, "Beats")
    page.window().resize(1024, 600)
    QApplication.processEvents()
    panel = page.fit_panel
    for combo in (panel.ending, panel.blend, panel.bed_preset):
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        style = combo.style()
        field = style.subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                     QStyle.SubControl.SC_ComboBoxEditField, combo)
        arrow = style.subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                     QStyle.SubControl.SC_ComboBoxArrow, combo)
        assert 0 <= arrow.left() - field.right() <= 10, (combo.objectName(), field, arrow)


@pytest.mark.parametrize("size", SIZES)
def test_the_session_pages_playlist_box_shortens_a_long_name_too(page, size):
    # The playlist prepared here is chosen there: the same name, shown the same way.
    playlist = _open(page, LONG)
    window = page.window()
    window.show_page("session")
    window.resize(*size)
    QApplication.processEvents()
    box = window.page("session").playlist_box
    box.setCurrentIndex(box.findData(playlist.id))
    QApplication.processEvents()
    _check_fits(box, LONG, size)
    assert _shown(box) != LONG and box.toolTip() == LONG
