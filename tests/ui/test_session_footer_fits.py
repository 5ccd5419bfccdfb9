"""Every word of the Session page shows whole, on the small screen too.

At 1024x600 with a 1-minute playlist against a 45-minute infusion, the length
question's two answers did not fit side by side and the row squeezed them: the
buttons read "…hange the playlist on Prepare" and "45 min, it is quiet for the last 4".
With a missing file, the start checks once laid out at a narrow width kept that
height for good: the footer took the whole window and pushed Start and the
rehearsal apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ketacompanion.app import Companion, build
from ketacompanion.core.models import BinauralSegment, EndBehaviour, FileItem, Playlist
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.storage.playlists import PlaylistRepository

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|propagateSizeHints)")

PLAYLISTS = {
    "short": Playlist("One minute", [BinauralSegment(200, 6, 60, label="Theta")],
                      target_minutes=45, end_behaviour=EndBehaviour.SILENCE),
    "runs over": Playlist("Long", [BinauralSegment(200, 6, 56 * 60, label="Theta")],
                          target_minutes=45),
    "beats carry on": Playlist(
        "Half minute", [BinauralSegment(200, 6, 30, label="Theta")], target_minutes=45,
        end_behaviour=EndBehaviour.BED, bed=BinauralSegment(200, 6, 60, label="Bed")),
    "missing": Playlist("Missing", [FileItem(
        "/nowhere/Evening rain over the harbour (long version).flac", duration_s=45 * 60)],
        target_minutes=45),
}


@pytest.fixture
def app(qtbot: QtBot, data_dir: Path) -> Iterator[Companion]:
    companion = build(QApplication.instance(), data_dir, clock=FakeClock())
    qtbot.addWidget(companion.window)
    yield companion
    page = companion.window.built_page("session")
    if page is not None:
        page.stop_preflight()
        page.service.shutdown()
    companion.close()


def show(qtbot: QtBot, companion: Companion, state: str, size: tuple[int, int], theme: str):
    playlist = PlaylistRepository(companion.database).add(PLAYLISTS[state])
    window = companion.window
    window.show()  # at its first size, then made the person's size, as on a laptop
    window.show_page("session")
    page = window.page("session")
    page.choose_playlist(playlist.id)
    page.run_preflight()
    qtbot.waitUntil(lambda: "checking" not in page.preflight.music_line, timeout=10_000)
    window.theme_requested.emit(theme)
    window.resize(*size)
    qtbot.waitUntil(lambda: "checking" not in page.preflight.music_line, timeout=10_000)
    for _ in range(3):
        QApplication.processEvents()
    return page


def words_room(widget: QWidget) -> QRect:
    """Where a widget's words may go: inside its frame and padding, as the style says."""
    if isinstance(widget, QLabel):
        return widget.contentsRect().adjusted(widget.margin(), widget.margin(),
                                              -widget.margin(), -widget.margin())
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(widget, QCheckBox) else
               QStyle.SubElement.SE_RadioButtonContents if isinstance(widget, QRadioButton)
               else QStyle.SubElement.SE_PushButtonContents)
    return widget.style().subElementRect(element, option, widget)


def drawn_lines(widget: QWidget, room: QRect) -> list[str]:
    """The lines the widget draws its text in."""
    text = widget.text()
    if isinstance(widget, QPushButton) and hasattr(widget, "lines"):
        lines = widget.lines()
        assert " ".join(lines).split() == text.split(), (text, lines)  # no word lost
        return lines
    if isinstance(widget, QLabel) and widget.wordWrap():
        # Qt's own rule for a wrapped label's lines (its height is never below its minimum).
        needed = widget.heightForWidth(widget.width())
        assert widget.height() >= needed, (text, widget.height(), needed)
        return text.split()  # each word must fit the width; the height was checked above
    return text.split("\n")


def cut_words(page: QWidget) -> list[str]:
    """Every visible label and button whose words do not fit inside it."""
    cut = []
    for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text().strip():
            continue
        if isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.RichText:
            continue
        room = words_room(widget)
        metrics = QFontMetrics(widget.font())
        try:
            lines = drawn_lines(widget, room)
        except AssertionError as error:
            cut.append(f"{widget.objectName()}: {error}")
            continue
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        tall = len(lines) * metrics.lineSpacing() if not isinstance(widget, QLabel) else 0
        if widest > room.width() or tall > room.height() + metrics.leading():
            cut.append(f"{widget.objectName()} {widget.text()!r}: {widest}x{tall} "
                       f"in {room.width()}x{room.height()}")
    return cut


