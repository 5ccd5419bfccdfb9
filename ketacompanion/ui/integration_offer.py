"""The quiet line offering to add to the last infusion's note, a day or three after it.

A line at the top of the window, not a dialog and never a system notification: it
waits to be answered or set aside, and goes for good either way.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class IntegrationOffer(QWidget):
    """"Would you like to add to Tuesday's note?" with "Add to the note" and "Not now"."""

    accepted = Signal(int)
    """Open this session's note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrationOffer")
        self._session: int | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 0)  # a soft banner, clear of the window's edge
        banner = QFrame(objectName="banner")
        outer.addWidget(banner)
        row = QHBoxLayout(banner)
        row.setContentsMargins(24, 12, 24, 12)
        self.text = QLabel(objectName="bannerText", wordWrap=True)
        row.addWidget(self.text, 1)
        self.add = QPushButton("Add to the note", objectName="secondaryButton")
        self.add.setAccessibleName("Add to the note now")
        self.add.clicked.connect(self._accept)
        self.later = QPushButton("Not now", objectName="quietButton")
        self.later.setAccessibleName("Not now: set this offer aside")
        self.later.clicked.connect(self.hide)
        row.addWidget(self.add)
        row.addWidget(self.later)
        self.hide()

    @property
    def session_id(self) -> int | None:
        """The session offered, if any."""
        return self._session

    def offer(self, session_id: int, text: str) -> None:
        """Show the offer for ``session_id``."""
        self._session = session_id
        self.text.setText(text)
        self.show()

    def _accept(self) -> None:
        self.hide()
        if self._session is not None:
            self.accepted.emit(self._session)
