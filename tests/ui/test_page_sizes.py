"""The note page and the Journal at the two screen sizes people have: 1024x600 and 1920x1080.

At 1024x600 the note page scrolled sideways (its eleven mood buttons did not fit); at
1920x1080 every line and row ran across the whole screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from tests import builders

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


def add_session(companion) -> int:
    return builders.add_session(companion.database, playlist_name="Drift", intention="Be kind",
                                mood_before=3)


@pytest.mark.parametrize("key", ["note", "journal"])
def test_pages_fit_a_small_screen_and_stay_a_column_on_a_wide_one(companion, key):
    sid = add_session(companion)
    window = companion.window
    window.show()
    if key == "note":
        companion.notes.note_page.open_session(sid)
    else:
        window.show_page("journal")
    page = window.page(key)
    scroll = page.findChild(QScrollArea)
    window.resize(1024, 600)
    QApplication.processEvents()
    assert scroll.horizontalScrollBar().maximum() == 0, "the page scrolls sideways"
    window.resize(1920, 1080)
    QApplication.processEvents()
    body = scroll.widget()
    column = max((w for w in body.findChildren(type(body)) if w.parent() is body),
                 key=lambda w: w.width(), default=body)
    assert column.width() <= 1100
    assert abs(column.geometry().center().x() - body.width() / 2) <= 2  # centred


@pytest.mark.parametrize("key", ["prepare", "session", "journal"])
def test_a_banner_on_a_1024x600_screen_scrolls_the_page_instead_of_crushing_it(companion, key):
    """With a top line (the offer to add to a note) every page still fits a 600-px screen.

    A page that cannot shrink makes the window taller than the screen; a window
    manager then squeezes it back and the page's rows overlap (seen under X on Prepare).
    """
    from PySide6.QtWidgets import QLabel

    window = companion.window
    banner = QLabel("Would you like to add to Saturday's note?")
    banner.setMinimumHeight(80)
    window.add_top_line(banner)
    window.show_page(key)
    window.show()
    window.resize(1024, 600)
    QApplication.processEvents()
    assert window.minimumSizeHint().height() <= 600
    assert window.height() == 600
    page = window.page(key)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().maximum() > 0, "nothing to scroll"
    assert scroll.horizontalScrollBar().maximum() == 0, "the page scrolls sideways"
