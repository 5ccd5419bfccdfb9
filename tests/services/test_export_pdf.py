"""The PDF export: ink on paper whatever the screen's colours, and a note's words as written."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication

from ketacompanion.core.export_markdown import render_markdown
from ketacompanion.core.records import JournalEntry, parse_time
from ketacompanion.services.export_pdf import write_pdf


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


@pytest.mark.needs("pdftoppm")
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


# --- a note's words come out as written -------------------------------------------

# Lines Markdown would read as structure: headings (setext too), lists, quotes, code,
# entities, strike-through, tables, breaks, links and indentation.
MARKUP_LINES = [
    "I felt calm", "===", "---", "AT&amp;T &copy; &#35; 5 < 6", "    indented like a poem",
    "1) first thing", "2. second", " - a dash after a space", "+ plus", "* star", "> quote",
    "~~struck~~ text", "~one~", "# not a heading", "```", "code?", "~~~", "| a | b |",
    "|---|---|", "<b>bold</b> <!-- c -->", "[link](http://x) ![img](x.png)", "__x__ _y_",
    "`code`", "- [ ] task", "line with trailing backslash \\", "C:\\Users\\me", "***",
    "http://example.com/a_b~c", "$5 & 10%", "=", "1.", "\tpasted with a tab", "last line",
]


def _laid_out(note: str) -> list[str]:
    """The note's lines as the PDF lays them out (the same Markdown, the same parser)."""
    entry = JournalEntry(1, 1, parse_time("2026-03-01T09:00:00Z"), None, 45, None, "", None, None,
                         False, note=note)
    document = QTextDocument()
    document.setMarkdown(render_markdown([entry]))
    body = document.toPlainText().split("\nNotes\n", 1)[1]
    return [line.rstrip() for line in body.split("\n") if line.strip()]


def _as_written(note: str) -> list[str]:
    # A line's leading tab is kept after one no-break space (a tab alone starts a code
    # block); no-break spaces read back as spaces. Blank lines separate paragraphs.
    lines = [(" " + line if line.startswith("\t") else line).replace("\xa0", " ").rstrip()
             for line in re.split(r"\r\n|\r|\n", note)]
    return [line for line in lines if line.strip()] or ["No written note."]


def test_note_lines_that_look_like_markup_come_out_as_written(qapp):
    note = "\n".join(MARKUP_LINES)
    assert _laid_out(note) == _as_written(note)


@pytest.mark.needs("pdftotext")
def test_the_pdf_itself_holds_the_note_as_written(qapp, tmp_path: Path):
    entry = JournalEntry(1, 1, parse_time("2026-03-01T09:00:00Z"), None, 45, None, "", None, None,
                         False, note="\n".join(MARKUP_LINES))
    pdf = tmp_path / "journal.pdf"
    write_pdf(render_markdown([entry]), pdf)
    # -layout: the plain mode joins a line ending in "-" to the next, as if hyphenated.
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # Spacing as pdftotext guesses it, and the font's "fi" ligature, are not the words.
    lines = {"".join(unicodedata.normalize("NFKC", line).split()) for line in text.splitlines()}
    for written in MARKUP_LINES:
        assert "".join(written.split()) in lines


_markup = st.sampled_from(list("-+*=#>~&;`_[]()!|<>\\.:)$^0123456789 \t\xa0"))
_letters = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_markup | _letters, max_size=24), min_size=1, max_size=6))
def test_any_note_comes_out_as_written(qapp, lines: list[str]):
    note = "\n".join(lines)
    assert _laid_out(note) == _as_written(note)
