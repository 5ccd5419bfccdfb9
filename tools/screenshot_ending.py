"""Screenshots of ending a rehearsal by holding Esc, in each theme (look at them).

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_ending.py --out-dir /tmp/shots

For Night and Dawn: starts a rehearsal under openbox, lets twenty session
minutes pass, holds Esc through real key events (one second in: the fill and
"Keep holding"; past two: "Ending gently…"), and saves the whole X screen at
each stage, plus one a tenth of a second into the fade. A fake clock moves the
hold and the fade, so the pictures show exact moments.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from screens import settle, window_manager  # noqa: E402

from ketacompanion.app import build  # noqa: E402
from ketacompanion.core.session_clock import FakeClock  # noqa: E402
from ketacompanion.ui.calm_mode import ANIMATION_FRAME_MS, CalmWindow  # noqa: E402


def esc(calm: CalmWindow, kind: QEvent.Type) -> None:
    """Esc as the window gets it."""
    QApplication.sendEvent(calm, QKeyEvent(kind, Qt.Key.Key_Escape,
                                           Qt.KeyboardModifier.NoModifier, "", False))


def frames(calm: CalmWindow, clock: FakeClock, service: object, seconds: float) -> None:
    """Move the fake clock ``seconds`` on, one animation frame at a time."""
    for _ in range(round(seconds * 1000 / ANIMATION_FRAME_MS)):
        clock.advance(ANIMATION_FRAME_MS / 1000)
        service.tick()  # type: ignore[attr-defined]
        calm._animate()  # the frame the timer would run
    settle(150)


def shoot(out_dir: Path, name: str) -> None:
    """Save the whole X screen as ``name``.png."""
    path = out_dir / f"{name}.png"
    QGuiApplication.primaryScreen().grabWindow(0).toImage().save(str(path))
    print(path, flush=True)


def run_theme(app: QApplication, theme: str, out_dir: Path) -> None:
    """One rehearsal in ``theme``, ended by holding Esc."""
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        companion = build(app, Path(tmp) / "data", clock=clock)
        companion.window.theme_requested.emit(theme)
        companion.window.show()
        page = companion.window.page("session")
        companion.window.show_page("session")
        settle(500)
        page.rehearse_button.click()
        calm, service = page.calm, page.service
        clock.advance(20)  # twenty session minutes
        service.tick()
        settle(1200)
        esc(calm, QEvent.Type.KeyPress)
        frames(calm, clock, service, 1.0)
        shoot(out_dir, f"ending-hold-{theme}")
        frames(calm, clock, service, 1.05)  # the hold completes
        frames(calm, clock, service, 0.1)
        shoot(out_dir, f"ending-100ms-{theme}")
        esc(calm, QEvent.Type.KeyRelease)
        frames(calm, clock, service, 1.0)
        shoot(out_dir, f"ending-{theme}")
        service.shutdown()
        calm.hide()
        companion.close()


def main() -> int:
    """Take the screenshots in Night ("dark") and Dawn."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        for theme in ("dark", "dawn"):
            run_theme(app, theme, args.out_dir)
    sys.stdout.flush()
    os._exit(0)  # audio and decoding threads must not keep the process alive


if __name__ == "__main__":
    sys.exit(main())
