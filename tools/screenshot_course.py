"""Screenshots of the course, the check-in, the crisis panel and the trends, both themes.

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_course.py --out-dir /tmp/shots

Seeds two rehearsals and three infusions of a course of six, with three PHQ-9 and
three GAD-7 check-ins, as in issue 16's "done when"; also writes the PDF export.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from screens import settle, window_manager  # noqa: E402

from ketacompanion.app import build  # noqa: E402
from ketacompanion.core.checkins import CheckIn, Occasion  # noqa: E402
from ketacompanion.core.course import CoursePlan, Rhythm  # noqa: E402
from ketacompanion.core.measures import Measure  # noqa: E402
from ketacompanion.core.session_clock import FakeClock  # noqa: E402
from ketacompanion.services.export import export_journal  # noqa: E402
from ketacompanion.storage.course import CourseRepository  # noqa: E402

SESSIONS = (("2026-03-01", 1, None, None), ("2026-03-02", 1, None, None),
            ("2026-03-03", 0, 3, 6), ("2026-03-05", 0, 4, 6), ("2026-03-09", 0, 5, 7))
CHECKINS = (("2026-03-03", (3, 3, 2, 2, 2, 2, 2, 1, 1), (2, 2, 2, 2, 1, 2, 1)),
            ("2026-03-09", (2, 2, 1, 2, 1, 1, 1, 1, 0), (1, 2, 1, 2, 1, 1, 1)),
            ("2026-03-24", (1, 1, 1, 1, 1, 1, 1, 1, 1), (1, 1, 0, 1, 0, 1, 0)))


def seed(companion) -> None:
    """The sessions, the plan and the check-ins."""
    for day, rehearsal, before, after in SESSIONS:
        with companion.database.transaction() as conn:
            conn.execute(
                "INSERT INTO sessions (started_at, ended_at, planned_minutes, recovery_minutes,"
                " playlist_name, intention, mood_before, mood_after, rehearsal, state) "
                "VALUES (?, ?, 45, 15, 'Drift (piano)', '', ?, ?, ?, 'completed')",
                (f"{day}T09:00:00Z", f"{day}T09:45:00Z", before, after, rehearsal))
    course = CourseRepository(companion.database)
    course.save_plan(CoursePlan(6, date(2026, 3, 3), date(2026, 12, 12), Rhythm.WEEKLY))
    for day, phq, gad in CHECKINS:
        when = datetime.fromisoformat(f"{day}T08:30:00").astimezone()
        occasion = Occasion.START if day == "2026-03-03" else Occasion.DURING
        course.add_checkin(CheckIn(Measure.PHQ9, when, phq, occasion))
        course.add_checkin(CheckIn(Measure.GAD7, when, gad, occasion))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/shots"))
    args = parser.parse_args()
    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            companion = build(app, Path(tmp) / "data")
            window = companion.window
            window.resize(1100, 760)
            window.show()
            window.show_page("journal")  # a new person: no course yet
            settle(500)
            window.grab().save(str(out / "journal-no-course-dark.png"))
            seed(companion)
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                window.show_page("journal")
                page = companion.notes.journal_page
                page.refresh()
                settle(500)
                window.grab().save(str(out / f"journal-{theme}.png"))
                page.crisis.open()
                settle(200)
                window.grab().save(str(out / f"crisis-{theme}.png"))
                page.crisis.toggle()
                dialog = page.course_card.open_plan()
                settle(300)
                dialog.grab().save(str(out / f"course-dialog-{theme}.png"))
                dialog.reject()
                checkin = page.course_card.open_checkin()
                checkin.resize(760, 720)
                settle(300)
                checkin.grab().save(str(out / f"checkin-top-{theme}.png"))
                for item in range(9):
                    checkin.answer(Measure.PHQ9, item, 1)
                settle(400)
                checkin.grab().save(str(out / f"checkin-item9-{theme}.png"))
                checkin.reject()
                companion.notes.note_page.open_session(5)
                settle(300)
                window.grab().save(str(out / f"note-{theme}.png"))
            export_journal(companion.notes.journal, out / "export", "pdf")
            companion.close()
            # Two days after the infusion of Monday 9 March: the offer to add to its note.
            clock = FakeClock(wall=datetime(2026, 3, 11, 10, 0).astimezone().timestamp())
            companion = build(app, Path(tmp) / "data", clock=clock)
            window = companion.window
            window.resize(1100, 760)
            window.show()
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                window.show_page("prepare")
                settle(500)
                window.grab().save(str(out / f"offer-{theme}.png"))
            companion.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
