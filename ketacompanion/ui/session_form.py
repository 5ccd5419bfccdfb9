"""The setup form of the Session page: playlist, length, recovery, mood, intention, headphones.

One labelled row per choice, with defaults that need no change; the length has
large presets beside its spin box. The form only holds what is set: the page
reads it to make the plan and start the session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ketacompanion.core.session_flow import (
    DEFAULT_MINUTES,
    DEFAULT_RECOVERY_MINUTES,
    LENGTH_PRESETS,
    MAX_RECOVERY_MINUTES,
)


class SessionForm(QWidget):
    """The labelled fields that set up a session.

    Args:
        headphone_check: Plays the left-then-right tone (None: the button is disabled).
    """

    prepare_requested = Signal()
    """The person wants to prepare a playlist first."""
    playlist_chosen = Signal()
    """A playlist was picked from the list."""
    length_changed = Signal(int)
    """The infusion length, in minutes, changed."""

    def __init__(self, headphone_check: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionForm")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        rows = (("Playlist", self._playlist_row()), ("Infusion length", self._length_row()),
                ("Recovery", self._recovery_row()), ("Mood now (0-10)", self._mood_field()),
                ("Intention", self._intention_field()),
                ("Headphones", self._headphones_row(headphone_check)))
        for row, (text, field) in enumerate(rows):
            grid.addWidget(QLabel(text, objectName="fieldLabel"), row, 0)
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
        mood = self.mood_box.value()
        return None if mood < 0 else mood

    # -- building ----------------------------------------------------------------------

    def _playlist_row(self) -> QHBoxLayout:
        self.playlist_box = QComboBox(objectName="playlistBox")
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
        self.length_box = QSpinBox(minimum=40, maximum=60, suffix=" min", value=DEFAULT_MINUTES)
        presets = QHBoxLayout()
        self._presets = QButtonGroup(self)
        for minutes in LENGTH_PRESETS:
            button = QPushButton(f"{minutes}", objectName="presetButton", checkable=True)
            button.setChecked(minutes == DEFAULT_MINUTES)
            button.setAccessibleName(f"{minutes} minutes")
            button.clicked.connect(lambda _c=False, m=minutes: self.length_box.setValue(m))
            self._presets.addButton(button, minutes)
            presets.addWidget(button)
        presets.addWidget(self.length_box)
        self.length_box.setAccessibleName("Infusion length in minutes")
        self.length_box.valueChanged.connect(self._sync_presets)
        self.length_box.valueChanged.connect(self.length_changed)
        return presets

    def _recovery_row(self) -> QHBoxLayout:
        self.recovery_box = QSpinBox(minimum=0, maximum=MAX_RECOVERY_MINUTES, suffix=" min",
                                     value=DEFAULT_RECOVERY_MINUTES)
        self.recovery_box.setAccessibleName("Recovery time in minutes")
        self.recovery_music = QCheckBox("Soft music during recovery")
        self.recovery_music.setAccessibleName("Soft music during recovery")
        row = QHBoxLayout()
        row.addWidget(self.recovery_box)
        row.addWidget(self.recovery_music)
        row.addStretch(1)
        return row

    def _mood_field(self) -> QSpinBox:
        self.mood_box = QSpinBox(minimum=-1, maximum=10, value=-1, specialValueText="Not set")
        self.mood_box.setAccessibleName("Mood now, from 0 to 10 (optional)")
        return self.mood_box

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

    def _sync_presets(self, minutes: int) -> None:
        button = self._presets.button(minutes)
        self._presets.setExclusive(button is not None)
        for preset in self._presets.buttons():
            preset.setChecked(preset is button)
