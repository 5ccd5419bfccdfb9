"""Screenshots of the dialogs and messages, in both themes (look at them).

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_dialogs.py --out-dir /tmp/shots

The beats and text-setting dialogs, the "already open" message of a second start,
the damaged-journal question and the delete question, each built as the app
builds it and shown without waiting on an answer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402
from screens import settle, window_manager  # noqa: E402

from ketacompanion.gui import ALREADY_OPEN, BROUGHT_FORWARD  # noqa: E402
from ketacompanion.paths import assets_dir  # noqa: E402
from ketacompanion.ui.binaural_dialog import BinauralDialog  # noqa: E402
from ketacompanion.ui.text_setting_dialog import TextSettingDialog  # noqa: E402
from ketacompanion.ui.theme import apply_theme  # noqa: E402


def _box(title: str, text: str, informative: str = "",
         buttons: tuple[str, ...] = ("OK",)) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, text)
    box.setInformativeText(informative)
    for label in buttons:
        box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
    return box


def _question(title: str, text: str, informative: str = "",
              buttons: tuple[str, ...] = ("OK",)) -> QMessageBox:
    box = _box(title, text, informative, buttons)
    box.setIcon(QMessageBox.Icon.Question)
    return box


def _dialogs() -> dict[str, QWidget]:
    return {
        "beats": BinauralDialog(10.0),
        "crisis-text": TextSettingDialog(
            "If you are struggling", "Words shown when you open 'If you are struggling'.",
            "Call someone you trust.", "Call someone you trust.", lambda _t: None),
        "already-open": _box("ketacompanion is already open", BROUGHT_FORWARD),
        "already-open-unanswered": _box("ketacompanion is already open", ALREADY_OPEN),
        "damaged-journal": _box(
            "ketacompanion cannot read your journal",
            "Your journal file could not be read. It looks damaged.",
            "Nothing has been deleted.\n\nYou can start a fresh journal now.",
            ("Start a fresh journal", "Close")),
        "delete-session": _question(
            "Delete this session?", "Session 2 · Thursday 5 March 2026, 09:00\n\n"
            "Its notes, mood and voice notes will be deleted.", "", ("Cancel", "Yes")),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        for theme in ("dark", "dawn"):
            apply_theme(app, assets_dir() / "themes", theme)
            for name, dialog in _dialogs().items():
                dialog.show()
                settle(400)
                out = args.out_dir / f"dialog-{name}-{theme}.png"
                dialog.grab().save(str(out))
                print(out)
                dialog.close()
                dialog.deleteLater()
    return 0


if __name__ == "__main__":
    sys.exit(main())
