"""Screenshots of the note page and the journal with a seeded session (look at them).

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_notes.py --out-dir /tmp/shots
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ketacompanion.app import build  # noqa: E402


def _settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _seed(companion) -> int:
    journal = companion.notes.journal
    sid = 0
    for day, intention, before, after, note in (
        ("2026-03-02", "Meet the grief gently", 3, 6,
         "A grey velvet drape, then a green swamp that became a forest.\n"
         "My arms felt very far away."),
        ("2026-03-05", "Let go of managing it", 4, None, ""),
    ):
        with companion.database.transaction() as conn:
            sid = conn.execute(
                "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                "playlist_name, intention, mood_before, mood_after, state) "
                "VALUES (?, 45, 15, 'Drift (piano)', ?, ?, ?, 'ended')",
                (f"{day}T09:00:00Z", intention, before, after)).lastrowid
            conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                         "VALUES (?, 1920, ?, '''Drift'' (piano)')", (sid, f"{day}T09:32:00Z"))
        if note:
            journal.save_note(sid, note)
    return int(sid)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    wm = None
    if shutil.which("openbox") and os.environ.get("DISPLAY"):
        wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            companion = build(app, Path(tmp) / "data")
            window = companion.window
            window.resize(1100, 760)
            window.show()
            sid = _seed(companion)
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                companion.notes.note_page.open_session(sid)
                _settle(600)
                window.grab().save(str(args.out_dir / f"note-{theme}.png"))
                window.show_page("journal")
                _settle(600)
                window.grab().save(str(args.out_dir / f"journal-{theme}.png"))
            companion.close()
    finally:
        if wm is not None:
            wm.terminate()
            wm.wait(5)
    print(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
