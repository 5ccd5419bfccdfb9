"""Screenshot the Journal with 10,000 sessions, in Night and Dawn, at the top and scrolled.

Run under a real X server, e.g.:

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_journal.py

Writes journal-10k-{theme}.png, -scrolled.png and -search.png into --out,
and prints how long the first show took.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea  # noqa: E402
from screens import settle, size, window_manager  # noqa: E402

from benchmarks.journal import seed  # noqa: E402
from ketacompanion.app import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "journal10k")
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--size", type=size, default=(1280, 800), help="window size, WxH")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            data.mkdir(mode=0o700)
            seed(data / "ketacompanion.sqlite3", args.sessions)
            companion = build(app, data)
            window = companion.window
            window.resize(*args.size)
            window.show()
            settle(500)
            for theme in ("dark", "dawn"):
                window.theme_requested.emit(theme)
                started = time.perf_counter()
                window.show_page("journal")
                window.repaint()
                print(f"{theme}: journal shown in {(time.perf_counter() - started) * 1000:.0f} ms")
                settle(500)
                window.grab().save(str(args.out / f"journal-10k-{theme}.png"))
                bar = window.findChild(QScrollArea, "journalScroll").verticalScrollBar()
                bar.setValue(1400)
                settle(500)
                window.grab().save(str(args.out / f"journal-10k-{theme}-scrolled.png"))
                bar.setValue(0)
                search = window.findChild(QLineEdit, "searchBox")
                search.setText("tunnel grief")
                settle(800)  # the search runs once typing pauses
                bar.setValue(1000)
                settle(300)
                window.grab().save(str(args.out / f"journal-10k-{theme}-search.png"))
                search.clear()
                settle(500)
                bar.setValue(0)
                window.show_page("prepare")
                settle(200)
            companion.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
