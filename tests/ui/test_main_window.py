from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QApplication, QStackedWidget, QWidget

from ketacompanion.app import build
from ketacompanion.paths import assets_dir


def _nav_button(window, title: str) -> QAbstractButton:
    for button in window.findChildren(QAbstractButton, "navButton"):
        if button.text().replace("&", "") == title:
            return button
    raise AssertionError(f"no nav button {title}")


def test_starts_with_three_pages_and_quits_cleanly(qtbot, companion):
    window = companion.window
    window.show()
    qtbot.waitExposed(window)
    assert window.page_keys() == ["prepare", "session", "journal", "note"]
    assert window.current_page() == "prepare"
    assert window.isVisible()
    window.close()
    assert not window.isVisible()


def test_pages_reachable_by_mouse(qtbot, companion):
    window = companion.window
    window.show()
    qtbot.mouseClick(_nav_button(window, "Journal"), Qt.MouseButton.LeftButton)
    assert window.current_page() == "journal"
    qtbot.mouseClick(_nav_button(window, "Session"), Qt.MouseButton.LeftButton)
    assert window.current_page() == "session"


def test_pages_reachable_by_keyboard(qtbot, companion):
    window = companion.window
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "journal"
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "session"
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    # A mnemonic "animates" the click, so the page changes a moment later.
    qtbot.waitUntil(lambda: window.current_page() == "prepare", timeout=1000)


def test_session_empty_state_leads_to_prepare(qtbot, companion):
    window = companion.window
    window.show_page("session")
    buttons = [b for b in window.findChildren(QAbstractButton) if b.text() == "Prepare a playlist"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert window.current_page() == "prepare"


def test_every_interactive_control_has_an_accessible_name(companion):
    for widget in companion.window.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and isinstance(widget, QAbstractButton):
            assert widget.accessibleName(), f"{widget.objectName()} has no accessibleName"


def test_theme_switch_applies_qss_and_is_remembered(qtbot, data_dir: Path):
    app = QApplication.instance()
    first = build(app, data_dir)
    theme_button = first.window.findChild(QAbstractButton, "themeButton")
    assert theme_button.text() == "Dawn theme"
    qtbot.mouseClick(theme_button, Qt.MouseButton.LeftButton)
    themes = assets_dir() / "themes"
    dawn = (themes / "dawn.qss").read_text(encoding="utf-8").replace(
        "@THEMES@", themes.resolve().as_posix()
    )
    assert "check-dawn.svg" in dawn and (themes / "check-dawn.svg").is_file()
    assert app.styleSheet() == dawn
    assert theme_button.text() == "Night theme"
    first.close()
    second = build(app, data_dir)
    try:
        assert second.settings.get("theme") == "dawn"
        assert app.styleSheet() == dawn
    finally:
        second.close()
        app.setStyleSheet("")


def test_geometry_and_last_page_remembered_apart_from_settings(qtbot, data_dir: Path):
    app = QApplication.instance()
    first = build(app, data_dir)
    first.window.show()
    qtbot.waitExposed(first.window)
    first.window.resize(780, 560)
    first.window.show_page("journal")
    first.close()
    assert (data_dir / "window-state.json").exists()
    assert "journal" not in (data_dir / "settings.json").read_text() if (
        data_dir / "settings.json"
    ).exists() else True
    second = build(app, data_dir)
    try:
        assert second.window.current_page() == "journal"
        assert (second.window.width(), second.window.height()) == (780, 560)
    finally:
        second.close()


def test_exception_in_slot_is_logged_and_shown_quietly(qtbot, companion):
    window = companion.window
    window.show()

    def broken_slot() -> None:
        raise RuntimeError("a bug in a slot")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=2000)
    assert "carry on" in window.notice.text()
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = (companion.paths.logs / "ketacompanion.log").read_text()
    assert "RuntimeError: a bug in a slot" in log_text
    # The app carries on: navigation still works.
    window.show_page("journal")
    assert window.current_page() == "journal"


class _Page(QWidget):
    navigate = Signal(str)


