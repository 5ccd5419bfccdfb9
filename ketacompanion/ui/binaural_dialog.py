"""Choosing a binaural segment: a preset in one click, or custom values for those who want them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.models import (
    BEAT_MAX_HZ,
    BEAT_MIN_HZ,
    CARRIER_MAX_HZ,
    CARRIER_MIN_HZ,
    BinauralSegment,
    InvalidItemError,
    NoiseColour,
)
from ketacompanion.core.presets import PRESETS, BinauralPreset

_NOISE = [("No noise", None), ("Soft pink noise", NoiseColour.PINK),
          ("Deep brown noise", NoiseColour.BROWN), ("White noise", NoiseColour.WHITE)]


class BinauralDialog(QDialog):
    """Pick a preset (its values fill the fields) and a length; values can be tuned.

    Args:
        minutes: The length offered first.
        parent: The window it belongs to.
    """

    def __init__(self, minutes: float = 10.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("binauralDialog")
        self.setWindowTitle("Add binaural beats")
        self.preset = QComboBox(objectName="presetChoice")
        for entry in PRESETS:
            self.preset.addItem(entry.name, entry.key)
        self.preset.setCurrentIndex(1)  # theta: the heart of most sessions
        self.description = QLabel(objectName="cardBody")
        self.description.setWordWrap(True)
        self.minutes = _spin(1, 60, minutes, 1, " min")
        self.carrier = _spin(CARRIER_MIN_HZ, CARRIER_MAX_HZ, 180, 0, " Hz")
        self.beat = _spin(BEAT_MIN_HZ, BEAT_MAX_HZ, 6, 1, " Hz")
        self.glide = QCheckBox("Glide the beat to")
        self.to_beat = _spin(BEAT_MIN_HZ, BEAT_MAX_HZ, 6, 1, " Hz")
        self.noise = QComboBox()
        for label, colour in _NOISE:
            self.noise.addItem(label, colour)
        self.noise_level = QSlider(Qt.Orientation.Horizontal)
        self.noise_level.setRange(0, 100)
        self.error = QLabel(objectName="formError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("primary")
        for button in self.buttons.buttons():
            button.setIcon(QIcon())  # the platform's red cross and green tick are too loud here
        self._name_controls()
        self._lay_out()
        self.preset.currentIndexChanged.connect(self._fill_from_preset)
        self.glide.toggled.connect(self.to_beat.setEnabled)
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        self._fill_from_preset()

    def segment(self) -> BinauralSegment:
        """The segment the fields describe.

        Raises:
            InvalidItemError: The values do not make a valid segment.
        """
        entry: BinauralPreset = PRESETS[self.preset.currentIndex()]
        values = (self.carrier.value(), self.beat.value(), self._to_beat())
        untouched = values == (entry.carrier_hz, entry.beat_hz, entry.to_beat_hz)
        colour = self.noise.currentData()
        return BinauralSegment(
            carrier_hz=self.carrier.value(),
            beat_hz=self.beat.value(),
            duration_s=self.minutes.value() * 60.0,
            to_beat_hz=self._to_beat(),
            noise=colour,
            noise_level=self.noise_level.value() / 100.0 if colour else 0.0,
            label=entry.name if untouched else "",
            arc=entry.arc,  # an arc preset's beats stay awake -> deep -> awake when tuned
        )

    def _to_beat(self) -> float | None:
        return self.to_beat.value() if self.glide.isChecked() else None

    def _fill_from_preset(self) -> None:
        entry = PRESETS[self.preset.currentIndex()]
        self.description.setText(entry.description)
        self.carrier.setValue(entry.carrier_hz)
        self.beat.setValue(entry.beat_hz)
        self.glide.setChecked(entry.to_beat_hz is not None)
        self.to_beat.setEnabled(entry.to_beat_hz is not None)
        self.to_beat.setValue(entry.to_beat_hz or entry.beat_hz)
        self.noise.setCurrentIndex(next(i for i, (_, c) in enumerate(_NOISE) if c == entry.noise))
        self.noise_level.setValue(round(entry.noise_level * 100))
        self.error.clear()

    def _accept_if_valid(self) -> None:
        try:
            self.segment()
        except InvalidItemError as exc:
            self.error.setText(str(exc)[0].upper() + str(exc)[1:] + ".")
            return
        self.accept()

    def _name_controls(self) -> None:
        for widget, name in (
            (self.preset, "Preset"), (self.minutes, "Length in minutes"),
            (self.carrier, "Carrier frequency"), (self.beat, "Beat frequency"),
            (self.glide, "Glide the beat"), (self.to_beat, "Beat at the end of the glide"),
            (self.noise, "Noise under the tone"), (self.noise_level, "Noise level"),
            (self.buttons.button(QDialogButtonBox.StandardButton.Ok), "Add these beats"),
            (self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel"),
        ):
            widget.setAccessibleName(name)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setSpacing(12)
        form.addRow(_level("Preset", self.preset), self.preset)
        form.addRow("", self.description)
        form.addRow(_level("Length", self.minutes), self.minutes)
        form.addRow(_level("Carrier", self.carrier), self.carrier)
        form.addRow(_level("Beat", self.beat), self.beat)
        self.glide.setMinimumHeight(self.to_beat.sizeHint().height())
        form.addRow(self.glide, self.to_beat)
        form.addRow(_level("Noise", self.noise), self.noise)
        form.addRow(_level("Noise level", self.noise_level), self.noise_level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)


def _level(text: str, field: QWidget) -> QLabel:
    """The word for ``field``, as tall as it and centred on it (it sat at its top edge)."""
    label = QLabel(text)
    label.setBuddy(field)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setMinimumHeight(field.sizeHint().height())
    return label


def _spin(low: float, high: float, value: float, decimals: int, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.lineEdit().setTextMargins(8, 0, 0, 0)  # its words start where a drop-down's do
    return spin
