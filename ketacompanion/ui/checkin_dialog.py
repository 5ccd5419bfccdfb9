"""A check-in, if the person wants one: the PHQ-9 and the GAD-7, as published.

Every question and answer is the instrument's own (core/measures.py). Nothing has to
be answered: a questionnaire is kept only when every one of its questions is, and
"Not now" keeps nothing. Answering PHQ-9 question 9 above "Not at all" brings the
crisis words up at once, in large type, right under that question; they stay until
the person says they have read them, even if the answer is changed back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.checkins import CheckIn, Occasion
from ketacompanion.core.measures import (
    ANSWERS,
    INSTRUMENTS,
    PHQ9_SELF_HARM_ITEM,
    Measure,
    asks_for_help_now,
)

INTRO = ("Two short questionnaires many clinics use: the PHQ-9 (mood) and the GAD-7 "
         "(anxiety). Answer what you like; a questionnaire is kept only when all of its "
         "questions are answered. This is for you and your therapist to look at together, "
         "not a diagnosis.")
HELP_HEADING = "You don't have to carry this alone."


class CheckInDialog(QDialog):
    """The two questionnaires in one calm, scrolling form.

    Args:
        occasion: Start, during or end of the course (kept with the answers).
        crisis_text: The words of the person's crisis line.
        save: Stores one filled questionnaire.
        now: The time to date the answers with.
    """

    saved = Signal(list)
    """The check-ins kept (a list of :class:`CheckIn`)."""

    def __init__(self, occasion: Occasion, crisis_text: Callable[[], str],
                 save: Callable[[CheckIn], CheckIn], now: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkinDialog")
        self.setWindowTitle("A check-in")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(760, 720)
        self._occasion, self._crisis_text, self._save, self._now = (
            occasion, crisis_text, save, now)
        self.groups: dict[Measure, list[QButtonGroup]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget(objectName="checkinForm")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(14)
        layout.addWidget(QLabel("A check-in, if you want it", objectName="cardTitle"))
        intro = QLabel(INTRO, objectName="cardBody", wordWrap=True)
        layout.addWidget(intro)
        self.help = self._help_banner()
        for measure in (Measure.PHQ9, Measure.GAD7):
            self._add_form(layout, measure)
        layout.addStretch(1)
        self.scroll_area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(32, 8, 32, 20)
        self.skip = QPushButton("Not now", objectName="secondaryButton")
        self.skip.setAccessibleName("Not now: keep nothing and close")
        self.skip.clicked.connect(self.reject)
        self.keep = QPushButton("Keep my answers", objectName="primaryButton")
        self.keep.setAccessibleName("Keep the questionnaires answered in full")
        self.keep.clicked.connect(self._keep)
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.keep)
        outer.addLayout(buttons)

    # -- public ------------------------------------------------------------------------

    def answers(self, measure: Measure) -> list[int | None]:
        """The answers given so far (None where not answered)."""
        found: list[int | None] = []
        for group in self.groups[Measure(measure)]:
            checked = group.checkedId()
            found.append(None if checked < 0 else checked)
        return found

    def answer(self, measure: Measure, item: int, value: int) -> None:
        """Choose ``value`` for question ``item`` (as a click would)."""
        self.groups[Measure(measure)][item].button(value).click()

    # -- building ----------------------------------------------------------------------

    def _add_form(self, layout: QVBoxLayout, measure: Measure) -> None:
        instrument = INSTRUMENTS[measure]
        layout.addSpacing(12)
        layout.addWidget(QLabel(instrument.measure.value, objectName="cardTitle"))
        layout.addWidget(QLabel(instrument.stem, objectName="cardBody", wordWrap=True))
        groups = []
        for index, item in enumerate(instrument.items):
            question = QLabel(f"{index + 1}. {item}", objectName="checkinItem", wordWrap=True)
            layout.addWidget(question)
            row = QHBoxLayout()
            group = QButtonGroup(self)
            for value, words in enumerate(ANSWERS):
                choice = QRadioButton(words)
                choice.setAccessibleName(f"{instrument.measure} question {index + 1}: {words}")
                group.addButton(choice, value)
                row.addWidget(choice)
            row.addStretch(1)
            layout.addLayout(row)
            groups.append(group)
            if measure is Measure.PHQ9 and index == PHQ9_SELF_HARM_ITEM:
                group.idClicked.connect(self._item_9_answered)
                layout.addWidget(self.help)  # right where the answer was given
        self.groups[measure] = groups

    def _help_banner(self) -> QFrame:
        banner = QFrame(objectName="banner")
        box = QVBoxLayout(banner)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(12)
        self.help_text = QLabel(objectName="crisisAlertText", wordWrap=True)
        self.help_text.setTextFormat(Qt.TextFormat.PlainText)
        self.help_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.help_text)
        read = QPushButton("I have read this", objectName="secondaryButton")
        read.setAccessibleName("I have read where to find help")
        read.clicked.connect(banner.hide)
        box.addWidget(read, 0, Qt.AlignmentFlag.AlignLeft)
        banner.hide()
        return banner

    # -- behaviour ---------------------------------------------------------------------

    def _item_9_answered(self, _value: int) -> None:
        if asks_for_help_now(Measure.PHQ9, self.answers(Measure.PHQ9)) and self.help.isHidden():
            self.help_text.setText(f"{HELP_HEADING}\n\n{self._crisis_text()}")
            self.help.show()
            # Once laid out, so the whole of it comes into view, not only its top.
            QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(self.help, 0, 40))

    def _keep(self) -> None:
        kept = []
        when = self._now()
        for measure in (Measure.PHQ9, Measure.GAD7):
            answers = self.answers(measure)
            if all(a is not None for a in answers):
                kept.append(self._save(CheckIn(measure, when, tuple(
                    a for a in answers if a is not None), self._occasion)))
        self.saved.emit(kept)
        self.accept()
