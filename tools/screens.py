"""Shared pieces of the screenshot tools: a window manager for real geometry, and waiting."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEventLoop, QTimer


@contextmanager
def window_manager() -> Iterator[None]:
    """Run openbox on the X display for the block, when both are there."""
    wm = None
    if shutil.which("openbox") and os.environ.get("DISPLAY"):
        wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        if wm is not None:
            wm.terminate()
            wm.wait(5)


def size(text: str) -> tuple[int, int]:
    """``WxH`` (e.g. ``1024x600``) as a (width, height) pair, for argparse."""
    width, height = text.lower().split("x")
    return int(width), int(height)


def settle(ms: int) -> None:
    """Let Qt run for ``ms`` milliseconds (layouts, fades, repaints)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
