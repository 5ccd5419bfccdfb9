"""Change the journal's passphrase: the old one (or the recovery code), the new one twice.

Only the key that opens the journal is rewrapped, so it takes as long as one
unlock and nothing else changes: a remembered key and the recovery code still work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.keychain import KeychainError, WrongSecretError
from ketacompanion.ui.off_thread import OffThread
from ketacompanion.ui.vault_widgets import (
    PASSPHRASE_HINT,
    heading,
    message_line,
    passphrase_field,
    refuse_new_passphrase,
)

log = logging.getLogger(__name__)

CHANGED = "Your passphrase is changed. Your recovery code still works."


class ChangePassphraseDialog(QDialog):
    """Old passphrase or recovery code, new passphrase twice; rewraps off the UI thread.

    Args:
        change: ``change(secret, new_passphrase)`` (VaultService.change_passphrase).
    """

    def __init__(self, change: Callable[[str, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle("Change the passphrase")
        self.setMinimumWidth(600)
        self._change = change
        self.changed = False
        self._work = OffThread(self)
        self._work.done.connect(self._done)
        self._work.failed.connect(self._refused)
        self._build()
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def start(self) -> bool:
        """Check the fields and start; False with a message if something is missing."""
        old, first = self.old.text(), self.first.text()
        if not old.strip():
            self.message.setText("Type your current passphrase, or your recovery code.")
            self.old.setFocus()
            return False
        if refuse_new_passphrase(self.first, self.second, self.message):
            return False
        self.message.setText("")
        self._set_busy(True)
        self.busy.setText("Changing the passphrase…")
        self._work.start(lambda: self._change(old, first))
        return True

    def wait(self) -> None:
        """Wait for a change under way (tests, closing)."""
        self._work.wait()

    def reject(self) -> None:
        """Not while the key file is being rewritten."""
        if not self._work.busy():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """As :meth:`reject`."""
        if self._work.busy():
            event.ignore()
            return
        super().closeEvent(event)

    def _done(self, _result: object) -> None:
        log.info("passphrase changed from the app")
        self.changed = True
        self.accept()

    def _refused(self, error: object) -> None:
        self._set_busy(False)
        self.busy.setText("")
        if isinstance(error, WrongSecretError):
            self.message.setText(f"{error} Nothing was changed.")
            self.old.selectAll()
            self.old.setFocus()
        elif isinstance(error, KeychainError):
            self.message.setText(str(error))
        else:
            log.error("passphrase change failed: %s", error.__class__.__name__)
            reason = getattr(error, "strerror", None) or error.__class__.__name__
            self.message.setText(f"The passphrase could not be changed ({reason}). "
                                 "The old one still opens the journal.")

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.old, self.first, self.second, self.change_button, self.cancel):
            widget.setEnabled(not busy)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(12)
        layout.addWidget(heading("Change the passphrase"))
        layout.addSpacing(8)
        layout.addWidget(QLabel("Current passphrase or recovery code", objectName="fieldLabel"))
        self.old = passphrase_field("Current passphrase or recovery code")
        layout.addWidget(self.old)
        layout.addSpacing(6)
        layout.addWidget(QLabel("New passphrase", objectName="fieldLabel"))
        self.first = passphrase_field("New passphrase")
        layout.addWidget(self.first)
        layout.addWidget(QLabel("The new passphrase again", objectName="fieldLabel"))
        self.second = passphrase_field("The new passphrase again")
        layout.addWidget(self.second)
        hint = QLabel(PASSPHRASE_HINT, objectName="cardBody", wordWrap=True)
        layout.addWidget(hint)
        self.message = message_line()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.busy = QLabel(objectName="busyLine")
        row.addWidget(self.busy, 1)
        self.cancel = QPushButton("Cancel", objectName="quietButton")
        self.cancel.setAccessibleName("Cancel, keep the passphrase as it is")
        self.cancel.clicked.connect(self.reject)
        self.change_button = QPushButton("Change the passphrase", objectName="primary")
        self.change_button.setAccessibleName("Change the passphrase")
        self.change_button.clicked.connect(self.start)
        self.change_button.setAutoDefault(False)
        self.cancel.setAutoDefault(False)
        row.addWidget(self.cancel)
        row.addWidget(self.change_button)
        layout.addLayout(row)
        # Enter moves on, then starts from the last field, as on the protect screen.
        self.old.returnPressed.connect(self.first.setFocus)
        self.first.returnPressed.connect(self.second.setFocus)
        self.second.returnPressed.connect(self.start)