def test_a_page_outside_the_sidebar_can_be_shown(qtbot, data_dir):
    from ketacompanion.settings import window_state
    from ketacompanion.ui.main_window import MainWindow, PageSpec

    data_dir.mkdir()
    pages = [PageSpec("prepare", "Prepare", _Page), PageSpec("note", "Note", _Page, False)]
    window = MainWindow(pages, window_state(data_dir / "w.json"), "dark")
    qtbot.addWidget(window)
    assert len(window.findChildren(QAbstractButton, "navButton")) == 1
    window.show_page("note")
    assert window.current_page() == "note"
    assert window.findChild(QAbstractButton, "navButton").isChecked() is False
    # A page outside the sidebar is not reopened at the next start.
    assert window_state(data_dir / "w.json").get("last_page") == "prepare"


def test_closing_closes_the_database_even_if_saving_the_note_fails(qtbot, data_dir, monkeypatch):
    import sqlite3

    app = QApplication.instance()
    companion = build(app, data_dir)

    def broken() -> None:
        raise RuntimeError("note could not be committed")

    monkeypatch.setattr(companion.notes, "close", broken)
    companion.close()
    with pytest.raises(sqlite3.ProgrammingError):
        companion.database.connection.execute("SELECT 1")


def test_minimising_the_window_does_not_leave_the_note(qtbot, companion, monkeypatch):
    window = companion.window
    window.show()
    qtbot.waitExposed(window)
    window.show_page("note")
    left: list[bool] = []
    monkeypatch.setattr(companion.notes.note_page, "leave", lambda: left.append(True))
    window.showMinimized()  # the window system hides the page: spontaneous
    qtbot.waitUntil(window.isMinimized, timeout=2000)
    QApplication.processEvents()  # the hide events the minimising posted, all delivered
    assert left == []
    window.showNormal()
    window.show_page("journal")  # the person leaves the note: not spontaneous
    assert left == [True]


def test_every_widget_the_pages_make_belongs_to_the_window(qtbot, data_dir):
    # A parentless widget is a Python-owned top-level window that the garbage collector
    # may free at any later moment, even while Qt walks every widget (a crash).
    before = set(QApplication.allWidgets())
    companion = build(QApplication.instance(), data_dir)
    try:
        window = companion.window
        for key in window.page_keys():
            window.show_page(key)
        strays = [f"{type(w).__name__} {w.objectName()!r}" for w in QApplication.allWidgets()
                  if w.parent() is None and w is not window and w not in before]
        assert strays == []
    finally:
        companion.close()


def test_sound_problems_reach_the_notice_when_the_app_opens_on_session(qtbot, data_dir):
    app = QApplication.instance()
    first = build(app, data_dir)
    first.window.show_page("session")
    first.close()
    companion = build(app, data_dir)  # opens on Session: the Prepare page is never built
    try:
        window = companion.window
        window.show()
        assert window.current_page() == "session" and window.built_page("prepare") is None
        companion.previewer.player().error.emit(
            "The sound output stopped working (Audio device lost). Trying again every few seconds.")
        qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=2000)
        assert window.notice.text().startswith("The sound stopped.")
    finally:
        companion.close()


def test_a_first_window_never_reaches_past_a_small_screen(companion) -> None:
    window = companion.window
    room = window.screen().availableGeometry().size()
    size = window.first_size()
    # The offscreen test screen (800x800) is narrower than the 1100 px first width.
    assert room.width() < 1100
    assert size.width() <= room.width() * 0.9 and size.height() <= room.height() * 0.9
    assert size.width() >= window.minimumWidth() and size.height() >= window.minimumHeight()
    assert window.width() <= room.width()  # a new data folder: no geometry to restore


def test_a_page_is_made_inside_the_page_stack(qtbot, data_dir):
    # Made alone and then moved into the stack, every widget on it was styled twice
    # (20 ms of a start); made inside, once.
    from ketacompanion.settings import window_state
    from ketacompanion.ui.main_window import MainWindow, PageSpec

    made_in = []

    def make(parent=None):
        made_in.append(parent)
        return _Page(parent)

    data_dir.mkdir()
    pages = [PageSpec("prepare", "Prepare", make), PageSpec("note", "Note", make, False)]
    window = MainWindow(pages, window_state(data_dir / "w.json"), "dark")
    qtbot.addWidget(window)
    window.show_page("note")
    stack = window.findChild(QStackedWidget, "pageStack")
    assert made_in == [stack, stack]
    assert window.page("note").parent() is stack