def overlaps(widgets: list[QWidget], page: QWidget) -> list[str]:
    """Visible siblings in the footer that cover each other."""
    shown = [w for w in widgets if w.isVisible()]
    rects = [(w, QRect(w.mapTo(page, w.rect().topLeft()), w.size())) for w in shown]
    return [f"{a.objectName()} / {b.objectName()}" for i, (a, ra) in enumerate(rects)
            for b, rb in rects[i + 1:] if ra.intersects(rb)]


@pytest.mark.parametrize("theme", ["dark", "dawn"])
@pytest.mark.parametrize("state", ["short", "runs over", "beats carry on"])
def test_the_length_questions_answers_keep_every_word_at_1024x600(
        qtbot: QtBot, app: Companion, state: str, theme: str) -> None:
    page = show(qtbot, app, state, (1024, 600), theme)
    card = page.length_card
    assert card.isVisible()
    assert cut_words(page) == []
    buttons = [card.use_button, card.prepare_button, card.keep_button]
    assert overlaps(buttons + [card.text], page) == []
    for button in buttons:
        if button.isVisible():
            assert button.height() >= button.heightForWidth(button.width())
            right = button.mapTo(page, button.rect().topRight()).x()
            assert right <= page.width(), (button.text(), right)
            # Side by side they would not fit: one under another, each reads on one line.
            assert button.lines() == [button.text()]


def test_an_answer_wider_than_its_room_wraps_whole_words(qtbot: QtBot) -> None:
    from ketacompanion.ui.wrap_button import WrapButton

    button = WrapButton("Keep 45 min, the beats carry on alone for the last 44 min 30 s")
    qtbot.addWidget(button)
    wide = button.sizeHint().width()
    assert button.lines(wide) == [button.text()]
    narrow = wide // 2
    lines = button.lines(narrow)
    assert len(lines) >= 2 and " ".join(lines) == button.text()
    assert button.heightForWidth(narrow) > button.heightForWidth(wide)
    assert button.minimumSizeHint().width() < narrow < wide


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("state", ["short", "beats carry on"])
def test_the_length_question_fits_larger_screens_on_one_line(
        qtbot: QtBot, app: Companion, size: tuple[int, int], state: str) -> None:
    page = show(qtbot, app, state, size, "dark")
    assert cut_words(page) == []
    card = page.length_card
    assert len(card.keep_button.lines()) == 1 and len(card.prepare_button.lines()) == 1
    assert overlaps([card.text, card.prepare_button, card.keep_button], page) == []


@pytest.mark.parametrize("theme", ["dark", "dawn"])
def test_long_start_checks_at_1024x600_leave_start_and_rehearse_together(
        qtbot: QtBot, app: Companion, theme: str) -> None:
    page = show(qtbot, app, "missing", (1024, 600), theme)
    checks = page.preflight
    assert "will not play" in checks.music_line
    assert cut_words(page) == []
    # The checks are as tall as their lines at this width, not as once at a narrower one.
    assert_checks_and_start_together(page)


def test_after_the_length_question_the_checks_and_start_fit_at_1024x600(
        qtbot: QtBot, app: Companion) -> None:
    page = show(qtbot, app, "short", (1024, 600), "dark")
    page.length_card.keep_button.click()  # the checks were laid out while hidden
    for _ in range(3):
        QApplication.processEvents()
    assert page.start_button.isVisible()
    assert cut_words(page) == []
    assert_checks_and_start_together(page)


def assert_checks_and_start_together(page) -> None:
    """The checks are as tall as their lines at their width; Start and Rehearse together."""
    checks = page.preflight
    metrics = QFontMetrics(checks.font())
    room = words_room(checks)
    flags = Qt.TextFlag.TextWordWrap | checks.alignment()
    needed = metrics.boundingRect(QRect(0, 0, room.width(), 100_000), flags,
                                  checks.text()).height()
    assert checks.height() <= needed + 8, (checks.height(), needed)
    start, rehearse = page.start_button, page.rehearse_button
    gap = rehearse.mapTo(page, rehearse.rect().topLeft()).y() - start.mapTo(
        page, start.rect().bottomLeft()).y()
    assert gap <= 20, gap
    assert overlaps([checks, start, rehearse], page) == []
