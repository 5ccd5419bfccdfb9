"""The command-line export carries the course, the scores and the charts, in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from ketacompanion.core.checkins import CheckIn
from ketacompanion.core.course import CoursePlan
from ketacompanion.core.measures import Measure
from ketacompanion.paths import DataPaths
from ketacompanion.storage.course import CourseRepository
from ketacompanion.storage.database import Database
from tests.builders import add_session

ROOT = Path(__file__).resolve().parents[2]


def _seed(data: Path) -> None:
    db = Database.open(DataPaths(data).ensure().database)
    add_session(db, "2026-03-03T09:00:00Z", mood_before=3, mood_after=6)
    course = CourseRepository(db)
    course.save_plan(CoursePlan(6, date(2026, 3, 3)))
    course.add_checkin(CheckIn(Measure.PHQ9, datetime(2026, 3, 3, 8).astimezone(), (2,) * 9))
    db.close()


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_the_export_command_writes_the_course_and_its_charts(tmp_path: Path, fmt: str):
    _seed(tmp_path / "d")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "ketacompanion", "--data-dir", str(tmp_path / "d"), "export",
         "--out", str(tmp_path / "out"), "--format", fmt],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if fmt == "md":
        text = (tmp_path / "out" / "journal.md").read_text()
        assert "## Infusion 1 of 6" in text and "PHQ-9 18 (moderately severe)" in text
        assert "<svg" in (tmp_path / "out" / "charts.svg").read_text()
    else:
        assert (tmp_path / "out" / "journal.pdf").stat().st_size > 1000
        assert not (tmp_path / "out" / "charts.svg").exists()  # drawn inside the PDF
