"""The Session page at the screens people have: 1024x600 and 1920x1080.

At 1920x1080 the form ran across the whole screen with Start at its far edge, the
cards' words touched their frames, and the start checks were in small type; at
1024x600 the checks beside Start were cut at their top and bottom when they ran long.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from ketacompanion.ui.session_cards import ChecklistCard, DuringCard

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|propagateSizeHints)")

SIZES = [(1024, 600), (1100, 700), (1920, 1080)]


def show_session(companion, size):
    window = companion.window
    window.show()
    window.show_page("session")
    window.resize(*size)
    QApplication.processEvents()
    QApplication.processEvents()
    return window.page("session")


def long_checks(page) -> None:
    """The longest the checks get: pieces that will not play and no sound output."""
    checks = page.preflight
    checks.stop()
    checks._show_decoding([  # what the decoding thread reports
        "Evening rain over the harbour (long version).flac could not be read",
        "Second piece.ogg could not be read", "Third piece.mp3 could not be read"])
    checks.sound_line = ("Sound: No sound output was found. Check that your headphones "
                         "are plugged in. The session can still run.")
    checks.awake_line = "Screen stays awake: not here. Set your laptop not to sleep."
    checks._render()
    QApplication.processEvents()
    QApplication.processEvents()


def test_the_setup_is_a_centred_column_on_a_wide_screen(companion):
    page = show_session(companion, (1920, 1080))
    scroll = page.findChild(QScrollArea)
    body = scroll.widget()
    column = max((w for w in body.findChildren(type(body)) if w.parent() is body),
                 key=lambda w: w.width(), default=body)
    assert column.width() <= 1100
    assert abs(column.geometry().center().x() - body.width() / 2) <= 2
    # Start and the checks stand under the column, not at the screen's far edges.
    left = column.mapTo(page, column.rect().topLeft()).x()
    right = column.mapTo(page, column.rect().topRight()).x()
    start = page.start_button
    start_right = start.mapTo(page, start.rect().topRight()).x()
    checks_left = page.preflight.mapTo(page, page.preflight.rect().topLeft()).x()
    assert left <= checks_left and start_right <= right, (left, checks_left, start_right, right)
    assert scroll.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("size", SIZES)
def test_the_start_checks_show_whole_and_readable(companion, size):
    page = show_session(companion, size)
    long_checks(page)
    checks = page.preflight
    assert checks.font().pixelSize() >= 16, "the checks are in small type"
    needed = checks.heightForWidth(checks.width())
    assert checks.height() >= needed, (size, checks.height(), needed)
    assert page.start_button.isVisible() and page.start_button.height() >= 84


@pytest.mark.parametrize("card_type", [DuringCard, ChecklistCard])
def test_the_cards_words_keep_off_their_frame(qtbot, tmp_path, card_type):
    from ketacompanion.settings import user_settings

    card = card_type(user_settings(tmp_path / "settings.json"))
    qtbot.addWidget(card)
    card.resize(900, card.sizeHint().height())
    card.show()
    QApplication.processEvents()
    title = card.findChild(QLabel, "cardTitle")
    assert title.x() >= 24 and title.y() >= 18, (title.x(), title.y())
    last = max(card.children(), key=lambda w: getattr(w, "y", lambda: 0)())
    assert card.height() - (last.y() + last.height()) >= 18


@pytest.mark.parametrize("theme", ["dark", "dawn"])
def test_the_footer_is_one_colour_across_a_wide_screen(companion, theme):
    from PySide6.QtCore import QPoint

    companion.window.theme_requested.emit(theme)
    page = show_session(companion, (1920, 1080))
    footer = page.footer
    image = footer.grab().toImage()
    start = page.start_button.mapTo(footer, QPoint(0, 0))
    outside = image.pixelColor(4, image.height() // 2)  # beyond the column
    inside = image.pixelColor(start.x() - 8, start.y() + 4)  # in the column, beside Start
    assert outside == inside, (theme, outside.name(), inside.name())
