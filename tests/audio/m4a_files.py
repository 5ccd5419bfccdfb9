"""M4A test files made at run time with PyAV's own AAC encoder (no ffmpeg program needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_m4a(path: Path, samples: np.ndarray, rate: int) -> Path:
    """Encode float ``samples`` (n,) mono or (n, 2) stereo as AAC in an MP4 container."""
    import av

    data = np.asarray(samples, dtype=np.float32)
    data = data[:, None] if data.ndim == 1 else data
    layout = "mono" if data.shape[1] == 1 else "stereo"
    planar = np.ascontiguousarray(data.T)
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=rate, layout=layout)
        for start in range(0, planar.shape[1], 1024):
            block = np.ascontiguousarray(planar[:, start : start + 1024])
            frame = av.AudioFrame.from_ndarray(block, format="fltp", layout=layout)
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def m4a_tone(path: Path, freq: float, seconds: float, rate: int = 44100,
             amplitude: float = 0.5, channels: int = 2) -> Path:
    """A steady sine tone as an M4A file."""
    t = np.arange(int(seconds * rate)) / rate
    tone = amplitude * np.sin(2 * np.pi * freq * t)
    return write_m4a(path, tone if channels == 1 else np.column_stack([tone, tone]), rate)
