"""The therapist export opens with the course, the scores with dates and bands, the chart."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from ketacompanion.core.checkins import CheckIn, Occasion
from ketacompanion.core.course import CoursePlan
from ketacompanion.core.measures import Measure
from ketacompanion.services.export import export_journal
from ketacompanion.storage.course import CourseRepository
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

PHQ = ((3, 3, 2, 2, 2, 2, 2, 1, 1), (2, 2, 1, 2, 1, 1, 1, 1, 0), (1,) * 9)  # 18, 11, 9
GAD = ((2, 2, 2, 2, 1, 2, 1), (1, 2, 1, 2, 1, 1, 1), (1, 1, 0, 1, 0, 1, 0))  # 12, 9, 4


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    for day, rehearsal in (("01", True), ("02", True), ("03", False), ("05", False),
                           ("09", False)):
        add_session(db, f"2026-03-{day}T09:00:00Z", mood_before=4, mood_after=6,
                    rehearsal=rehearsal)
    course = CourseRepository(db)
    course.save_plan(CoursePlan(6, date(2026, 3, 3)))
    for day, phq, gad in zip(("03", "09", "24"), PHQ, GAD, strict=True):
        when = datetime.fromisoformat(f"2026-03-{day}T12:00:00").astimezone()
        occasion = Occasion.START if day == "03" else Occasion.DURING
        course.add_checkin(CheckIn(Measure.PHQ9, when, phq, occasion))
        course.add_checkin(CheckIn(Measure.GAD7, when, gad, occasion))
    (tmp_path / "rec").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def test_the_markdown_opens_with_the_course_and_every_score_with_its_date_and_band(
        qapp, journal, tmp_path: Path):
    text = export_journal(journal, tmp_path / "out", "md").read_text()
    opening = text.split("## Infusion 3 of 6")[0]
    assert "## Course and check-ins" in opening
    assert "- Course: 3 of 6 infusions, counted from 3 March 2026" in opening
    assert "- 3 March 2026: PHQ-9 18 (moderately severe), at the start of the course" in opening
    assert "- 24 March 2026: GAD-7 4 (minimal), during the course" in opening
    assert "PHQ-9: 18 on 3 March, 11 on 9 March, 9 on 24 March." in opening
    assert "GAD-7: 12 on 3 March, 9 on 9 March, 4 on 24 March." in opening
    assert "not a diagnosis" in opening
    # The charts beside it as a vector picture (SVG), private like the rest.
    assert "![Charts](charts.svg)" in opening
    svg = tmp_path / "out" / "charts.svg"
    assert oct(svg.stat().st_mode & 0o777) == "0o600"
    picture = svg.read_text()
    assert "<svg" in picture and "24 March" in picture and "PHQ-9" in picture
    assert "<image" not in picture  # lines and text, not pixels
    assert text.index("## Infusion 3 of 6") < text.index("## Infusion 1 of 6")


@pytest.mark.needs("pdftotext", "pdfimages", "pdftoppm")
def test_the_pdf_draws_the_charts_as_vectors_on_its_first_page(qapp, journal, tmp_path: Path):
    pdf = export_journal(journal, tmp_path / "out", "pdf")
    first = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Course and check-ins" in first and "3 of 6 infusions" in first
    assert "moderately severe" in first
    # The chart's own words are text in the PDF (vector drawing, not a picture) ...
    assert "24 March" in first.split("Chart:")[1] and "PHQ-9" in first.split("Chart:")[1]
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.strip().splitlines()
    assert len(images) <= 2  # ... and no image at all: only pdfimages' two header lines
    # The first page holds ink where the charts are: render it and look below the text.
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-gray", str(pdf),
                    str(tmp_path / "page")], check=True)
    from PySide6.QtGui import QImage

    page = QImage(str(next(tmp_path.glob("page*.png"))))
    dark_rows = [y for y in range(page.height()) if any(
        page.pixelColor(x, y).lightness() < 120 for x in range(0, page.width(), 2))]
    assert dark_rows and max(dark_rows) > page.height() * 0.55  # the charts, low on the page
