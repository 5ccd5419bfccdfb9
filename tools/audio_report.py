"""Listen with numbers: loudness over time, peaks, brightness, clicks, gaps, spectrograms.

Used by ``render_piano.py --report`` to judge a render as a listener would, and
handy on any audio file: ``python tools/audio_report.py file.ogg [--png out.png]``.
"""

from __future__ import annotations

import argparse
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import soundfile as sf


def loudness_db(data: np.ndarray, rate: int) -> float:
    """Gated mean loudness in dB (BS.1770-style gating on 400 ms blocks, no K-filter)."""
    power = _block_power(data, rate, 0.4)
    power = power[power > 10 ** (-70 / 10)]
    if power.size == 0:
        return -120.0
    relative = power[power > power.mean() * 10 ** (-10 / 10)]
    return float(10 * np.log10(relative.mean()))


def analyse(data: np.ndarray, rate: int) -> dict[str, float]:
    """Figures a listener would care about for a whole piece."""
    mono = data.mean(axis=1) if data.ndim == 2 else data
    second = _block_power(data, rate, 1.0)
    second_db = 10 * np.log10(np.maximum(second, 1e-12))
    inner = second_db[5:-15] if second_db.size > 30 else second_db
    # A click is a jump far larger than the signal's own slope around it.
    jumps = np.abs(np.diff(mono))
    slope = np.convolve(jumps, np.ones(441) / 441, mode="same")
    clicks = int(np.sum(jumps > 8 * slope + 0.02))
    window = np.hanning(4096)
    centroids = []
    for start in range(0, mono.size - 4096, rate * 5):
        spectrum = np.abs(np.fft.rfft(mono[start : start + 4096] * window))
        if spectrum.sum() > 1e-6:
            freqs = np.fft.rfftfreq(4096, 1 / rate)
            centroids.append(float((freqs * spectrum).sum() / spectrum.sum()))
    return {
        "seconds": data.shape[0] / rate,
        "loudness_db": loudness_db(data, rate),
        "peak_dbfs": float(20 * np.log10(max(np.abs(data).max(), 1e-12))),
        "quietest_second_db": float(inner.min()),
        "loudest_second_db": float(inner.max()),
        "loudness_spread_db": float(np.percentile(inner, 90) - np.percentile(inner, 10)),
        "centroid_hz": float(np.median(centroids)) if centroids else 0.0,
        "clicks": clicks,
        "silent_seconds_inside": int(np.sum(inner < -60)),
    }


def spectrogram_png(
    data: np.ndarray, rate: int, start_s: float, seconds: float, path: Path, top_hz: float = 6000.0
) -> None:
    """Write a spectrogram (time across, log frequency up, 70 dB range) as a PNG."""
    mono = data.mean(axis=1) if data.ndim == 2 else data
    clip = mono[int(start_s * rate) : int((start_s + seconds) * rate)]
    size, hop = 4096, rate // 20
    frames = np.array(
        [clip[i : i + size] * np.hanning(size) for i in range(0, clip.size - size, hop)]
    )
    spectrum = 20 * np.log10(np.abs(np.fft.rfft(frames, axis=1)) + 1e-9)
    freqs = np.fft.rfftfreq(size, 1 / rate)
    rows = 360
    wanted = np.geomspace(40, top_hz, rows)[::-1]
    image = np.stack([np.interp(wanted, freqs, column) for column in spectrum], axis=1)
    level = np.clip((image - (image.max() - 70)) / 70, 0, 1)
    _write_png(path, _colour(level))


def _block_power(data: np.ndarray, rate: int, block_s: float) -> np.ndarray:
    frames = data if data.ndim == 2 else data[:, None]
    size = int(rate * block_s)
    count = frames.shape[0] // size
    blocks = frames[: count * size].reshape(count, size, frames.shape[1])
    return (blocks.astype(np.float64) ** 2).mean(axis=1).sum(axis=1)


def _colour(level: np.ndarray) -> np.ndarray:
    # Dark blue -> violet -> orange -> pale yellow: quiet detail stays visible.
    stops = np.array([[0, 0, 8], [60, 20, 110], [190, 60, 90], [250, 150, 40], [255, 250, 200]])
    position = level * (len(stops) - 1)
    low = np.floor(position).astype(int).clip(0, len(stops) - 2)
    fraction = (position - low)[..., None]
    return (stops[low] * (1 - fraction) + stops[low + 1] * fraction).astype(np.uint8)


def _write_png(path: Path, rgb: np.ndarray) -> None:
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[row].tobytes() for row in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--png", type=Path, help="spectrogram of 60 s from --at")
    parser.add_argument("--at", type=float, default=60.0)
    args = parser.parse_args(argv)
    for file in args.files:
        data, rate = sf.read(file, dtype="float32", always_2d=True)
        figures = analyse(data, rate)
        print(file.name, " ".join(f"{k}={v:.1f}" for k, v in figures.items()))
        if args.png:
            spectrogram_png(data, rate, args.at, 60.0, args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
