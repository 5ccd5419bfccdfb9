"""The Session page's footer: always on screen, never below the fold.

It holds the start checks (the preflight), the large Start that says the length
it starts ("Start · 60 min") and the rehearsal. While the playlist and the
infusion length disagree, the question in large type (``length_question``)
takes their place, so it is answered before Start.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ketacompanion.core.length_choice import LengthQuestion
from ketacompanion.ui.length_question import LengthQuestionCard


class SessionFooter(QFrame):
    """The start checks and Start, or the length question in their place.

    Args:
        preflight: The start checks, shown beside Start.
        max_width: The width of the page's column: on a wide screen the checks and
            Start stand under the form, not at the screen's far edges.
    """

    start_clicked = Signal()
    """Start (or return to the running session) was pressed."""
    rehearse_clicked = Signal()
    """The person wants a rehearsal first."""

    def __init__(self, preflight: QWidget, parent: QWidget | None = None,
                 max_width: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionFooter")
        self.preflight = preflight
        centre = QHBoxLayout(self)
        centre.setContentsMargins(0, 0, 0, 0)
        inner = QWidget(objectName="sessionFooterColumn")
        if max_width is not None:
            inner.setMaximumWidth(max_width)
        centre.addStretch(0)
        centre.addWidget(inner, 1)
        centre.addStretch(0)
        column = QVBoxLayout(inner)
        column.setContentsMargins(56, 14, 56, 16)
        column.setSpacing(0)
        self.length_card = LengthQuestionCard()
        column.addWidget(self.length_card)
        self.start_row = QWidget(objectName="startRow")
        column.addWidget(self.start_row)
        row = QHBoxLayout(self.start_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(28)
        row.addWidget(preflight, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        self.start_button = QPushButton(objectName="startButton")
        self.start_button.setMinimumSize(300, 84)
        self.start_button.clicked.connect(self.start_clicked)
        self.rehearse_button = QPushButton("Rehearse first (about a minute)",
                                           objectName="secondaryButton")
        self.rehearse_button.setMinimumHeight(44)
        self.rehearse_button.setAccessibleName("Rehearse the whole session in about a minute")
        self.rehearse_button.clicked.connect(self.rehearse_clicked)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.rehearse_button)
        buttons.addStretch(1)  # beside long checks, Start and the rehearsal stay together
        row.addLayout(buttons)

    def ask(self, question: LengthQuestion | None) -> None:
        """Ask ``question`` in Start's place (None: show the checks and Start)."""
        if question is None:
            self.length_card.hide()
        else:
            self.length_card.ask(question)
        self.start_row.setVisible(question is None)

    def show_state(self, minutes: int, running: bool, rehearse_mode: bool) -> None:
        """Label Start with what it does now; hide what belongs to a session not yet started."""
        self.preflight.setVisible(not running)
        self.rehearse_button.setVisible(not running and not rehearse_mode)
        if running:
            text, name = "Return to the session", "Return to the session in calm mode"
        elif rehearse_mode:
            text = f"Start the rehearsal · {minutes} min"
            name = f"Start the rehearsal of a {minutes}-minute session"
        else:
            text, name = f"Start · {minutes} min", f"Start the {minutes}-minute session"
        self.start_button.setText(text)
        self.start_button.setAccessibleName(name)
