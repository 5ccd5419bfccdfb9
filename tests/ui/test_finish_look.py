"""Number fields, the Record button and messages, measured as drawn in both themes.

The beats dialog's numbers and Prepare's "45 min" looked like plain text fields (no
sign that they step), unlike the Session page's calm "−  45 min  +"; Dawn's Record
button turned Night's blue while recording, and a few of Dawn's focus rings too; a
message's words ran to its right edge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDoubleSpinBox
from test_theme_look import THEMES, accent, commonest, grab, most_contrast

from ketacompanion.ui.stepper import Stepper
from ketacompanion.ui.theme import apply_theme

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture(params=["dark", "dawn"])
def theme(request, qapp) -> Iterator[str]:
    assert apply_theme(qapp, THEMES, request.param)
    yield request.param
    qapp.setStyleSheet("")


def test_a_number_field_shows_it_steps_up_and_down(qtbot, theme):
    for enabled in (True, False):
        spin = QDoubleSpinBox()
        qtbot.addWidget(spin)
        spin.setRange(1, 60)
        spin.setValue(10)
        spin.setSuffix(" min")
        spin.setEnabled(enabled)
        spin.resize(240, spin.sizeHint().height())
        image = grab(spin)
        half = image.height() // 2
        # The right-hand end, inside the frame: only the chevrons can stand out there.
        for rect in (QRect(image.width() - 28, 4, 22, half - 4),
                     QRect(image.width() - 28, half, 22, half - 4)):
            face = commonest(image, rect)
            needed = 3.0 if enabled else 1.3
            assert most_contrast(image, rect, face) >= needed, (theme, enabled, rect)


def test_the_beats_dialogs_numbers_start_where_a_drop_downs_words_do(qtbot, theme):
    from ketacompanion.ui.binaural_dialog import BinauralDialog

    dialog = BinauralDialog(10.0)
    qtbot.addWidget(dialog)
    grab(dialog)
    for spin in (dialog.minutes, dialog.carrier, dialog.beat):
        assert spin.lineEdit().textMargins().left() >= 6


def test_prepares_length_is_the_calm_stepper(companion):
    window = companion.window
    window.resize(1024, 600)
    window.show()
    window.show_page("prepare")
    QApplication.processEvents()
    panel = window.page("prepare").fit_panel
    assert isinstance(panel.minutes, Stepper)
    assert not panel.findChildren(QAbstractSpinBox)
    before = companion.window.page("prepare").length.minutes
    panel.minutes.up.click()
    assert companion.window.page("prepare").length.minutes == before + 1  # the one length
    assert panel.minutes.text() == f"{before + 1} min"
    # Whole on a small screen, inside the panel.
    right = panel.minutes.mapTo(panel, panel.minutes.rect().topRight()).x()
    assert right <= panel.width()


def test_recording_is_in_the_themes_colour(qtbot, theme, companion):
    assert apply_theme(QApplication.instance(), THEMES, theme)
    companion.window.resize(1100, 700)
    companion.window.show()
    companion.window.show_page("note")
    from PySide6.QtWidgets import QPushButton

    button = companion.window.page("note").findChild(QPushButton, "recordButton")
    button.setProperty("recording", True)
    button.style().unpolish(button)
    button.style().polish(button)
    QApplication.processEvents()
    image = button.grab().toImage()
    face = commonest(image, image.rect().adjusted(6, 6, -6, -6))
    hue, want = face.hsvHueF() * 360, accent(theme).hsvHueF() * 360
    assert min(abs(hue - want), 360 - abs(hue - want)) <= 20, (theme, face.name())


def test_dawn_has_no_nights_blue_outside_calm_mode():
    # Calm mode and recovery are always dark; the timeline's music colour is a colour of
    # the chart, and the banner's soft blue is a notice's own.
    sheet = (THEMES / "dawn.qss").read_text(encoding="utf-8")
    sheet = sheet.split("#calmWindow")[0]
    blue = []
    for line in sheet.splitlines():
        if "musicColor" in line or "#banner" in line:
            continue
        for code in re.findall(r"#[0-9a-fA-F]{6}\b", line):
            colour = QColor(code)
            if 190 <= colour.hsvHue() <= 250 and colour.hsvSaturationF() > 0.2:
                blue.append(line.strip())
    assert not blue, blue


def test_a_messages_words_keep_off_its_edges(qtbot, theme):
    from PySide6.QtWidgets import QLabel, QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "ketacompanion",
                      "Your journal file could not be read. It looks damaged.")
    box.setInformativeText("Nothing has been deleted.\n\nYou can start a fresh journal now.")
    box.addButton("Start a fresh journal", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
    qtbot.addWidget(box)
    grab(box)
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        label = box.findChild(QLabel, name)
        text = label.contentsRect()
        right = label.mapTo(box, text.topRight()).x()
        assert box.width() - right >= 24, (theme, name, box.width() - right)
