"""Screenshots of voice notes with their words: the note page, and the Journal searching them.

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_transcripts.py --out-dir /tmp/s
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
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QScrollArea  # noqa: E402
from screens import settle, window_manager  # noqa: E402

from ketacompanion.app import build  # noqa: E402
from ketacompanion.storage.transcripts import TranscriptRepository  # noqa: E402

WORDS = ("I saw a wide blue ocean and my grandmother was smiling at me. The music felt like "
         "warm light moving slowly through my chest.",
         "Afterwards I felt calm and a little tired, but mostly grateful.")


def _seed(companion) -> int:
    journal = companion.notes.journal
    transcripts = TranscriptRepository(companion.database, companion.paths.recordings)
    with companion.database.transaction() as conn:
        sid = conn.execute(
            "INSERT INTO sessions (started_at, ended_at, planned_minutes, recovery_minutes,"
            " playlist_name, intention, mood_before, mood_after, state) VALUES "
            "('2026-03-05T09:00:00Z', '2026-03-05T09:45:00Z', 45, 15, 'Drift (piano)', "
            "'Let go of managing it', 4, 7, 'completed')").lastrowid
    journal.save_note(sid, "Purple and white light. Less effort this time.")
    for number, words in enumerate(WORDS):
        path = companion.paths.recordings / f"take-{sid}-{number}.flac"
        soundfile.write(path, np.zeros(16000 * 20, np.int16), 16000)
        take = journal.add_take(sid, path, 20.0 + 22 * number)
        transcripts.save_heard(take.id, words, "faster-whisper tiny.en")
    path = companion.paths.recordings / f"take-{sid}-old.flac"
    soundfile.write(path, np.zeros(16000, np.int16), 16000)
    journal.add_take(sid, path, 1.0)  # an older take: offered "Turn into words"
    return int(sid)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            companion = build(app, Path(tmp) / "data")
            window = companion.window
            window.resize(1100, 760)
            window.show()
            sid = _seed(companion)
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                page = companion.notes.note_page
                page.open_session(sid)
                settle(600)
                window.grab().save(str(args.out_dir / f"transcript-note-{theme}.png"))
                window.show_page("journal")
                journal = companion.notes.journal_page
                journal.findChild(QLineEdit, "searchBox").setText("grandmother")
                settle(900)
                found = journal.findChild(QLabel, "searchMatches")
                scroll = journal.findChild(QScrollArea)
                if found is not None and scroll is not None:
                    scroll.ensureWidgetVisible(found, 0, 200)
                    settle(300)
                window.grab().save(str(args.out_dir / f"transcript-search-{theme}.png"))
                journal.findChild(QLineEdit, "searchBox").setText("")
            companion.close()
    print(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
