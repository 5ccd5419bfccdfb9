"""What a new user tripped over in the themes, measured on the rendered pixels.

Radio buttons that vanish on the Night theme, drop-downs with no arrow, a selected
mood in a colour foreign to the theme: each is measured on what Qt actually drew
with the theme applied, in both themes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from ketacompanion.paths import assets_dir
from ketacompanion.ui.export_dialog import ExportDialog
from ketacompanion.ui.theme import apply_theme

THEMES = assets_dir() / "themes"


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def pixels(image: QImage, rect: QRect) -> list[QColor]:
    return [image.pixelColor(x, y) for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)]


def most_contrast(image: QImage, rect: QRect, against: QColor) -> float:
    """The strongest contrast any pixel in ``rect`` has against ``against``."""
    return max(contrast(colour, against) for colour in pixels(image, rect))


def commonest(image: QImage, rect: QRect) -> QColor:
    counts = Counter(colour.rgb() for colour in pixels(image, rect))
    return QColor.fromRgb(counts.most_common(1)[0][0])


@pytest.fixture(params=["dark", "dawn"])
def theme(request, qapp) -> Iterator[str]:
    assert apply_theme(qapp, THEMES, request.param)
    yield request.param
    qapp.setStyleSheet("")


def grab(widget: QWidget) -> QImage:
    widget.show()
    QApplication.processEvents()
    return widget.grab().toImage()


def test_export_format_choice_can_be_seen_in_both_themes(qtbot, theme, tmp_path):
    # Night drew the radio buttons about 1:1 against the dialog: invisible.
    dialog = ExportDialog([], lambda *a: tmp_path, tmp_path)
    qtbot.addWidget(dialog)
    dialog.resize(600, 560)
    grab(dialog)
    for radio in (dialog._pdf, *[b for b in dialog._pdf.group().buttons()
                                 if b is not dialog._pdf]):
        image = radio.grab().toImage()
        option = QStyleOptionButton()
        option.initFrom(radio)
        indicator = radio.style().subElementRect(
            QStyle.SubElement.SE_RadioButtonIndicator, option, radio)
        background = image.pixelColor(image.width() - 2, 1)  # beyond the text
        ring = most_contrast(image, indicator, background)
        assert ring >= 3.0, (theme, radio.text(), round(ring, 2))
    # Chosen and not chosen look different: the chosen one is filled (between its dot
    # and its ring).
    on = dialog._pdf.grab().toImage()
    off = [b for b in dialog._pdf.group().buttons() if b is not dialog._pdf][0].grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(dialog._pdf)
    centre = dialog._pdf.style().subElementRect(
        QStyle.SubElement.SE_RadioButtonIndicator, option, dialog._pdf).center()
    fill = centre + QPoint(6, 0)
    assert contrast(on.pixelColor(fill), off.pixelColor(fill)) >= 3.0


def test_drop_downs_show_an_arrow_in_both_themes(qtbot, theme):
    for enabled in (True, False):
        box = QComboBox()
        qtbot.addWidget(box)
        box.addItems(["play it again", "let it be quiet"])
        box.setEnabled(enabled)
        box.resize(220, box.sizeHint().height())
        image = grab(box)
        # The right-hand end, inside the frame: only an arrow can stand out there.
        end = QRect(image.width() - 30, 6, 24, image.height() - 12)
        face = commonest(image, end)
        needed = 3.0 if enabled else 1.3  # a disabled one's arrow is dim, yet there
        assert most_contrast(image, end, face) >= needed, (theme, enabled)


def accent(theme: str) -> QColor:
    """The theme's own accent: the colour of its primary button."""
    sheet = (THEMES / f"{theme}.qss").read_text(encoding="utf-8")
    found = re.search(r"QPushButton#primary \{[^}]*?background: (#[0-9a-f]{6})", sheet)
    assert found
    return QColor(found.group(1))


def test_the_chosen_mood_is_in_the_themes_colour(qtbot, theme, companion):
    assert apply_theme(QApplication.instance(), THEMES, theme)  # the companion set its own
    companion.window.resize(1100, 700)
    companion.window.show()
    companion.window.show_page("note")
    page = companion.window.page("note")
    button = page._mood.button(7)
    button.setChecked(True)
    QApplication.processEvents()
    image = button.grab().toImage()
    face = commonest(image, image.rect().adjusted(3, 3, -3, -3))
    hue, want = face.hsvHueF() * 360, accent(theme).hsvHueF() * 360
    distance = min(abs(hue - want), 360 - abs(hue - want))
    assert distance <= 20, (theme, face.name(), accent(theme).name())
    assert face.saturationF() > 0.15  # a colour, not a grey


def test_messages_wear_the_themes_own_icon(qtbot, theme):
    # Qt's bright blue "i" and "?" sat on the calm themes.
    from PySide6.QtWidgets import QMessageBox

    for icon in (QMessageBox.Icon.Information, QMessageBox.Icon.Question):
        box = QMessageBox(icon, "ketacompanion", "A calm word.")
        qtbot.addWidget(box)
        image = box.iconPixmap().toImage()
        opaque = Counter(c.rgb() for c in pixels(image, image.rect()) if c.alpha() == 255)
        assert opaque, "no icon drawn"
        disc = QColor.fromRgb(opaque.most_common(1)[0][0])
        assert disc.saturationF() > 0.15, disc.name()
        hue, want = disc.hsvHueF() * 360, accent(theme).hsvHueF() * 360
        assert min(abs(hue - want), 360 - abs(hue - want)) <= 20, (theme, icon, disc.name())


def test_the_beats_dialogs_words_sit_level_with_their_fields(qtbot, theme):
    from PySide6.QtWidgets import QLabel

    from ketacompanion.ui.binaural_dialog import BinauralDialog

    dialog = BinauralDialog(10.0)
    qtbot.addWidget(dialog)
    grab(dialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    assert len(labels) >= 5
    for label in labels:
        field = label.buddy()
        label_mid = label.mapTo(dialog, label.rect().center()).y()
        field_mid = field.mapTo(dialog, field.rect().center()).y()
        text_top = label_mid - label.fontMetrics().height() / 2
        text_mid = text_top + label.fontMetrics().height() / 2
        assert abs(text_mid - field_mid) <= 2, (label.text(), text_mid, field_mid)
