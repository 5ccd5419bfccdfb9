"""Screenshot journal cards offering "Play this music again", in Night and Dawn.

Run under a real X server, e.g.:

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_music_again.py

Writes music-again-{theme}.png and music-again-{theme}-playing.png into --out.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402
from screens import settle, window_manager  # noqa: E402

from ketacompanion.app import build  # noqa: E402
from ketacompanion.core.fresh_piano import COMPOSER_VERSION, PIANO_KEY, PianoSeed  # noqa: E402
from ketacompanion.ui.music_again import MusicAgain  # noqa: E402

SESSIONS = (
    ("2026-03-05T09:00:00Z", PianoSeed(48213, COMPOSER_VERSION, "classic", 2700.0),
     "Warm, slow. The low notes felt like a floor under me."),
    ("2026-02-26T09:00:00Z", PianoSeed(911, COMPOSER_VERSION + 1, "gentle", 2700.0),
     "Drifted a lot. Grief, then quiet."),
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "music-again")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            data.mkdir(mode=0o700)
            companion = build(app, data)
            for started, piano, note in SESSIONS:
                with companion.database.transaction() as conn:
                    sid = conn.execute(
                        "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                        "playlist_name, plan_json, intention, mood_before, mood_after, "
                        "rehearsal) VALUES (?, 45, 15, 'Fresh piano', ?, 'Rest', 3, 6, 0)",
                        (started, json.dumps({PIANO_KEY: piano.to_json()}))).lastrowid
                companion.notes.journal.save_note(int(sid), note)
            window = companion.window
            window.resize(1280, 800)
            window.show()
            settle(500)
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                window.show_page("journal")
                settle(600)
                bar = window.findChild(QScrollArea, "journalScroll").verticalScrollBar()
                bar.setValue(560)  # the cards
                settle(300)
                window.grab().save(str(args.out / f"music-again-{theme}.png"))
                again = next(w for w in window.findChildren(MusicAgain) if w.button)
                again.toggle()
                settle(1500)
                window.grab().save(str(args.out / f"music-again-{theme}-playing.png"))
                again.toggle()
                settle(3500)
            companion.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
