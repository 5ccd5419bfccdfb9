"""What the person is asked when the journal file cannot be read: never a dead end.

The damaged file is never changed or deleted. The person may start a fresh
journal, and the damaged file (with its -wal and -shm), its drafts and its
recordings are then kept beside it under new names, so they can still be
rescued; or close the app and leave everything exactly as it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

FRESH = "Start a fresh journal"
CLOSE = "Close"


def ask_fresh_journal(problem: str, parent: QWidget | None = None) -> bool:
    """True if the person chooses a fresh journal over closing the app.

    Args:
        problem: What went wrong, for the details (the main text is plain words).
        parent: The window to centre on, if any.
    """
    box = QMessageBox(parent)
    box.setObjectName("damagedJournal")
    box.setIcon(QMessageBox.Icon.Information)  # a calm word, not an alarm
    box.setWindowTitle("ketacompanion cannot read your journal")
    box.setText("Your journal file could not be read. It looks damaged.")
    box.setInformativeText(
        "Nothing has been deleted.\n\n"
        "You can start a fresh journal now. The damaged file, your voice recordings and "
        "any unsaved writing are kept beside it under new names, so they can still be "
        "rescued later.\n\n"
        "Or close the app, and everything stays exactly as it is.")
    box.setDetailedText(problem)
    fresh = box.addButton(FRESH, QMessageBox.ButtonRole.AcceptRole)
    fresh.setAccessibleName(FRESH)
    close = box.addButton(CLOSE, QMessageBox.ButtonRole.RejectRole)
    close.setAccessibleName("Close the app and leave the journal as it is")
    box.setDefaultButton(close)  # Enter alone never moves a person's journal aside
    box.setEscapeButton(close)
    box.exec()
    return box.clickedButton() is fresh
