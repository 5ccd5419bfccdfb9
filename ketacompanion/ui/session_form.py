"""The setup form of the Session page: playlist, length, recovery, mood, intention, headphones.

One labelled row per choice, with defaults that need no change; the length has
large presets beside a calm "−  45 min  +" field, and the mood is eleven buttons.
The form holds what is set for one session: the length is the plan's (the page
shows it with :meth:`SessionForm.show_length` and hears the person's choice by
:attr:`SessionForm.length_chosen`), and :meth:`SessionForm.start_fresh` empties
the mood and intention once a session has taken them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ketacompanion.core.session_flow import (
    DEFAULT_MINUTES,
    DEFAULT_RECOVERY_MINUTES,
    LENGTH_PRESETS,
    MAX_MINUTES,
    MAX_RECOVERY_MINUTES,
    MIN_MINUTES,
)
from ketacompanion.ui.arc_strip import ArcChoice
from ketacompanion.ui.elided import ElidedComboBox
from ketacompanion.ui.stepper import Stepper


class SessionForm(QWidget):
    """The labelled fields that set up a session.

    Args:
        headphone_check: Plays the left-then-right tone (None: the button is disabled).
    """

    prepare_requested = Signal()
    """The person wants to prepare a playlist first."""
    playlist_chosen = Signal()
    """A playlist was picked from the list."""
    length_chosen = Signal(int)
    """The person chose an infusion length, in minutes."""
    arc_chosen = Signal(str)
    """The person chose the arc the fresh piano follows (a key of ``core.arcs.ARCS``)."""

    def __init__(self, headphone_check: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionForm")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        self.arc_choice = ArcChoice()
        self.arc_choice.arc_chosen.connect(self.arc_chosen)
        rows: tuple[tuple[str, QWidget | QLayout], ...] = (
                ("Playlist", self._playlist_row()), ("Infusion length", self._length_row()),
                ("Arc", self.arc_choice), ("Recovery", self._recovery_row()),
                ("Mood now", self._mood_field()),
                ("Intention", self._intention_field()),
                ("Headphones", self._headphones_row(headphone_check)))
        for row, (text, field) in enumerate(rows):
            label = QLabel(text, objectName="fieldLabel")
            grid.addWidget(label, row, 0)
            if field is self.arc_choice:
                self._arc_label = label
            if isinstance(field, QWidget):
                grid.addWidget(field, row, 1)
            else:
                grid.addLayout(field, row, 1)

    # -- public ------------------------------------------------------------------------

    def set_playlists(self, summaries: Sequence) -> None:
        """List these playlists, keeping the one chosen if it is still there."""
        current = self.playlist_box.currentData()
        self.playlist_box.clear()
        for summary in summaries:
            self.playlist_box.addItem(summary.name, summary.id)
        index = self.playlist_box.findData(current)
        self.playlist_box.setCurrentIndex(max(0, index))

    def mood(self) -> int | None:
        """The mood now, or None when it was not set."""
        return self._mood.checkedId() if self._mood.checkedButton() is not None else None

    def set_mood(self, mood: int | None) -> None:
        """Show ``mood`` as chosen (None: not set)."""
        checked = self._mood.checkedButton()
        if checked is not None:
            self._mood.setExclusive(False)  # an exclusive group keeps one button checked
            checked.setChecked(False)
            self._mood.setExclusive(True)
        if mood is not None:
            self._mood.button(mood).setChecked(True)

    def show_length(self, minutes: int) -> None:
        """Show the plan's infusion length."""
        self.length_box.set_value(minutes)
        self._sync_presets(minutes)

    def show_arc(self, arc: str, minutes: int, piano: tuple[float, float] | None) -> None:
        """Show the arc the fresh piano plays (start, length: ``piano``); none, no arc."""
        self.arc_choice.show_arc(arc, minutes, piano)
        self.arc_choice.setVisible(piano is not None)
        self._arc_label.setVisible(piano is not None)

    def start_fresh(self) -> None:
        """Empty the mood and the intention: the next session starts without them."""
        self.set_mood(None)
        self.intention.clear()

    # -- building ----------------------------------------------------------------------

    def _playlist_row(self) -> QHBoxLayout:
        # A long name ends in "…" (whole on hover and in the list), not cut mid-letter.
        self.playlist_box = ElidedComboBox(objectName="playlistBox")
        self.playlist_box.setAccessibleName("Playlist for the session")
        self.playlist_box.activated.connect(self.playlist_chosen)
        prepare = QPushButton("Prepare a playlist", objectName="linkButton")
        prepare.setAccessibleName("Prepare a playlist on the Prepare page")
        prepare.clicked.connect(self.prepare_requested)
        row = QHBoxLayout()
        row.addWidget(self.playlist_box, 1)
        row.addWidget(prepare)
        return row

    def _length_row(self) -> QHBoxLayout:
        self.length_box = Stepper(MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES, " min",
                                  "Infusion length in minutes")
        presets = QHBoxLayout()
        presets.setSpacing(8)
        self._presets = QButtonGroup(self)
        for minutes in LENGTH_PRESETS:
            button = QPushButton(f"{minutes}", objectName="presetButton", checkable=True)
            button.setChecked(minutes == DEFAULT_MINUTES)
            button.setAccessibleName(f"{minutes} minutes")
            button.clicked.connect(lambda _c=False, m=minutes: self._choose_length(m))
            self._presets.addButton(button, minutes)
            presets.addWidget(button)
        presets.addSpacing(8)
        presets.addWidget(self.length_box)
        presets.addStretch(1)
        self.length_box.stepped.connect(self._choose_length)
        return presets

    def _recovery_row(self) -> QHBoxLayout:
        self.recovery_box = Stepper(0, MAX_RECOVERY_MINUTES, DEFAULT_RECOVERY_MINUTES, " min",
                                    "Recovery time in minutes")
        self.recovery_music = QCheckBox("Soft music during recovery")
        self.recovery_music.setAccessibleName("Soft music during recovery")
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.recovery_box)
        row.addWidget(self.recovery_music)
        row.addStretch(1)
        return row

    def _mood_field(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self._mood = QButtonGroup(self)
        for value in range(11):
            button = QPushButton(str(value), objectName="moodButton", checkable=True)
            button.setAccessibleName(f"Mood now: {value} of 10 (optional)")
            button.setMinimumSize(38, 44)
            button.setToolTip("0 is very low, 10 is very good")
            self._mood.addButton(button, value)
            row.addWidget(button)
        row.addStretch(1)
        # A second click on the chosen mood takes it back: the mood stays optional.
        self._mood.idPressed.connect(self._remember_mood)
        self._mood.idClicked.connect(self._toggle_mood)
        self._mood_before_press: int | None = None
        return row

    def _intention_field(self) -> QPlainTextEdit:
        self.intention = QPlainTextEdit(objectName="intention")
        self.intention.setPlaceholderText("An intention, if you like (a sentence or two)")
        self.intention.setFixedHeight(72)
        self.intention.setAccessibleName("Intention for the session (optional)")
        # Tab moves on to the next field, as in any form, instead of typing a tab.
        self.intention.setTabChangesFocus(True)
        return self.intention

    def _headphones_row(self, headphone_check: Callable[[], None] | None) -> QHBoxLayout:
        self.headphone_button = QPushButton("Play a soft tone, left then right",
                                            objectName="secondaryButton")
        self.headphone_button.setMinimumHeight(44)
        self.headphone_button.setAccessibleName("Headphone check: a soft tone left, then right")
        self.headphone_button.setEnabled(headphone_check is not None)
        if headphone_check is not None:
            self.headphone_button.clicked.connect(headphone_check)
        row = QHBoxLayout()
        row.addWidget(self.headphone_button)
        row.addStretch(1)
        return row

    # -- behaviour ---------------------------------------------------------------------

    def _choose_length(self, minutes: int) -> None:
        self.show_length(minutes)
        self.length_chosen.emit(minutes)

    def _remember_mood(self, _value: int) -> None:
        self._mood_before_press = self.mood()

    def _toggle_mood(self, value: int) -> None:
        if self._mood_before_press == value:
            self.set_mood(None)

    def _sync_presets(self, minutes: int) -> None:
        button = self._presets.button(minutes)
        self._presets.setExclusive(button is not None)
        for preset in self._presets.buttons():
            preset.setChecked(preset is button)
