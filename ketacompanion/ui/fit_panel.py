"""Fitting the session: its length, the timeline, what happens at the end, the binaural bed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.fitting import FitOutcome, describe, fit
from ketacompanion.core.models import END_WORDS, EndBehaviour, Playlist
from ketacompanion.core.presets import (
    PRESETS,
    SESSION_LENGTH_PRESETS,
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
)
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S
from ketacompanion.ui.elided import ElidedComboBox
from ketacompanion.ui.fit_timeline import FitTimeline
from ketacompanion.ui.stepper import Stepper

_ENDINGS = [(END_WORDS[behaviour], behaviour) for behaviour in EndBehaviour]
# A few calm steps; a value set elsewhere (the settings file) is shown as it is.
BLENDS = (0.0, 4.0, 8.0)


def blend_label(seconds: float) -> str:
    """How long one piece blends into the next, in words: "none" or "4 s"."""
    return "none" if seconds <= 0 else f"{seconds:g} s"


def wrap_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int = 2) -> list[str]:
    """``text`` word-wrapped to ``width``; what does not fit in ``max_lines`` ends in "…"."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if not current or metrics.horizontalAdvance(trial) <= width:
            current = trial
            continue
        lines.append(current)
        if len(lines) == max_lines - 1:  # the last line takes the rest, elided
            current = " ".join(words[i:])
            break
        current = word
    if current:
        lines.append(metrics.elidedText(current, Qt.TextElideMode.ElideRight, width))
    return lines


class WrappedLabel(QLabel):
    """Up to two lines of word-wrapped text, the rest ending in "…"; ``text()`` stays whole.

    The fit sentence says what happens at the end ("Ends 6 min before the session;
    then the bed carries on alone."), which one elided line used to cut off.
    """

    MAX_LINES = 2

    def __init__(self, *args, **kwargs) -> None:  # QLabel's
        super().__init__(*args, **kwargs)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:
        """Show ``text``; the layout asks again how tall it needs to be."""
        super().setText(text)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        """As narrow as an ellipsis, one line high."""
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, hint.height())

    def sizeHint(self) -> QSize:
        """Never asks for more width than the layout gives."""
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def hasHeightForWidth(self) -> bool:
        """Its height follows its width: one line or two."""
        return True

    def heightForWidth(self, width: int) -> int:
        """One line's height for each wrapped line (at least one)."""
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        lines = max(1, len(wrap_lines(self.text(), self.fontMetrics(), inner, self.MAX_LINES)))
        return lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the wrapped lines with the theme's colour."""
        painter = QPainter(self)
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        shown = "\n".join(wrap_lines(self.text(), metrics, rect.width(), self.MAX_LINES))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if not self.isEnabled():  # a style may etch or dither disabled text
            self.style().drawItemText(painter, rect, flags, self.palette(), False, shown,
                                      self.foregroundRole())
            return
        # Enabled text drawn as QStyle.drawItemText draws it, without fetching the style:
        # the first style() call from Python costs ~4 ms (PySide creates QStyle's enums).
        painter.setPen(QPen(self.palette().brush(self.foregroundRole()), painter.pen().widthF()))
        painter.drawText(rect, flags, shown)


