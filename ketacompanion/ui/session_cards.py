"""The cards of the Session page: an interrupted session, calm-mode choices, the checklist.

Each is a quiet card in the page's scrolling setup, never a dialog. The calm-mode
choices and the checklist read and write the settings themselves; the resume card
only asks the page, by its signals, to resume or to go to the note.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.records import SessionRecord
from ketacompanion.settings import SettingsFile

CARD_MARGINS = (28, 22, 28, 22)  # as the Journal's cards: words never touch the frame


def _card_layout(card: QFrame) -> QVBoxLayout:
    layout = QVBoxLayout(card)
    layout.setContentsMargins(*CARD_MARGINS)
    layout.setSpacing(10)
    return layout


class ResumeCard(QFrame):
    """Offers back a session that was interrupted: resume it, or go to its note.

    Hidden until :meth:`offer` is called.
    """

    resume_requested = Signal()
    """Carry on the interrupted session."""
    note_requested = Signal()
    """Close the interrupted session and go to its note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = _card_layout(self)
        self.text = QLabel("", objectName="cardBody", wordWrap=True)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.resume_button = QPushButton("Resume the session", objectName="primaryButton")
        self.resume_button.setAccessibleName("Resume the interrupted session")
        self.resume_button.clicked.connect(self.resume_requested)
        self.note_button = QPushButton("Go to the note", objectName="secondaryButton")
        self.note_button.setAccessibleName("Go to the note of the interrupted session")
        self.note_button.clicked.connect(self.note_requested)
        row.addWidget(self.resume_button)
        row.addWidget(self.note_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hide()

    def offer(self, record: SessionRecord, can_resume: bool) -> None:
        """Say that ``record`` was interrupted and show the card.

        Args:
            record: The interrupted session.
            can_resume: Its time is not over yet, so it can carry on.
        """
        when = record.started_at.astimezone().strftime("%H:%M")
        kind = "rehearsal" if record.rehearsal else "session"
        if can_resume:
            self.text.setText(
                f"Your {kind} that began at {when} was interrupted. It can carry on where it "
                "would be now, or you can go straight to the note.")
            self.resume_button.show()
        else:
            self.text.setText(
                f"Your {kind} that began at {when} was interrupted. Its time is over; "
                "you can still write its note.")
            self.resume_button.hide()
        self.show()


class DuringCard(QFrame):
    """How to mark a moment, the keys of calm mode, and the two choices about calm mode."""

    def __init__(self, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._settings = settings
        layout = _card_layout(self)
        layout.addWidget(QLabel("During the session", objectName="cardTitle"))
        self.marker_help = QLabel(objectName="cardBody", wordWrap=True)
        layout.addWidget(self.marker_help)
        self.click_marks = QCheckBox("A click anywhere marks a moment too")
        self.click_marks.setAccessibleName("A click anywhere on the dark screen marks a moment")
        self.click_marks.setChecked(bool(settings.get("marker_on_click")))
        self.click_marks.toggled.connect(self._set_click_marks)
        self.still_screen = QCheckBox("Keep the screen still (no slow colour drift)")
        self.still_screen.setAccessibleName("Keep the dark screen still, with no colour drift")
        self.still_screen.setChecked(settings.get("calm_motion") == "still")
        self.still_screen.toggled.connect(
            lambda on: settings.set("calm_motion", "still" if on else "drift"))
        layout.addWidget(self.click_marks)
        layout.addWidget(self.still_screen)
        self._set_click_marks(self.click_marks.isChecked())

    def _set_click_marks(self, on: bool) -> None:
        if on != bool(self._settings.get("marker_on_click")):
            self._settings.set("marker_on_click", on)
        # The buttons' own words, each with its key, so a rehearsal teaches both.
        self.marker_help.setText(
            "Press Space to mark a moment" + (", or click anywhere" if on else "")
            + ". The mark is silent and kept with what was playing, for your note.\n"
            "Move the mouse to see a few soft controls. Each has a key too:\n"
            "Softer, Louder: the Down and Up arrows\n"
            "Pause music: P (press again to resume)\n"
            "Show time: T\n"
            "Hold to end: hold Esc (or the button) for two seconds to end the session.")


class ChecklistCard(QFrame):
    """The person's own checklist before starting: a reminder, nothing more."""

    def __init__(self, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = _card_layout(self)
        layout.addWidget(QLabel("Before you start (a reminder, nothing more)",
                                objectName="cardTitle"))
        self.checks = [QCheckBox(text) for text in settings.get("checklist")]
        for check in self.checks:
            check.setAccessibleName(check.text())
            layout.addWidget(check)
