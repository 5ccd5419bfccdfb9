"""The moment a window's first finished frame is done (for start-up benchmarks).

A top-level widget gets its Paint event *before* its children paint: the whole
frame (the window, then every child, then the flush to the screen) is painted
while Qt handles one update request. So the frame is finished only once that
handling returns; a zero timer started at the first Paint event runs exactly
then. Work a page deliberately leaves until after its first frame (the Session
page's sound check) is not counted; a page must never paint an empty frame
first to look quick.

The benchmarks run the bare PySide6 window with this same source, so both
sides of a start-up ratio are timed by one rule. It imports only QtCore.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer


class FirstFinishedFrame(QObject):
    """Prints ``first-frame <CLOCK_MONOTONIC seconds>`` once ``window``'s first frame is done.

    Then the application quits.
    """

    def __init__(self, window: QObject) -> None:
        super().__init__()
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """At the first Paint, wait for the rest of the frame; the event goes on as usual."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._report)  # runs once the whole frame is painted
        return False

    def _report(self) -> None:
        print(f"first-frame {time.monotonic():.6f}", flush=True)
        QTimer.singleShot(0, QCoreApplication.quit)
