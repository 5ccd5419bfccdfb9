"""Protect the journal with a passphrase: what it means, the passphrase twice, the code.

Offered at first run and from the sidebar, never forced. Encrypting runs off the
UI thread with a calm line saying so; then the recovery code is shown once
(ui.recovery_code), and the dialog ends when the person says they kept it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.ui.off_thread import OffThread
from ketacompanion.ui.recovery_code import RecoveryCodePage
from ketacompanion.ui.vault_widgets import (
    PASSPHRASE_HINT,
    heading,
    message_line,
    passphrase_field,
    refuse_new_passphrase,
)
from ketacompanion.ui.widgets import within_screen

log = logging.getLogger(__name__)

WHAT_IT_MEANS = ("Your notes, voice notes and intentions are encrypted on this laptop. "
                 "Each time ketacompanion opens, it asks for your passphrase; without it, "
                 "the journal is unreadable to anyone who uses or repairs this laptop.")
FIRST_RUN = (" Recommended, and up to you: \"Protect journal…\" in the sidebar offers it "
             "again at any time.")
SSD_NOTE = ("The old, unprotected copy is overwritten and removed. Some drives (SSDs) may "
            "still keep old blocks of it for a while; the laptop's own disk encryption, "
            "if it is on, covers those too.")


class ProtectDialog(QDialog):
    """The passphrase page, then the recovery code page.

    Args:
        protect: Encrypts the journal under a passphrase and returns the recovery
            code; run off the UI thread (VaultService.protect or a wrapper).
        before: Called on the UI thread just before ``protect`` (the app closes the
            journal here); None when nothing is open.
        first_run: Offered unasked at first run: say where to find it later.
    """

    def __init__(self, protect: Callable[[str], str],
                 before: Callable[[], None] | None = None,
                 parent: QWidget | None = None, first_run: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("protectDialog")
        self.setWindowTitle("Protect your journal")
        self.setMinimumSize(600, 520)
        self._protect, self._before = protect, before
        self.code: str | None = None  # set once the journal is protected
        self._work = OffThread(self)
        self._work.done.connect(self._protected)
        self._work.failed.connect(self._refused)
        self._pages = QStackedWidget()
        self.recovery = RecoveryCodePage()
        self.recovery.finished.connect(self.accept)
        self._pages.addWidget(self._passphrase_page(first_run))
        self._pages.addWidget(self.recovery)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.addWidget(self._pages)
        modal = Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        self.setWindowModality(modal)

    # -- public ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """Roomy, never past the screen."""
        return within_screen(self, QSize(760, 600))

    def start(self) -> bool:
        """Check the two passphrases and start protecting; False with a message if not."""
        if refuse_new_passphrase(self.first, self.second, self.message):
            return False
        first = self.first.text()
        self.message.setText("")
        if self._before is not None:
            self._before()
        self._set_busy(True)
        self.busy.setText("Protecting your journal… This takes a few seconds. "
                          "Please leave the laptop on.")
        self._work.start(lambda: self._protect(first))
        return True

    def wait(self) -> None:
        """Wait for protection under way (tests, closing)."""
        self._work.wait()

    def on_code_page(self) -> bool:
        """Whether the recovery code is on show."""
        return self._pages.currentWidget() is self.recovery

    # -- Qt ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Never while encrypting; never past the code before the person kept it."""
        if self._work.busy() or (self.on_code_page() and not self.recovery.confirmed()):
            if self.on_code_page():
                self.recovery.message.setText(
                    "Please keep the code first: save it, print it or write it down, "
                    "then tick the box.")
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """As :meth:`reject`."""
        if self._work.busy() or (self.on_code_page() and not self.recovery.confirmed()):
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field moves on or starts; it never presses a button by surprise."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.on_code_page():
            if self.first.hasFocus():
                self.second.setFocus()
            elif self.second.hasFocus():
                self.start()
            return
        super().keyPressEvent(event)

    # -- private -----------------------------------------------------------------------

    def _protected(self, code: object) -> None:
        self.code = str(code)
        self.first.clear()
        self.second.clear()
        self.busy.setText("")
        self.recovery.show_code(self.code)
        self._pages.setCurrentWidget(self.recovery)
        self.recovery.kept.setFocus()

    def _refused(self, error: object) -> None:
        self._set_busy(False)
        self.busy.setText("")
        if isinstance(error, OSError):
            log.error("protection failed: %s", error.strerror)
            text = (f"The journal could not be protected ({error.strerror}). "
                    "It is as it was; nothing is lost.")
        else:
            log.error("protection refused: %s", error.__class__.__name__)
            text = f"{error} Your journal is as it was."
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.first, self.second, self.protect_button, self.later):
            widget.setEnabled(not busy)

    def _passphrase_page(self, first_run: bool) -> QWidget:
        page = QWidget(objectName="protectPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading("Protect your journal with a passphrase"))
        meaning = QLabel(WHAT_IT_MEANS + (FIRST_RUN if first_run else ""),
                         objectName="pageSubtitle", wordWrap=True)
        layout.addWidget(meaning)
        layout.addSpacing(6)
        layout.addWidget(QLabel("Passphrase", objectName="fieldLabel"))
        self.first = passphrase_field("New passphrase")
        layout.addWidget(self.first)
        layout.addWidget(QLabel("The same passphrase again", objectName="fieldLabel"))
        self.second = passphrase_field("The same passphrase again")
        layout.addWidget(self.second)
        hint = QLabel(PASSPHRASE_HINT + " You will also get a recovery code, in case you "
                      "forget it.", objectName="cardBody", wordWrap=True)
        layout.addWidget(hint)
        self.message = message_line()
        layout.addWidget(self.message)
        layout.addStretch(1)
        ssd = QLabel(SSD_NOTE, objectName="cardBody", wordWrap=True)
        layout.addWidget(ssd)
        row = QHBoxLayout()
        self.busy = QLabel(objectName="busyLine", wordWrap=True)
        row.addWidget(self.busy, 1)
        self.later = QPushButton("Not now", objectName="quietButton")
        self.later.setAccessibleName("Not now: keep the journal as it is")
        self.later.clicked.connect(self.reject)
        self.protect_button = QPushButton("Protect my journal", objectName="primary")
        self.protect_button.setAccessibleName("Protect my journal with this passphrase")
        self.protect_button.clicked.connect(self.start)
        row.addWidget(self.later)
        row.addWidget(self.protect_button)
        layout.addLayout(row)
        return page
