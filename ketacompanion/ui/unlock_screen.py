"""The unlock screen a protected journal opens with: calm, large, in the person's theme.

One field takes the passphrase or the recovery code. Unlocking runs Argon2 off
the UI thread (about half a second: that cost is what slows guessing, so there
is no lock-out). A wrong one gets one clear sentence and the field stays ready.
"Remember on this laptop" (off unless turned on) keeps the key in the OS
keyring; a laptop without one says so quietly and asks each time instead.
"""

from __future__ import annotations

import logging
from typing import cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.keychain import DataKey, KeychainError, WrongSecretError
from ketacompanion.services.vault import VaultService
from ketacompanion.ui.off_thread import OffThread
from ketacompanion.ui.vault_widgets import heading, message_line, passphrase_field
from ketacompanion.ui.widgets import FIRST_SIZE, within_screen

log = logging.getLogger(__name__)

COLUMN_WIDTH = 620
WRONG_HINT = " Check for a typing slip, or use your recovery code in the same field."
NO_KEYRING = ("This laptop has no keyring to keep the key in, so the passphrase will be "
              "asked for each time. Your journal is open.")


class UnlockScreen(QDialog):
    """Asks for the passphrase or the recovery code; :attr:`key` holds the key once open.

    Args:
        vault: The journal's lock.
        reason: One line under the title (why it is locked now), or "".
    """

    def __init__(self, vault: VaultService, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockScreen")
        self.setWindowTitle("ketacompanion: unlock your journal")
        self.setMinimumSize(640, 480)
        self._vault = vault
        self.key: DataKey | None = None
        self.remember_problem: str | None = None  # said in the window once it is open
        self._closing = False  # "Close" during Argon2: the key that comes after is dropped
        self._work = OffThread(self)
        self._work.done.connect(self._opened)
        self._work.failed.connect(self._refused)
        self._build(reason)

    # -- public ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """The main window's first size, or less on a small screen."""
        return within_screen(self, FIRST_SIZE)

    def unlock(self) -> bool:
        """Try what is in the field (off the UI thread); False if nothing was started."""
        secret = self.field.text()
        if not secret.strip():
            self.message.setText("Type your passphrase, or your recovery code.")
            self.field.setFocus()
            return False
        remember = self.remember.isChecked()
        if not self._work.start(lambda: self._try(secret, remember)):
            return False
        self._set_busy(True)
        self.message.setText("")
        self.busy.setText("Opening your journal…")
        return True

    def wait(self) -> None:
        """Wait for an unlock under way (tests, closing)."""
        self._work.wait()

    # -- Qt ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Close: the journal stays locked, even if an unlock was under way."""
        self._closing = True
        self._work.wait()  # nothing is left half done (a keyring write, for one)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """As :meth:`reject`."""
        self._closing = True
        self._work.wait()
        super().closeEvent(event)

    # -- private -----------------------------------------------------------------------

    def _try(self, secret: str, remember: bool) -> tuple[DataKey, str | None]:
        """On the pool's thread: the key, and what the keyring said if it refused."""
        key = self._vault.unlock(secret)
        problem = None
        if remember:
            if not self._vault.set_remember(True, key):
                problem = NO_KEYRING
        elif self._vault.remembers():
            self._vault.set_remember(False)
        return key, problem

    def _opened(self, result: object) -> None:
        if self._closing:
            return  # the person chose to close: the app does not open behind their back
        key, problem = cast("tuple[DataKey, str | None]", result)
        self.key, self.remember_problem = key, problem
        log.info("journal unlocked")
        self.busy.setText("")
        self.accept()

    def _refused(self, error: object) -> None:
        self._set_busy(False)
        self.busy.setText("")
        if isinstance(error, WrongSecretError):
            log.info("a passphrase that does not open the journal was typed")
            self.message.setText(f"{error}{WRONG_HINT}")
        elif isinstance(error, KeychainError):
            self.message.setText(str(error))
        else:
            log.error("unlocking failed: %s", error.__class__.__name__)
            self.message.setText("The journal could not be opened just now "
                                 f"({error.__class__.__name__}). Please try again.")
        self.field.selectAll()
        self.field.setFocus()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.field, self.open_button, self.remember):
            widget.setEnabled(not busy)

    def _build(self, reason: str) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        # One readable column in the middle, however wide the screen.
        holder = QWidget(objectName="unlockColumn")
        holder.setMaximumWidth(COLUMN_WIDTH)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        outer.addStretch(1)
        outer.addWidget(holder, 3)
        outer.addStretch(1)
        column.addStretch(2)
        brand = QLabel("ketacompanion", objectName="brand")
        column.addWidget(brand)
        column.addWidget(heading("Your journal is locked", large=True))
        line = reason or "Type your passphrase to open it. Your recovery code works here too."
        intro = QLabel(line, objectName="pageSubtitle", wordWrap=True)
        column.addWidget(intro)
        column.addSpacing(12)
        self.field = passphrase_field("Passphrase or recovery code",
                                      "Passphrase or recovery code")
        column.addWidget(self.field)
        self.message = message_line()
        column.addWidget(self.message)
        self.remember = QCheckBox("Remember on this laptop")
        self.remember.setAccessibleName(
            "Remember on this laptop: keep the key in this laptop's keyring")
        self.remember.setChecked(self._vault.remembers())
        column.addWidget(self.remember)
        note = QLabel("Anyone who can use this laptop's account could then open the journal.",
                      objectName="cardBody", wordWrap=True)
        column.addWidget(note)
        column.addSpacing(8)
        row = QHBoxLayout()
        self.busy = QLabel(objectName="busyLine")
        row.addWidget(self.busy, 1)
        close = QPushButton("Close", objectName="quietButton")
        close.setAccessibleName("Close ketacompanion, leave the journal locked")
        close.clicked.connect(self.reject)
        self.open_button = QPushButton("Unlock", objectName="primary")
        self.open_button.setAccessibleName("Unlock the journal")
        self.open_button.setMinimumWidth(160)
        self.open_button.clicked.connect(self.unlock)
        # Enter in the field presses the dialog's default button: Unlock, never Close
        # (left to Qt, the first button made, Close, took Enter and the app quit).
        close.setAutoDefault(False)
        self.open_button.setDefault(True)
        row.addWidget(close)
        row.addWidget(self.open_button)
        column.addLayout(row)
        column.addStretch(3)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)


def ask_for_key(vault: VaultService, use_remembered: bool = True,
                reason: str = "") -> tuple[DataKey | None, str | None]:
    """The key: from the keyring if remembered (and ``use_remembered``), else the screen.

    Returns:
        The key (None if the person closed the screen) and a quiet line to show once
        the window is open (a keyring that refused), or None.
    """
    if use_remembered:
        key = vault.remembered_key()
        if key is not None:
            log.info("journal unlocked with the key remembered on this laptop")
            return key, None
    screen = UnlockScreen(vault, reason)
    screen.resize(screen.sizeHint())
    screen.exec()
    key, problem = screen.key, screen.remember_problem
    screen.deleteLater()
    return key, problem