class FitPanel(QFrame):
    """Shows how the open playlist fits and lets the person choose length, ending and bed.

    The length shown is the infusion's (one fact of the plan, set with
    :meth:`set_minutes`); the playlist is fitted against it. Choosing a length here
    chooses the infusion's and prepares the open playlist for it. The blend between
    pieces (the crossfade) is the person's one setting for every playlist: the fit is
    laid out with it, as the player will play it.

    Signals:
        changed(object): A new Playlist (same id) with the chosen length/ending/bed.
        length_chosen(int): The person chose this infusion length.
        crossfade_changed(float): The person chose another blend, in seconds (0: none).
    """

    changed = Signal(object)
    length_chosen = Signal(int)
    crossfade_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None, minutes: int = 45,
                 crossfade_s: float = DEFAULT_CROSSFADE_S) -> None:
        super().__init__(parent)
        self.setObjectName("fitPanel")
        self._playlist: Playlist | None = None
        self._minutes = minutes
        self._updating = False
        self._crossfade_s = float(crossfade_s)
        self.timeline = FitTimeline()
        self.summary = WrappedLabel(objectName="fitSummary")
        self.summary.setAccessibleName("How the playlist fits")
        self.lengths = QButtonGroup(self)
        # The Session page's calm "−  45 min  +", smaller: a spin box read as a text field.
        self.minutes = Stepper(SESSION_MINUTES_MIN, SESSION_MINUTES_MAX, minutes, " min",
                               "Session length in minutes", compact=True)
        self.ending = QComboBox(objectName="endingChoice")
        for label, behaviour in _ENDINGS:
            self.ending.addItem(label, behaviour.value)
        self.ending.setAccessibleName("If the playlist ends early")
        self.ending.setToolTip("What plays from the end of the playlist to the end of the "
                               "session")
        self.blend = QComboBox(objectName="blendChoice")
        self.blend.setAccessibleName("Blend between pieces")
        self.blend.setToolTip("How long one piece fades into the next, in every playlist "
                              "(none: they follow each other without a gap)")
        self._show_blend()
        self.bed = QCheckBox("Beats underneath", objectName="bedToggle")
        self.bed.setToolTip("A soft binaural bed under the whole playlist, at its own level")
        self.bed.setAccessibleName("Play a binaural bed under the whole playlist")
        # A narrow window shortens the preset's name with "…" (whole on hover), not cuts it.
        self.bed_preset = ElidedComboBox(objectName="bedPreset")
        for entry in PRESETS:
            self.bed_preset.addItem(entry.name, entry.key)
        self.bed_preset.setAccessibleName("Binaural bed preset")
        # As wide as its longest name where there is room; on a 1024-px screen it may give
        # up the blank after the names, so the row fits beside the library.
        self.bed_preset.setMinimumWidth(150)
        self.bed_level = QSlider(Qt.Orientation.Horizontal, objectName="bedLevel")
        self.bed_level.setRange(5, 100)
        self.bed_level.setAccessibleName("Binaural bed level")
        self.bed_level.setToolTip("Level of the binaural bed")
        self.bed_level.setMinimumWidth(60)
        self.bed_level.setMaximumWidth(240)  # a level, not a timeline: short on a wide window
        # A slider says nothing by itself: its word sits beside it (and names it for Alt).
        self.bed_level_label = QLabel("&Level", objectName="fieldLabel")
        self.bed_level_label.setBuddy(self.bed_level)
        self._lay_out()
        self._connect()

    def set_minutes(self, minutes: int) -> None:
        """Fit the open playlist to an infusion of ``minutes`` (the plan's length)."""
        self._minutes = minutes
        self.set_playlist(self._playlist)

    @property
    def crossfade_s(self) -> float:
        """The blend between pieces the fit is laid out with, in seconds."""
        return self._crossfade_s

    def set_crossfade(self, seconds: float) -> None:
        """Lay the fit out with a blend of ``seconds`` (0: gapless) and show it chosen."""
        self._crossfade_s = float(seconds)
        self._show_blend()
        self.set_playlist(self._playlist)

    def set_playlist(self, playlist: Playlist | None) -> None:
        """Show ``playlist`` (None: nothing open) against the infusion length."""
        self._playlist = playlist
        self.setEnabled(playlist is not None)
        if playlist is None:
            self.summary.setText("")
            self.summary.setToolTip("")
            return
        self._updating = True
        try:
            self.minutes.set_value(self._minutes)
            for button in self.lengths.buttons():
                button.setChecked(self.lengths.id(button) == self._minutes)
            self.ending.setCurrentIndex(self.ending.findData(playlist.end_behaviour.value))
            self.bed.setChecked(playlist.bed is not None)
            if playlist.bed is not None:
                index = self.bed_preset.findText(playlist.bed.label)
                self.bed_preset.setCurrentIndex(max(0, index))
            self.bed_level.setValue(round(playlist.bed_level * 100))
            self.bed_preset.setEnabled(playlist.bed is not None)
            self.bed_level.setEnabled(playlist.bed is not None)
            self.bed_level_label.setEnabled(playlist.bed is not None)
        finally:
            self._updating = False
        report = fit(playlist, self._minutes, crossfade_s=self._crossfade_s)
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
        # "Length" alone: "Session length" and the minutes did not fit the card at 1024x600.
        heading = QLabel("Length", objectName="fieldLabel")
        heading.setToolTip("How long the infusion lasts; the Session page uses the same length")
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
        # A row of its own: beside the ending it would make the panel wider than the
        # first window gives it.
        blend = QHBoxLayout()
        blend.setSpacing(8)
        blend.addWidget(QLabel("Blend between pieces:", objectName="fieldLabel"))
        blend.addWidget(self.blend)
        blend.addStretch(1)
        bed = QHBoxLayout()
        bed.setSpacing(8)
        bed.addWidget(self.bed)
        bed.addWidget(self.bed_preset)
        bed.addSpacing(8)
        bed.addWidget(self.bed_level_label)
        bed.addWidget(self.bed_level, 1)
        bed.addStretch(0)  # only what the slider leaves past its longest
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # 6 px between rows: at 8 the first run's one row of music lost its last 8 px at 1024x600.
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.timeline)
        layout.addWidget(self.summary)
        layout.addLayout(ending)
        layout.addLayout(blend)
        layout.addLayout(bed)

    def _connect(self) -> None:
        self.lengths.idClicked.connect(self._set_minutes)
        self.minutes.stepped.connect(self._set_minutes)
        self.ending.currentIndexChanged.connect(lambda _i: self._emit())
        self.blend.activated.connect(self._choose_blend)
        self.bed.toggled.connect(lambda _on: self._emit())
        self.bed_preset.currentIndexChanged.connect(lambda _i: self._emit())
        # One change per gesture: the level is committed when the slider is let go.
        self.bed_level.sliderReleased.connect(lambda: self._emit())
        self.bed_level.valueChanged.connect(
            lambda _v: None if self.bed_level.isSliderDown() else self._emit()
        )

    def _show_blend(self) -> None:
        """The blend choices, with the current one chosen (added if set elsewhere)."""
        values = sorted({*BLENDS, self._crossfade_s})
        self.blend.blockSignals(True)
        try:
            self.blend.clear()
            for seconds in values:
                self.blend.addItem(blend_label(seconds), seconds)
            self.blend.setCurrentIndex(values.index(self._crossfade_s))
        finally:
            self.blend.blockSignals(False)

    def _choose_blend(self, index: int) -> None:
        seconds = float(self.blend.itemData(index))
        if seconds != self._crossfade_s:
            self.set_crossfade(seconds)
            self.crossfade_changed.emit(seconds)

    def _set_minutes(self, minutes: int) -> None:
        if not self._updating and self._playlist is not None:
            self._updating = True
            try:
                self.minutes.set_value(minutes)
            finally:
                self._updating = False
            self._minutes = minutes
            self.length_chosen.emit(minutes)
            self._emit(prepared_for=minutes)

    def _emit(self, prepared_for: int | None = None) -> None:
        """Send the playlist as set; its own length changes only when a length was chosen."""
        if self._updating or self._playlist is None:
            return
        minutes = self._minutes
        bed = None
        if self.bed.isChecked():
            bed = PRESETS[max(0, self.bed_preset.currentIndex())].segment(minutes)
        after = replace(
            self._playlist,
            target_minutes=prepared_for or self._playlist.target_minutes,
            end_behaviour=EndBehaviour(self.ending.currentData()),
            bed=bed,
            bed_level=self.bed_level.value() / 100.0,
        )
        if after != self._playlist:
            self.changed.emit(after)
