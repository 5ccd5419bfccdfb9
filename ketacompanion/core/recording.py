"""What the UI needs to know about a recording, without the audio package (and pygame)."""

from __future__ import annotations

from enum import Enum


class RecorderState(Enum):
    """What the recorder is doing."""

    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"


def clock_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for an elapsed time."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
