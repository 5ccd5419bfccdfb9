"""The three pages as they stand before their features land: honest, calm empty states.

Each later issue replaces one of these with its real page (prepare_page.py,
session_page.py, journal_page.py); the main window only needs a QWidget with a
``navigate`` signal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ketacompanion.ui.widgets import EmptyState, PageHeader


class _Page(QWidget):
    """A page: header, one card, room to breathe."""

    navigate = Signal(str)

    def __init__(
        self,
        key: str,
        title: str,
        subtitle: str,
        card: EmptyState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{key}")
        self.key = key
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 48, 56, 48)
        layout.setSpacing(32)
        layout.addWidget(PageHeader(title, subtitle))
        layout.addWidget(card)
        layout.addStretch(1)
        self.card = card


def prepare_page() -> _Page:
    """Playlists and the session plan, made at home days ahead."""
    card = EmptyState(
        "Your playlists will live here",
        "Gather calm piano, binaural beats or your own music into a playlist that fits "
        "the length of your infusion. Take your time; nothing here is urgent.",
    )
    return _Page(
        "prepare", "Prepare", "Get the music ready at home, days before the session.", card
    )


def session_page() -> _Page:
    """Where the infusion hour is started with one press."""
    card = EmptyState(
        "Nothing to start yet",
        "When a playlist is ready, the session starts from here with one press. "
        "The screen then goes dark and quiet and the music ends gently with the infusion.",
        action_text="Prepare a playlist",
    )
    page = _Page("session", "Session", "One press when the infusion begins.", card)
    assert card.action is not None
    card.action.clicked.connect(lambda: page.navigate.emit("prepare"))
    return page


def journal_page() -> _Page:
    """Sessions and notes, kept for integration."""
    card = EmptyState(
        "No sessions yet",
        "After each session your notes, voice recordings and mood are kept here, "
        "private on this laptop, ready to bring to your integration therapist.",
    )
    card.layout().setAlignment(Qt.AlignmentFlag.AlignTop)
    return _Page(
        "journal", "Journal", "What each session gave you, in your own words.", card
    )
