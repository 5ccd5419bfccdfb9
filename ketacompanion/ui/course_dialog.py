"""Setting the course: how many infusions, from which day, the next date, check-ins.

Entered once and changed whenever the plan changes; nothing in it is a target.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.course import MAX_INFUSIONS, CoursePlan, Rhythm

RHYTHMS = (
    (Rhythm.WEEKLY, "Once a week"),
    (Rhythm.BEFORE_EACH, "In the two days before each planned infusion"),
    (Rhythm.NONE, "Only at the start and the end"),
)


class CourseDialog(QDialog):
    """Window-modal editor of the course plan.

    Args:
        plan: The plan now (None: a new one).
        today: The person's today, the default first day.
        save: Stores the plan.
        remove: Forgets the plan (None: nothing to remove).
    """

    def __init__(self, plan: CoursePlan | None, today: date,
                 save: Callable[[CoursePlan], None], remove: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("courseDialog")
        self.setWindowTitle("My course")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self._save, self._remove = save, remove
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(QLabel("My course", objectName="cardTitle"))
        hint = QLabel("For example six infusions over two or three weeks, then boosters. "
                      "Sessions from the first day read \"Infusion 3 of 6\"; those after the "
                      "last planned one are counted as boosters. Rehearsals are not counted. "
                      "You can change this whenever your plan changes.",
                      objectName="cardBody", wordWrap=True)
        layout.addWidget(hint)
        form = QFormLayout()
        form.setSpacing(12)
        self.infusions = QSpinBox(minimum=1, maximum=MAX_INFUSIONS)
        self.infusions.setValue(plan.infusions if plan else 6)
        self.infusions.setAccessibleName("Infusions in the course")
        form.addRow("Infusions in the course", self.infusions)
        self.started = QDateEdit(calendarPopup=True, displayFormat="d MMMM yyyy")
        self.started.setDate(_qdate(plan.started_on if plan else today))
        self.started.setAccessibleName("The course counts from")
        form.addRow("Counts from", self.started)
        self.has_next = QCheckBox("I know the next date")
        self.has_next.setAccessibleName("I know the date of the next session")
        self.next = QDateEdit(calendarPopup=True, displayFormat="d MMMM yyyy")
        self.next.setAccessibleName("Next planned session")
        self.next.setDate(_qdate(plan.next_date if plan and plan.next_date else today))
        self.has_next.setChecked(bool(plan and plan.next_date))
        self.next.setEnabled(self.has_next.isChecked())
        self.has_next.toggled.connect(self.next.setEnabled)
        next_row = QHBoxLayout()
        next_row.addWidget(self.has_next)
        next_row.addWidget(self.next)
        next_row.addStretch(1)
        form.addRow("Next session", next_row)
        self.rhythm = QComboBox()
        self.rhythm.setAccessibleName("When to offer a check-in during the course")
        for rhythm, words in RHYTHMS:
            self.rhythm.addItem(words, str(rhythm))
        self.rhythm.setCurrentIndex(max(0, self.rhythm.findData(
            str(plan.rhythm if plan else Rhythm.WEEKLY))))
        form.addRow("Offer a check-in", self.rhythm)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        if remove is not None:
            forget = QPushButton("Remove the course", objectName="quietButton")
            forget.setAccessibleName("Remove the course plan")
            forget.clicked.connect(self._forget)
            buttons.addWidget(forget)
        buttons.addStretch(1)
        cancel = QPushButton("Cancel", objectName="secondaryButton")
        cancel.setAccessibleName("Cancel, keep the course as it was")
        cancel.clicked.connect(self.reject)
        save_button = QPushButton("Save", objectName="primaryButton")
        save_button.setAccessibleName("Save the course")
        save_button.setDefault(True)
        save_button.clicked.connect(self._saved)
        buttons.addWidget(cancel)
        buttons.addWidget(save_button)
        layout.addLayout(buttons)

    def plan(self) -> CoursePlan:
        """The plan as the form says it."""
        return CoursePlan(
            self.infusions.value(), _day(self.started.date()),
            _day(self.next.date()) if self.has_next.isChecked() else None,
            Rhythm(self.rhythm.currentData()))

    def _saved(self) -> None:
        self._save(self.plan())
        self.accept()

    def _forget(self) -> None:
        if self._remove is not None:
            self._remove()
        self.accept()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())
