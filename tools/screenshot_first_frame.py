"""Screenshot the very first frame the app shows, landing on a page, as a person starts it.

The app starts as ``python -m ketacompanion --data-dir D`` does; the moment its first
frame is finished (``ketacompanion.first_frame``, the start-up benchmark's marker) the
window is grabbed and the app quits. Comparing these before and after a change shows
whether the first frame still shows what it did (no empty frame first to look quick).

Run under a real X server, e.g.:

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_first_frame.py \\
        --data-dir /tmp/data-10000 --page journal --theme dawn --out /tmp/first.png

The data folder is used as it is (make one with benchmarks.startup's ``_data_folder``);
only its landing page and theme are set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screens import window_manager  # noqa: E402

from ketacompanion import first_frame  # noqa: E402
from ketacompanion.gui import run_gui  # noqa: E402
from ketacompanion.paths import DataPaths  # noqa: E402
from ketacompanion.settings import user_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--page", default="journal", choices=("prepare", "session", "journal"))
    parser.add_argument("--theme", default="dark", choices=("dark", "dawn"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    paths = DataPaths(args.data_dir).ensure()
    user_settings(paths.settings).set("theme", args.theme)
    state = args.data_dir / "window-state.json"
    saved = json.loads(state.read_text(encoding="utf-8")) if state.exists() else {}
    saved["last_page"] = args.page
    state.write_text(json.dumps(saved), encoding="utf-8")

    report = first_frame.FirstFinishedFrame._report

    def grab_then_report(self: first_frame.FirstFinishedFrame) -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        self._window.grab().save(str(args.out))  # type: ignore[attr-defined]
        report(self)

    first_frame.FirstFinishedFrame._report = grab_then_report  # type: ignore[method-assign]
    with window_manager():
        code = run_gui(args.data_dir, exit_after_paint=True)
    print(args.out)
    return code


if __name__ == "__main__":
    sys.exit(main())
