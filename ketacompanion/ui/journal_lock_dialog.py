"""The protected journal's settings: passphrase, remember on this laptop, lock after idle.

Reached from the sidebar's "Privacy" entry, the same place that offers protection
to a journal without a passphrase.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.keychain import DataKey
from ketacompanion.services.vault import VaultService
from ketacompanion.settings import SettingsFile
from ketacompanion.ui.vault_widgets import heading, message_line

IDLE_SETTING = "lock_after_idle_min"
IDLE_CHOICES = ((0, "Never"), (15, "After 15 minutes"), (30, "After 30 minutes"),
                (60, "After an hour"))
NO_KEYRING = ("This laptop has no keyring to keep the key in; the passphrase will be asked "
              "for each time, as before.")


class JournalLockDialog(QDialog):
    """Change the passphrase, remember it on this laptop, lock after idle, lock now.

    Signals:
        change_requested(): Open the change-passphrase dialog.
        lock_requested(): Close the journal now and show the unlock screen.
    """

    change_requested = Signal()
    lock_requested = Signal()

    def __init__(self, vault: VaultService, key: DataKey, settings: SettingsFile,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalLockDialog")
        self.setWindowTitle("Privacy")
        self.setMinimumWidth(600)
        self._vault, self._key, self._settings = vault, key, settings
        self._build()
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def set_remember(self, on: bool) -> None:
        """Keep the key in the OS keyring, or remove it; a refusal is said and undone."""
        if self._vault.set_remember(on, self._key if on else None) or not on:
            self.message.setText("The key is kept on this laptop." if on else
                                 "The passphrase will be asked for each time.")
            return
        self.remember.blockSignals(True)
        self.remember.setChecked(False)
        self.remember.blockSignals(False)
        self.message.setText(NO_KEYRING)

    def _idle_chosen(self, index: int) -> None:
        self._settings.set(IDLE_SETTING, int(self.idle.itemData(index)))

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(12)
        layout.addWidget(heading("Your journal is protected"))
        intro = QLabel("It opens only with your passphrase or your recovery code.",
                       objectName="pageSubtitle", wordWrap=True)
        layout.addWidget(intro)
        layout.addSpacing(8)
        change = QPushButton("Change the passphrase…", objectName="secondaryButton")
        change.setAccessibleName("Change the passphrase")
        change.clicked.connect(self.change_requested)
        layout.addWidget(change, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        self.remember = QCheckBox("Remember on this laptop")
        self.remember.setAccessibleName("Remember on this laptop: no passphrase asked here")
        self.remember.setChecked(self._vault.remembers())
        self.remember.toggled.connect(self.set_remember)
        layout.addWidget(self.remember)
        layout.addWidget(QLabel("The journal then opens without asking, for anyone who uses "
                                "this laptop's account.", objectName="cardBody", wordWrap=True))
        layout.addSpacing(8)
        row = QHBoxLayout()
        row.addWidget(QLabel("Lock when the laptop is left alone", objectName="fieldLabel"))
        self.idle = QComboBox(objectName="idleChoice")
        self.idle.setAccessibleName("Lock when the laptop is left alone")
        for minutes, label in IDLE_CHOICES:
            self.idle.addItem(label, minutes)
        current = int(self._settings.get(IDLE_SETTING))
        self.idle.setCurrentIndex(max(0, self.idle.findData(current)))
        self.idle.currentIndexChanged.connect(self._idle_chosen)
        row.addWidget(self.idle)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Never during a session, nor while a note is open.",
                                objectName="cardBody", wordWrap=True))
        self.message = message_line("lockNote")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        lock = QPushButton("Lock now", objectName="quietButton")
        lock.setAccessibleName("Lock the journal now")
        lock.clicked.connect(self.lock_requested)
        close = QPushButton("Close", objectName="primary")
        close.clicked.connect(self.accept)
        close.setDefault(True)
        buttons.addWidget(lock)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
