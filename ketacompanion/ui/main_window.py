"""The main window: a quiet sidebar with the three pages, and a notice line.

Pages are built the first time they are shown: only the page the person lands on
is made before the window's first paint, so the window opens quickly and pages
never visited cost nothing.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, cast, overload

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.files import atomic_write_text
from ketacompanion.settings import SettingsFile
from ketacompanion.ui.notice import NoticeBar
from ketacompanion.ui.theme import THEMES
from ketacompanion.ui.widgets import FIRST_SIZE, within_screen

if TYPE_CHECKING:  # the pages load when first shown, never with the window
    from ketacompanion.ui.journal_page import JournalPage
    from ketacompanion.ui.note_page import NotePage
    from ketacompanion.ui.session_page import SessionPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    """A page the window can show, built on first use.

    Attributes:
        key: The page's name in code and in the window state ("prepare").
        title: Its sidebar label.
        build: Makes the page widget inside the parent it is given (the page
            stack): made there, it is styled once, not again when it joins the
            stack (20 ms of a start). It has a ``navigate(str)`` signal asking
            to show another page, and may have a ``message(str)`` signal for
            the notice line.
        in_sidebar: False for a page reached from another one (the note).
    """

    key: str
    title: str
    build: Callable[[QWidget], QWidget]
    in_sidebar: bool = True


class _Page(Protocol):
    navigate: SignalInstance  # asks the window to show another page by key


class MainWindow(QMainWindow):
    """Sidebar navigation over a stack of pages.

    Args:
        pages: The pages in order; each is built when first shown.
        state: Window-state file (geometry, last page), apart from user settings.
        theme_name: The theme in use, to label the theme switch.
    """

    theme_requested = Signal(str)
    page_shown = Signal(str)
    """The key of the page just put on show."""

    def __init__(
        self, pages: list[PageSpec], state: SettingsFile, theme_name: str
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("ketacompanion")
        self.setMinimumSize(720, 500)
        self._state = state
        self._specs = pages
        self._built: dict[str, QWidget] = {}
        self._theme = theme_name
        self._unsaved_note: Callable[[], str | None] | None = None

        self._stack = QStackedWidget(objectName="pageStack")
        self._nav = QButtonGroup(self)
        self._nav.setExclusive(True)
        self.notice = NoticeBar()

        sidebar = self._build_sidebar()
        content = QWidget(objectName="content")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        self._content_layout = content_layout
        content_layout.addWidget(self._stack, 1)
        content_layout.addWidget(self.notice)

        root = QWidget(objectName="root")
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
        layout.addWidget(content, 1)
        self.setCentralWidget(root)
        self._restore()

    # -- public -----------------------------------------------------------------

    def add_top_line(self, widget: QWidget) -> None:
        """Put ``widget`` above the pages (a quiet offer that outlives a page change)."""
        self._content_layout.insertWidget(0, widget)

    def add_sidebar_button(self, text: str, object_name: str, accessible: str) -> QPushButton:
        """A quiet entry at the foot of the sidebar, above the theme switch."""
        button = QPushButton(text, objectName=object_name)
        button.setAccessibleName(accessible)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = self._sidebar_layout
        layout.insertWidget(layout.indexOf(self._theme_button), button)
        return button

    def page_keys(self) -> list[str]:
        """Keys of the pages, in order."""
        return [spec.key for spec in self._specs]

    def current_page(self) -> str:
        """Key of the page on show."""
        current = self._stack.currentWidget()
        return next(key for key, page in self._built.items() if page is current)

    @overload
    def page(self, key: Literal["note"]) -> NotePage: ...
    @overload
    def page(self, key: Literal["journal"]) -> JournalPage: ...
    @overload
    def page(self, key: Literal["session"]) -> SessionPage: ...
    @overload
    def page(self, key: str) -> QWidget: ...

    def page(self, key: str) -> QWidget:
        """The page with ``key``, built now if it was not yet.

        Raises:
            KeyError: No page has ``key``.
        """
        if key not in self._built:
            spec = next((s for s in self._specs if s.key == key), None)
            if spec is None:
                raise KeyError(key)
            page = spec.build(self._stack)
            self._built[key] = page
            self._stack.addWidget(page)
            cast(_Page, page).navigate.connect(self.show_page)
            message = getattr(page, "message", None)
            if message is not None:
                message.connect(self.notice.show_message)
        return self._built[key]

    @overload
    def built_page(self, key: Literal["note"]) -> NotePage | None: ...
    @overload
    def built_page(self, key: Literal["journal"]) -> JournalPage | None: ...
    @overload
    def built_page(self, key: Literal["session"]) -> SessionPage | None: ...
    @overload
    def built_page(self, key: str) -> QWidget | None: ...

    def built_page(self, key: str) -> QWidget | None:
        """The page with ``key`` if it was built, else None (never builds it)."""
        return self._built.get(key)

    @Slot(str)
    def show_page(self, key: str) -> None:
        """Show the page with ``key`` (unknown keys are ignored) and remember it."""
        for index, spec in enumerate(self._specs):
            if spec.key == key:
                self._stack.setCurrentWidget(self.page(key))
                # Lay the page out now, not at the next turn of the event loop: a page made
                # inside the hidden stack settles its layout in a few passes, and code that
                # shows a page may measure it at once (a click, a scroll into view).
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                button = self._nav.button(index)
                if button is not None:
                    button.setChecked(True)
                else:
                    checked = self._nav.checkedButton()
                    if checked is not None:
                        # No sidebar entry for this page: leave no entry looking current.
                        self._nav.setExclusive(False)
                        checked.setChecked(False)
                        self._nav.setExclusive(True)
                if spec.in_sidebar:
                    self._state.set("last_page", key)
                self.page_shown.emit(key)
                return
        log.warning("no page %r", key)

    def set_unsaved_note_check(self, check: Callable[[], str | None] | None) -> None:
        """Before closing, call ``check``: it saves the note and returns text it could not.

        None: the window closes without asking (the app is already quitting).
        """
        self._unsaved_note = check

    def set_theme_label(self, theme_name: str) -> None:
        """Update the theme switch after a theme change."""
        self._theme = theme_name
        other = "dawn" if theme_name == "dark" else "dark"
        self._theme_button.setText(f"{THEMES[other]} theme")
        self._theme_button.setAccessibleName(f"Switch to the {THEMES[other]} theme")

    # -- Qt ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Start with the keyboard on the page, not on a sidebar entry."""
        super().showEvent(event)
        current = self._stack.currentWidget()
        if current is not None:  # None only before any page was added
            current.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the note, ask if it could not be saved, remember geometry, close."""
        unsaved = self._unsaved_note() if self._unsaved_note is not None else None
        if unsaved is not None and not self._may_close_with_unsaved(unsaved):
            event.ignore()
            return
        geometry = bytes(self.saveGeometry().data())
        self._state.set("geometry", base64.b64encode(geometry).decode("ascii"))
        super().closeEvent(event)

    # -- the note that could not be saved ------------------------------------------

    def _may_close_with_unsaved(self, text: str) -> bool:
        """Ask what to do with a note nothing could save; True if the window may close.

        A modal box is acceptable here: it is this window being closed, not a running
        session. Staying is the default and Escape; closing without saving is a
        button of its own, never what a stray key does.
        """
        from PySide6.QtWidgets import QFileDialog, QMessageBox  # on use: start-up time

        problem = ""
        while True:
            box = QMessageBox(self)
            box.setObjectName("unsavedNoteBox")
            box.setWindowTitle("Your note is not saved")
            box.setText(problem + "Your note could not be saved: the disk may be full.")
            box.setInformativeText(
                "What you wrote is still here. You can save it to a file you choose, "
                "for example on a USB stick, or stay and try again later.")
            save = box.addButton("Save to a file…", QMessageBox.ButtonRole.AcceptRole)
            save.setObjectName("saveToFileButton")
            stay = box.addButton("Stay", QMessageBox.ButtonRole.RejectRole)
            stay.setObjectName("stayButton")
            close = box.addButton("Close without saving", QMessageBox.ButtonRole.DestructiveRole)
            close.setObjectName("closeAnywayButton")
            box.setDefaultButton(stay)
            box.setEscapeButton(stay)
            box.exec()
            clicked = box.clickedButton()
            box.deleteLater()
            if clicked is close:
                log.warning("window closed by choice with a note that could not be saved")
                return True
            if clicked is not save:
                return False
            name, _filter = QFileDialog.getSaveFileName(
                self, "Save your note", str(Path.home() / "ketacompanion note.txt"),
                "Text files (*.txt);;All files (*)")
            if not name:
                problem = ""
                continue  # no file chosen: the same question again
            try:
                atomic_write_text(Path(name), text)
            except OSError as exc:
                log.error("note could not be written to a chosen file: %s", exc.strerror)
                problem = f"The file could not be written ({exc.strerror}). "
                continue
            log.info("note saved to a file the person chose (%d chars)", len(text))
            return True

    # -- building -----------------------------------------------------------------

    def _build_sidebar(self) -> QFrame:
        sidebar = QFrame(objectName="sidebar")
        sidebar.setFixedWidth(220)
        layout = QVBoxLayout(sidebar)
        self._sidebar_layout = layout
        layout.setContentsMargins(20, 32, 20, 24)
        layout.setSpacing(6)
        brand = QLabel("ketacompanion", objectName="brand")
        tagline = QLabel("a quiet hour, kept", objectName="tagline")
        layout.addWidget(brand)
        layout.addWidget(tagline)
        layout.addSpacing(36)
        for index, page in enumerate(self._specs):
            if not page.in_sidebar:
                continue  # reached from another page (e.g. the note after a session)
            button = QPushButton(f"&{page.title}", objectName="navButton")
            button.setCheckable(True)
            # Tab reaches the sidebar, but a click leaves focus on the page: a focus ring
            # on a sidebar entry reads as "this page is selected".
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAccessibleName(f"{page.title} page")
            button.setToolTip(f"{page.title}  (Ctrl+{index + 1})")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            self._nav.addButton(button, index)
            layout.addWidget(button)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda key=page.key: self.show_page(key))
        self._nav.idClicked.connect(lambda index: self.show_page(self._specs[index].key))
        layout.addStretch(1)
        self._theme_button = QPushButton(objectName="themeButton")
        self._theme_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._theme_button.clicked.connect(self._toggle_theme)
        self.set_theme_label(self._theme)
        layout.addWidget(self._theme_button)
        return sidebar

    def _toggle_theme(self) -> None:
        self.theme_requested.emit("dawn" if self._theme == "dark" else "dark")

    def first_size(self) -> QSize:
        """1100x720, or less on a small screen: a first window never reaches past it."""
        return within_screen(self, FIRST_SIZE)

    def _restore(self) -> None:
        geometry = self._state.get("geometry")
        restored = False
        if geometry:
            try:
                restored = self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            except ValueError:
                restored = False
        if not restored:
            self.resize(self.first_size())
        last = self._state.get("last_page")
        self.show_page(last if last in self.page_keys() else self._specs[0].key)

