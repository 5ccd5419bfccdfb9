"""Fitting the session: its length, the timeline, what happens at the end, the binaural bed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.fitting import FitOutcome, describe, fit
from ketacompanion.core.models import EndBehaviour, Playlist
from ketacompanion.core.presets import (
    PRESETS,
    SESSION_LENGTH_PRESETS,
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
)
from ketacompanion.ui.fit_timeline import FitTimeline

_ENDINGS = [
    ("play it again", EndBehaviour.REPEAT),
    ("continue with the bed", EndBehaviour.BED),
    ("let it be quiet", EndBehaviour.SILENCE),
]


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when narrow; ``text()`` stays whole (and the tooltip)."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As narrow as an ellipsis, one line high."""
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Never asks for more than the layout gives."""
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Draw the text on one line, elided to the width, with the theme's colour."""
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              rect.width())
        if not self.isEnabled():  # a style may etch or dither disabled text
            self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                      False, shown, self.foregroundRole())
            return
        # Enabled text drawn as QStyle.drawItemText draws it, without fetching the style:
        # the first style() call from Python costs ~4 ms (PySide creates QStyle's enums).
        painter.setPen(QPen(self.palette().brush(self.foregroundRole()), painter.pen().widthF()))
        painter.drawText(rect, int(self.alignment()), shown)


class FitPanel(QFrame):
    """Shows how the open playlist fits and lets the person choose length, ending and bed.

    Signals:
        changed(object): A new Playlist (same id) with the chosen length/ending/bed.
    """

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitPanel")
        self._playlist: Playlist | None = None
        self._updating = False
        self.timeline = FitTimeline()
        self.summary = ElidedLabel(objectName="fitSummary")
        self.summary.setAccessibleName("How the playlist fits")
        self.lengths = QButtonGroup(self)
        self.minutes = QSpinBox(objectName="lengthSpin")
        self.minutes.setRange(SESSION_MINUTES_MIN, SESSION_MINUTES_MAX)
        self.minutes.setSuffix(" min")
        self.minutes.setFixedWidth(96)
        self.minutes.setAccessibleName("Session length in minutes")
        self.ending = QComboBox(objectName="endingChoice")
        for label, behaviour in _ENDINGS:
            self.ending.addItem(label, behaviour.value)
        self.ending.setAccessibleName("If the playlist ends early")
        self.ending.setToolTip("What plays from the end of the playlist to the end of the "
                               "session")
        self.bed = QCheckBox("Beats underneath", objectName="bedToggle")
        self.bed.setToolTip("A soft binaural bed under the whole playlist, at its own level")
        self.bed.setAccessibleName("Play a binaural bed under the whole playlist")
        self.bed_preset = QComboBox(objectName="bedPreset")
        for entry in PRESETS:
            self.bed_preset.addItem(entry.name, entry.key)
        self.bed_preset.setAccessibleName("Binaural bed preset")
        self.bed_level = QSlider(Qt.Orientation.Horizontal, objectName="bedLevel")
        self.bed_level.setRange(5, 100)
        self.bed_level.setAccessibleName("Binaural bed level")
        self.bed_level.setToolTip("Level of the binaural bed")
        self.bed_level.setMinimumWidth(60)
        self._lay_out()
        self._connect()

    def set_playlist(self, playlist: Playlist | None) -> None:
        """Show ``playlist`` (None: nothing open)."""
        self._playlist = playlist
        self.setEnabled(playlist is not None)
        if playlist is None:
            self.summary.setText("")
            self.summary.setToolTip("")
            return
        self._updating = True
        try:
            self.minutes.setValue(playlist.target_minutes)
            for button in self.lengths.buttons():
                button.setChecked(self.lengths.id(button) == playlist.target_minutes)
            self.ending.setCurrentIndex(self.ending.findData(playlist.end_behaviour.value))
            self.bed.setChecked(playlist.bed is not None)
            if playlist.bed is not None:
                index = self.bed_preset.findText(playlist.bed.label)
                self.bed_preset.setCurrentIndex(max(0, index))
            self.bed_level.setValue(round(playlist.bed_level * 100))
            self.bed_preset.setEnabled(playlist.bed is not None)
            self.bed_level.setEnabled(playlist.bed is not None)
        finally:
            self._updating = False
        report = fit(playlist)
        self.timeline.set_plan(playlist.items, report)
        self.summary.setText(describe(report))
        self.summary.setToolTip(self.summary.text())
        self.summary.setProperty("outcome", report.outcome.value)
        if self.summary.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            # The style sheet colours by "outcome": restyle. A label not yet polished
            # (the page being built) reads it when it is, without the ~4 ms first style().
            style = self.summary.style()
            style.unpolish(self.summary)
            style.polish(self.summary)
        self.ending.setEnabled(report.outcome != FitOutcome.RUNS_OVER)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(8)
        heading = QLabel("Session length", objectName="fieldLabel")
        top.addWidget(heading)
        top.addSpacing(8)
        for minutes in SESSION_LENGTH_PRESETS:
            button = QPushButton(f"{minutes}", objectName="lengthButton")
            button.setCheckable(True)
            button.setAccessibleName(f"{minutes} minute session")
            button.setToolTip(f"A {minutes}-minute infusion")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.lengths.addButton(button, minutes)
            top.addWidget(button)
        top.addWidget(self.minutes)
        top.addStretch(1)
        # Compact rows under a slim timeline, so the playlist's rows get the height.
        ending = QHBoxLayout()
        ending.setSpacing(8)
        ending.addWidget(QLabel("If it ends early:", objectName="fieldLabel"))
        ending.addWidget(self.ending)
        ending.addStretch(1)
        bed = QHBoxLayout()
        bed.setSpacing(8)
        bed.addWidget(self.bed)
        bed.addWidget(self.bed_preset)
        bed.addWidget(self.bed_level, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.timeline)
        layout.addWidget(self.summary)
        layout.addLayout(ending)
        layout.addLayout(bed)

    def _connect(self) -> None:
        self.lengths.idClicked.connect(self._set_minutes)
        self.minutes.valueChanged.connect(self._set_minutes)
        self.ending.currentIndexChanged.connect(self._emit)
        self.bed.toggled.connect(self._emit)
        self.bed_preset.currentIndexChanged.connect(self._emit)
        # One change per gesture: the level is committed when the slider is let go.
        self.bed_level.sliderReleased.connect(self._emit)
        self.bed_level.valueChanged.connect(
            lambda _v: None if self.bed_level.isSliderDown() else self._emit()
        )

    def _set_minutes(self, minutes: int) -> None:
        if not self._updating and self._playlist is not None:
            self.minutes.setValue(minutes)
            self._emit()

    def _emit(self) -> None:
        if self._updating or self._playlist is None:
            return
        minutes = self.minutes.value()
        bed = None
        if self.bed.isChecked():
            bed = PRESETS[max(0, self.bed_preset.currentIndex())].segment(minutes)
        after = replace(
            self._playlist,
            target_minutes=minutes,
            end_behaviour=EndBehaviour(self.ending.currentData()),
            bed=bed,
            bed_level=self.bed_level.value() / 100.0,
        )
        if after != self._playlist:
            self.changed.emit(after)
