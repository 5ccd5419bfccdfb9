"""The Journal's course card: the plan, a check-in when one is due, the scores over time.

Everything here is offered, nothing asked for: the check-in waits behind a quiet
"Begin", "Not now" keeps it away until its next occasion, and a planned date that
passed is simply not mentioned. Never shown while a session runs.

Without a course and without a check-in (most journals), the card is one sentence:
the check-ins, their scores' chart and the dialogs load when first needed, not
before the Journal's first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ketacompanion.core.course import CoursePlan, next_date_text, places, progress
from ketacompanion.settings import SettingsFile
from ketacompanion.storage.course import CourseRepository
from ketacompanion.ui.flow_layout import FlowLayout

if TYPE_CHECKING:
    from ketacompanion.core.checkins import CheckIn, Occasion
    from ketacompanion.ui.checkin_dialog import CheckInDialog
    from ketacompanion.ui.course_dialog import CourseDialog
    from ketacompanion.ui.measures_chart import MeasuresChart

NO_PLAN = ("If you are having a course of infusions, you can note the plan here "
           "(how many, from which day). Sessions then read \"Infusion 3 of 6\".")


class CourseCard(QFrame):
    """The course, the check-in offer and the scores.

    Signals:
        plan_changed: The plan was saved or removed (session headings change with it).

    Args:
        course: The repository.
        settings: Where a "Not now" is remembered.
        now: The current time (aware): the app's clock, a fake one in tests.
        busy: True while a session runs (nothing is offered then).
        crisis_text: The person's crisis words, for the check-in.
    """

    plan_changed = Signal()

    def __init__(self, course: CourseRepository, settings: SettingsFile,
                 now: Callable[[], datetime], busy: Callable[[], bool],
                 crisis_text: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._course, self._settings, self._now, self._busy = course, settings, now, busy
        self._crisis_text = crisis_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 18)
        layout.setSpacing(8)
        top = FlowLayout(last_right=True)  # the button goes below the title when narrow
        top.addWidget(QLabel("My course", objectName="cardTitle"))
        self.change = QPushButton("Set my course…", objectName="quietButton")
        self.change.setAccessibleName("Set or change my course")
        self.change.clicked.connect(self.open_plan)
        top.addWidget(self.change)
        layout.addLayout(top)
        self.summary = QLabel(objectName="cardBody", wordWrap=True)
        layout.addWidget(self.summary)
        self.offer = QWidget()  # no frame of its own: a line of the card
        offer_row = QHBoxLayout(self.offer)
        offer_row.setContentsMargins(0, 6, 0, 6)
        self.offer_text = QLabel(objectName="cardBody", wordWrap=True)
        begin = QPushButton("Begin", objectName="secondaryButton")
        begin.setAccessibleName("Begin the check-in")
        begin.clicked.connect(self.open_checkin)
        later = QPushButton("Not now", objectName="quietButton")
        later.setAccessibleName("Not now: no check-in this time")
        later.clicked.connect(self._not_now)
        offer_row.addWidget(self.offer_text, 1)
        offer_row.addWidget(begin)
        offer_row.addWidget(later)
        layout.addWidget(self.offer)
        self._layout = layout
        self.chart: MeasuresChart | None = None  # made with the first check-in shown
        self.scores = QLabel(objectName="cardBody", wordWrap=True)
        self.scores.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.scores)
        self.kept = QLabel(objectName="cardBody", wordWrap=True)
        self.kept.hide()
        layout.addWidget(self.kept)
        self._due: Occasion | None = None

    # -- public ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the plan and check-ins again and show them."""
        plan = self._course.plan()
        if plan is None:
            self.summary.setText(NO_PLAN)
            self.change.setText("Set my course…")
            done = 0
        else:
            found = places(self._course.session_starts(), plan)
            state = progress(found, plan)
            done = state.infusions_done
            lines = [state.sentence.capitalize() + "."]
            when = next_date_text(plan, self._today())
            if when:
                lines.append(when + ".")
            self.summary.setText("  ".join(lines))
            self.change.setText("Change my course…")
        # No course and no check-in: nothing is offered and there are no scores to show.
        checkins = [] if plan is None and not self._course.has_checkins() else \
            self._course.checkins()
        self._due = None if self._busy() or plan is None else self._checkin_due(
            plan, checkins, done)
        self.offer.setVisible(self._due is not None)
        self.offer_text.setText(
            "A check-in is here if you want it: the PHQ-9 and GAD-7, a few minutes. "
            "Entirely up to you.")
        self._show_scores(checkins)

    def _checkin_due(self, plan: CoursePlan, checkins: list[CheckIn],
                     done: int) -> Occasion | None:
        from ketacompanion.core.checkins import checkin_due

        return checkin_due(plan, checkins, self._now(), done, self._put_off())

    def _show_scores(self, checkins: list[CheckIn]) -> None:
        """The scores' chart and sentences, when there are check-ins (made the first time)."""
        if checkins and self.chart is None:
            from ketacompanion.ui.measures_chart import MeasuresChart

            self.chart = MeasuresChart()
            self._layout.insertWidget(self._layout.indexOf(self.scores), self.chart)
        if self.chart is not None:
            self.chart.set_checkins(checkins)
            self.chart.setVisible(bool(checkins))
        sentences = []
        if checkins:
            from ketacompanion.core.checkins import scores_sentence
            from ketacompanion.core.measures import Measure

            sentences = [scores_sentence(checkins, m) for m in (Measure.PHQ9, Measure.GAD7)]
        self.scores.setText("\n".join(s for s in sentences if s))
        self.scores.setVisible(bool(checkins))

    @property
    def due(self) -> Occasion | None:
        """The occasion a check-in is offered for now, if any."""
        return self._due

    def open_plan(self) -> CourseDialog:
        """Open the course editor (window-modal, not blocking)."""
        from ketacompanion.ui.course_dialog import CourseDialog  # loads when first asked for

        plan = self._course.plan()
        dialog = CourseDialog(plan, self._today(), self._save_plan,
                              self._remove_plan if plan else None, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_checkin(self) -> CheckInDialog:
        """Open the check-in (window-modal, not blocking)."""
        from ketacompanion.core.checkins import Occasion
        from ketacompanion.ui.checkin_dialog import CheckInDialog  # loads when first asked for

        dialog = CheckInDialog(self._due or Occasion.DURING, self._crisis_text,
                               self._course.add_checkin, self._now, self)
        dialog.saved.connect(self._checked_in)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        """The latest state each time the Journal appears."""
        self.refresh()
        super().showEvent(event)

    # -- behaviour ---------------------------------------------------------------------

    def _today(self) -> date:
        return self._now().astimezone().date()

    def _save_plan(self, plan: CoursePlan) -> None:
        self._course.save_plan(plan)
        self.refresh()
        self.plan_changed.emit()

    def _remove_plan(self) -> None:
        self._course.clear_plan()
        self.refresh()
        self.plan_changed.emit()

    def _not_now(self) -> None:
        # Remembered as the occasion passing: offered again at the next one, not tomorrow.
        if self._due is not None:
            self._settings.set("checkin_skipped",
                               [self._now().isoformat(timespec="seconds"), str(self._due)])
        self.refresh()

    def _put_off(self) -> list[tuple[datetime, Occasion]]:
        """The last "Not now", if the settings hold a readable one."""
        from ketacompanion.core.checkins import Occasion

        value = self._settings.get("checkin_skipped")
        try:
            return [(datetime.fromisoformat(value[0]), Occasion(value[1]))]
        except (TypeError, ValueError, IndexError):
            return []

    def _checked_in(self, kept: list[CheckIn]) -> None:
        self.refresh()
        if kept:
            words = "; ".join(f"{c.measure} {c.total} ({c.band})" for c in kept)
            missing = 2 - len(kept)
            self.kept.setText(f"Kept: {words}. The bands are the questionnaires' own words, "
                              "not a diagnosis." + (" The other questionnaire was not "
                                                    "finished, so it was not kept."
                                                    if missing else ""))
        else:
            self.kept.setText("Nothing was kept: a questionnaire is kept only when all of "
                              "its questions are answered.")
        self.kept.show()
