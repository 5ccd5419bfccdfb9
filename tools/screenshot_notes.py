"""Screenshots of the note page, the journal and the export dialog, with a seeded series.

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_notes.py --out-dir /tmp/shots

Also writes the PDF export of the seeded journal (``export/journal.pdf``); render it
with ``pdftoppm -png -r 60`` and look at it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import soundfile  # noqa: E402
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea  # noqa: E402
from screens import settle, size, window_manager  # noqa: E402

from ketacompanion.app import build  # noqa: E402
from ketacompanion.services.export import export_journal  # noqa: E402

SESSIONS = (  # day, intention, mood before, after, markers, note, takes
    # A marker: seconds into the session, what played, its kind, seconds into it (None:
    # kept by a version before track positions).
    ("2026-03-02", "Meet the grief gently", 3, 6,
     ((1925.0, "Drift", "piano", None), (2475.0, "Theta 6 Hz", "binaural beat", None)),
     "A grey velvet drape, then a green swamp that became a forest.\n"
     "My arms felt very far away. I thought of my mother's kitchen.", 2),
    ("2026-03-03", "", None, None, (), "Headphones and mask fine.", 0),
    ("2026-03-05", "Let go of managing it", 4, 7,
     ((745.0, "Drift", "piano", 221.0), (772.0, "Drift", "piano", 248.0),
      (1690.0, "Still Water", "piano", 95.0)),
     "Purple and white light. Less effort this time.", 1),
    ("2026-03-09", "Be kind to myself", 4, None, (), "", 0),
)


def _seed(companion) -> int:
    journal, sid = companion.notes.journal, 0
    for day, intention, before, after, markers, note, takes in SESSIONS:
        rehearsal = int(not intention)
        with companion.database.transaction() as conn:
            sid = conn.execute(
                "INSERT INTO sessions (started_at, ended_at, planned_minutes, recovery_minutes,"
                " playlist_name, intention, mood_before, mood_after, rehearsal, state) "
                "VALUES (?, ?, 45, 15, 'Drift (piano)', ?, ?, ?, ?, 'completed')",
                (f"{day}T09:00:00Z", f"{day}T09:45:00Z", intention, before, after,
                 rehearsal)).lastrowid
            for offset, playing, kind, track in markers:
                minute, second = divmod(int(offset), 60)
                conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing, "
                             "playing_kind, track_offset_s) VALUES (?, ?, ?, ?, ?, ?)",
                             (sid, offset, f"{day}T09:{minute:02d}:{second:02d}Z", playing,
                              kind, track))
        if note:
            journal.save_note(sid, note)
        for number in range(takes):
            path = companion.paths.recordings / f"take-{sid}-{number}.flac"
            soundfile.write(path, np.zeros(16000 * (40 + 20 * number), np.int16), 16000)
            journal.add_take(sid, path, 40.0 + 20 * number)
    return int(sid) - 1  # the third session: markers, a take and a note


def _show_card(journal, session_id: int | None) -> None:
    """Scroll the Journal to the card of ``session_id`` (None: back to the top)."""
    scroll = journal.findChild(QScrollArea, "journalScroll")
    cards = [card for card in journal.findChildren(QFrame, "card")
             if card.property("sessionId") == session_id]
    if cards:
        scroll.ensureWidgetVisible(cards[0], 0, 40)
    else:
        scroll.verticalScrollBar().setValue(0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    parser.add_argument("--size", type=size, default=(1100, 760), help="window size, WxH")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            companion = build(app, Path(tmp) / "data")
            window = companion.window
            window.resize(*args.size)
            window.show()
            sid = _seed(companion)
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                companion.notes.note_page.open_session(sid)
                settle(600)
                window.grab().save(str(args.out_dir / f"note-{theme}.png"))
                window.show_page("journal")
                settle(600)
                window.grab().save(str(args.out_dir / f"journal-{theme}.png"))
                _show_card(window.page("journal"), sid)  # the card with the marks
                settle(300)
                window.grab().save(str(args.out_dir / f"journal-marks-{theme}.png"))
                _show_card(window.page("journal"), None)
                dialog = companion.notes.journal_page.open_export()
                settle(600)
                dialog.grab().save(str(args.out_dir / f"export-dialog-{theme}.png"))
                dialog.reject()
            window.resize(1100, 700)
            companion.notes.note_page.open_session(sid)
            settle(600)
            window.grab().save(str(args.out_dir / "note-1100x700.png"))
            companion.notes.note_page.open_session(sid - 1)  # the rehearsal: no markers
            settle(600)
            window.grab().save(str(args.out_dir / "note-1100x700-rehearsal.png"))
            export_journal(companion.notes.journal, args.out_dir / "export", "pdf")
            companion.close()
    print(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
