"""Screenshots of a rehearsal: setup, calm mode, recovery and the note (look at them).

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_session.py --out-dir /tmp/shots

Starts openbox (a window manager is needed for real full-screen geometry) and
stops it at the end. Every step is driven by a QTimer from inside the event
loop; the loop is left with ``app.exit()`` and the process with ``os._exit``,
so no lingering audio or decoding thread can keep it alive. A fake session
clock moves the rehearsal along; sound goes to SDL's dummy driver unless
SDL_AUDIODRIVER says otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from PySide6.QtCore import QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screens import size, window_manager  # noqa: E402

from ketacompanion.app import Companion, build  # noqa: E402
from ketacompanion.core.session_clock import FakeClock  # noqa: E402
from ketacompanion.core.session_flow import Phase  # noqa: E402

Step = tuple[int, Callable[[], None]]  # milliseconds to wait before, then what to do


class Shooter:
    """Runs the rehearsal step by step and saves a PNG at each stage."""

    def __init__(self, app: QApplication, companion: Companion, clock: FakeClock,
                 out_dir: Path, window_size: tuple[int, int] = (1100, 700),
                 theme: str = "dark") -> None:
        self.app, self.companion, self.clock, self.out_dir = app, companion, clock, out_dir
        self.theme = theme  # of the window behind calm mode and of the note after it
        self.window_size = window_size
        self.window = companion.window
        self.page = self.window.page("session")
        self.saved: list[Path] = []
        self.steps: list[Step] = [
            (0, self.show_setup),
            (1500, lambda: self.shoot_widget("session-setup-dark")),
            (0, lambda: self.window.theme_requested.emit("dawn")),
            (800, lambda: self.shoot_widget("session-setup-dawn")),
            (0, lambda: self.window.theme_requested.emit(self.theme)),
            (300, self.start_rehearsal),
            (1500, lambda: self.shoot_screen("calm-idle")),
            (0, self.wake_controls),
            (1200, lambda: self.shoot_screen("calm-controls")),
            (0, lambda: self.page.calm.toggle_time()),
            (400, lambda: self.shoot_screen("calm-time")),
            (0, self.to_recovery),
            (2000, lambda: self.shoot_screen("recovery")),  # after its 1.5 s fade-in
            (0, lambda: self.page.calm.recovery.ready_button.click()),
            (1000, lambda: self.shoot_widget("note-after-rehearsal")),
            (0, lambda: self.app.exit(0)),
        ]

    def next(self) -> None:
        """Run the next step after its delay."""
        if not self.steps:
            return
        delay, action = self.steps.pop(0)

        def run() -> None:
            try:
                action()
            except Exception as exc:  # a broken step must not leave the loop running
                print(f"step failed: {exc!r}", file=sys.stderr, flush=True)
                self.app.exit(1)
                return
            self.next()

        QTimer.singleShot(delay, run)

    def show_setup(self) -> None:
        """The main window at the size the layout must work at, on the Session page."""
        self.window.resize(*self.window_size)
        self.window.show()
        self.window.show_page("session")

    def start_rehearsal(self) -> None:
        """Press Rehearse, then let twenty session minutes pass."""
        self.page.rehearse_button.click()
        self.tick(20 * 60)

    def wake_controls(self) -> None:
        """Move the mouse over calm mode, as a person would, to fade the controls in."""
        calm = self.page.calm
        QTest.mouseMove(calm, QPoint(calm.width() // 2, calm.height() // 2))
        QTest.mouseMove(calm, QPoint(calm.width() // 2 + 40, calm.height() // 2 + 20))

    def to_recovery(self) -> None:
        """Let the rest of the session pass, through the end fade and the chime."""
        service = self.page.service
        for _ in range(2000):
            if service.phase is Phase.RECOVERY:
                break
            self.tick(30)
        self.tick(60)

    def tick(self, session_s: float) -> None:
        """Let ``session_s`` session seconds pass on the fake clock."""
        service = self.page.service
        self.clock.advance(session_s / service.plan.scale)
        service.tick()

    def shoot_widget(self, name: str) -> None:
        """Save the main window as drawn."""
        self.save(self.window.grab().toImage(), name)

    def shoot_screen(self, name: str) -> None:
        """Save the whole X screen (real full-screen geometry from the window manager)."""
        screen = QGuiApplication.primaryScreen()
        self.save(screen.grabWindow(0).toImage(), name)

    def save(self, image: object, name: str) -> None:
        """Write ``name``.png and note it."""
        path = self.out_dir / f"{name}.png"
        image.save(str(path))  # type: ignore[attr-defined]
        self.saved.append(path)
        print(path, flush=True)


def main() -> int:
    """Take the screenshots; the exit code is the event loop's."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    parser.add_argument("--size", type=size, default=(1100, 700), help="window size, WxH")
    parser.add_argument("--theme", choices=("dark", "dawn"), default="dark",
                        help="the theme from calm mode on")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    code = 1
    with window_manager():
        app = QApplication(sys.argv[:1])
        with tempfile.TemporaryDirectory() as tmp:
            clock = FakeClock()
            companion = build(app, Path(tmp) / "data", clock=clock)
            shooter = Shooter(app, companion, clock, args.out_dir, args.size, args.theme)
            QTimer.singleShot(15000, lambda: app.exit(2))  # never hang, whatever happens
            shooter.next()
            code = app.exec()
            page = shooter.page
            page.service.shutdown()
            if page.calm is not None:
                page.calm.hide()
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QWidget) and widget is not companion.window:
                    widget.hide()
            companion.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # audio and decoding threads must not keep the process alive


if __name__ == "__main__":
    sys.exit(main())
