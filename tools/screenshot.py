"""Screenshot the main window for the README (and for looking at the app as a person would).

Run under a real X server, e.g.:

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot.py

It starts openbox when present (for real window geometry), opens the app on a
throw-away data folder, and writes docs/main-window.png (and one PNG per page and
theme with --all, at --size WxH).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from screens import settle, size, window_manager  # noqa: E402

from ketacompanion.app import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "main-window.png")
    parser.add_argument("--page", default="prepare")
    parser.add_argument("--theme", default="dark")
    parser.add_argument("--all", action="store_true", help="also every page in both themes")
    parser.add_argument("--size", type=size, default=(1100, 700), help="window size, WxH")
    args = parser.parse_args()

    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            companion = build(app, Path(tmp) / "data")
            window = companion.window
            window.resize(*args.size)
            window.theme_requested.emit(args.theme)
            window.show_page(args.page)
            window.show()
            settle(1500)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(args.out))
            print(args.out)
            if args.all:
                for theme in ("dark", "dawn"):
                    window.theme_requested.emit(theme)
                    for page in window.page_keys():
                        window.show_page(page)
                        settle(300)
                        out = args.out.with_name(f"{page}-{theme}.png")
                        window.grab().save(str(out))
                        print(out)
            companion.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
