"""The start-up marker fires when the whole first frame is painted, children included."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ketacompanion.first_frame import FirstFinishedFrame


class _SlowChild(QLabel):
    """A child that paints slowly, like a chart of 10,000 sessions."""

    def __init__(self, parent: QWidget, painted: list[float]) -> None:
        super().__init__("chart", parent)
        self._painted = painted

    def paintEvent(self, event) -> None:
        time.sleep(0.05)
        super().paintEvent(event)
        self._painted.append(time.monotonic())


def test_the_marker_comes_after_every_child_has_painted(qtbot, capsys) -> None:
    painted: list[float] = []
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    for _ in range(3):
        column.addWidget(_SlowChild(window, painted))
    watcher = FirstFinishedFrame(window)  # noqa: F841 - kept while the window shows
    shown = time.monotonic()
    window.show()
    seen: list[str] = []

    def marker() -> float | None:
        seen.append(capsys.readouterr().out)
        return _marker("".join(seen))

    qtbot.waitUntil(lambda: marker() is not None, timeout=5000)
    assert len(painted) == 3  # each child painted once, all within the first frame
    assert shown < max(painted) <= marker()


def _marker(out: str) -> float | None:
    for line in out.splitlines():
        if line.startswith("first-frame "):
            return float(line.split()[1])
    return None
