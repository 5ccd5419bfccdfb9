"""Small pieces shared by the journal's lock screens: a passphrase field, a message line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

MIN_PASSPHRASE = 8  # long enough to resist guessing on a stolen laptop, short enough to keep
PASSPHRASE_HINT = ("At least 8 characters. A few words you will remember work well, "
                   "for example a line only you would think of.")


def passphrase_field(name: str, placeholder: str = "") -> QLineEdit:
    """A large field whose letters show as dots; ``name`` is what a screen reader says."""
    field = QLineEdit(objectName="passphraseField")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    field.setMinimumHeight(52)
    # No spelling help, no predictive text, nothing kept by an input method.
    field.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText
                              | Qt.InputMethodHint.ImhNoAutoUppercase)
    return field


def message_line(object_name: str = "lockMessage") -> QLabel:
    """A word-wrapped line for what went wrong or what is happening (empty until needed)."""
    label = QLabel(objectName=object_name, wordWrap=True)
    label.setAccessibleName("Message")
    label.setMinimumHeight(24)
    return label


def new_passphrase_problem(first: str, second: str) -> str | None:
    """Why a new passphrase cannot be used, in plain words; None when it can."""
    if not first:
        return "Type a passphrase first."
    if len(first) < MIN_PASSPHRASE:
        return f"That passphrase is short: use at least {MIN_PASSPHRASE} characters."
    if first != second:
        return "The two passphrases are not the same. Please type them again."
    return None


def refuse_new_passphrase(first: QLineEdit, second: QLineEdit, message: QLabel) -> bool:
    """Say why the new passphrase typed twice cannot be used, and focus the field to fix.

    Returns:
        True if it was refused (the message says why); False if it can be used.
    """
    problem = new_passphrase_problem(first.text(), second.text())
    if problem is None:
        return False
    message.setText(problem)
    (first if len(first.text()) < MIN_PASSPHRASE else second).setFocus()
    return True


def heading(text: str, parent: QWidget | None = None, large: bool = False) -> QLabel:
    """A dialog's title (``large``: a page-sized one, for the unlock screen)."""
    label = QLabel(text, parent, objectName="pageTitle" if large else "lockTitle",
                   wordWrap=True)
    label.setAccessibleName(text)
    return label
