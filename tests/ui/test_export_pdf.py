"""The PDF export reads as ink on paper whatever the screen's colours are."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ketacompanion.ui.export_pdf import write_pdf


def _dark_pixels(pdf: Path) -> int:
    """Pixels darker than mid-grey on page 1, rendered in grey at 50 dpi."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", str(pdf)],
                         capture_output=True, check=True).stdout
    header_end = 0
    for _ in range(4):  # P5, width, height, maxval: whitespace-separated
        while pgm[header_end:header_end + 1].isspace():
            header_end += 1
        while not pgm[header_end:header_end + 1].isspace():
            header_end += 1
    return sum(1 for value in pgm[header_end + 1:] if value < 128)


def test_body_text_is_black_under_a_dark_desktop_palette(qapp, tmp_path: Path):
    body = "\n\n".join(f"A calm line of the note, number {n}." for n in range(30))
    light = tmp_path / "light.pdf"
    write_pdf(body, light)
    dark_theme = QPalette(QApplication.palette())
    dark_theme.setColor(QPalette.ColorRole.Text, QColor("white"))
    dark_theme.setColor(QPalette.ColorRole.WindowText, QColor("white"))
    previous = QApplication.palette()
    QApplication.setPalette(dark_theme)
    try:
        dark = tmp_path / "dark.pdf"
        write_pdf(body, dark)
    finally:
        QApplication.setPalette(previous)
    on_light, on_dark = _dark_pixels(light), _dark_pixels(dark)
    assert on_light > 2000  # thirty lines of ink, not just the page number
    assert on_dark == on_light
