"""M4A/AAC files (phones, Apple Music): decoded with PyAV (FFmpeg), chunk by chunk.

libsndfile, which plays every other kind of file, has no AAC decoder. PyAV's
wheels carry their own FFmpeg, so nothing extra is installed on the system.
It is imported only when such a file is opened: the window opens without it.

The file is decoded one AAC frame (1024 samples) at a time, converted to
stereo and resampled to the mixer's rate like every other file, so memory
stays at a few chunks whatever the length. The length comes from mutagen
(the MP4 header); the decoder's padding past it is dropped.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from typing import Any

import numpy as np

from ketacompanion.audio.sources import (
    MAX_CHANNELS,
    MAX_LENGTH_S,
    MAX_SAMPLE_RATE,
    MIN_SAMPLE_RATE,
    Resampler,
    SourceError,
    finite_samples,
    to_stereo,
)


class AvFileSource:
    """An M4A/AAC file decoded chunk by chunk and resampled to ``sample_rate``."""

    def __init__(self, path: str, sample_rate: int | None, start_s: float = 0.0) -> None:
        self.path = path
        name = os.path.basename(path)
        self._container, stream = _open(path)
        self._rate_in = int(stream.rate)
        self._channels = int(stream.channels)
        sample_rate = sample_rate or self._rate_in  # None: the file's own rate
        self._ratio = sample_rate / self._rate_in
        self._resampler = (
            None if self._rate_in == sample_rate else Resampler(self._rate_in, sample_rate)
        )
        length_s = _length_s(path, stream)
        self._total_out = None if not length_s else int(length_s * sample_rate)
        # An M4A's header length is exact (the encoder's padding past it is dropped);
        # a raw ADTS stream's is an estimate from its bit rate, so it only informs.
        self._trim = self._total_out is not None and path.lower().endswith(".m4a")
        self._skip_in = 0
        self._done_out = 0
        self._eof = False
        self._pending = np.zeros((0, 2), dtype=np.float32)
        if start_s > 0:
            start = max(0, int(start_s * self._rate_in))
            try:
                self._container.seek(int(start / self._rate_in / stream.time_base),
                                     stream=stream, backward=True, any_frame=False)
            except Exception as exc:  # FFmpeg raises many kinds
                raise SourceError(f"{name}: cannot seek ({exc})") from exc
            self._skip_in = start  # frames before it are dropped by their timestamps
            self._done_out = int(start * self._ratio)
        self._frames = self._decode(stream, seeking=start_s > 0)

    def read(self, frames: int) -> np.ndarray:
        """Decode, convert and resample the next chunk; raises SourceError if the file is bad."""
        frames = int(frames)
        parts = [self._pending]
        have = len(self._pending)
        while have < frames and not self._eof:
            raw = next(self._frames, None)
            if raw is None:
                self._eof = True
                raw = np.zeros((0, self._channels), dtype=np.float32)
            stereo = to_stereo(finite_samples(raw), self._channels)
            if self._resampler is not None:
                stereo = self._resampler.process(stereo, final=self._eof)
            parts.append(stereo)
            have += len(stereo)
        out = np.concatenate(parts)
        if self._trim and self._total_out is not None:  # the encoder's padding
            out = out[: max(0, self._total_out - self._done_out)]
        self._pending = out[frames:]
        out = out[:frames]
        self._done_out += len(out)
        return out

    @property
    def rate_in(self) -> int:
        """The file's own sample rate."""
        return self._rate_in

    def remaining(self) -> int | None:
        """Frames left, from the MP4 header."""
        return None if self._total_out is None else max(0, self._total_out - self._done_out)

    def close(self) -> None:
        """Close the file."""
        self._container.close()

    def _decode(self, stream: Any, seeking: bool) -> Iterator[np.ndarray]:
        """The file's samples, frame by frame, shape (n, channels), float32."""
        av = _av()
        name = os.path.basename(self.path)
        try:
            for frame in self._container.decode(stream):
                array = frame.to_ndarray()
                samples = array.astype(np.float32)
                if np.issubdtype(array.dtype, np.integer):  # AAC gives floats; ALAC ints
                    samples /= float(np.iinfo(array.dtype).max)
                if frame.format.is_planar:
                    samples = samples.T
                else:
                    samples = samples.reshape(-1, self._channels)
                if seeking and frame.pts is not None and frame.time_base is not None:
                    first = round(frame.pts * frame.time_base * self._rate_in)
                    drop = self._skip_in - first
                    if drop >= len(samples):
                        continue
                    samples = samples[max(0, drop):]
                    seeking = False
                yield np.ascontiguousarray(samples, dtype=np.float32)
        except (av.error.FFmpegError, ValueError) as exc:
            raise SourceError(f"{name} is damaged ({exc})") from exc
        except OSError as exc:
            raise SourceError(f"{name} cannot be read ({exc})") from exc


def check_av_file(path: str) -> str | None:
    """Decode an M4A/AAC file to the end; None if it plays, else why not (plain words)."""
    try:
        source = AvFileSource(path, None)
    except SourceError as exc:
        return str(exc)
    try:
        decoded = 0
        while True:
            block = source.read(65536)
            decoded += len(block)
            if len(block) < 65536:
                break
    except SourceError as exc:
        return str(exc)
    finally:
        source.close()
    if decoded == 0:
        return f"{os.path.basename(path)} holds no sound"
    return None


def _av() -> Any:
    import av  # imported late: only M4A needs it, and it is large

    return av


def _open(path: str) -> tuple[Any, Any]:
    """The open container and its first audio stream, checked like any file's header."""
    name = os.path.basename(path)
    if not os.path.exists(path):
        raise SourceError(f"{name} is missing ({path})")
    if not os.access(path, os.R_OK):
        raise SourceError(f"{name} cannot be read (no permission)")
    av = _av()
    try:
        container = av.open(path, "r")
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise SourceError(f"{name} is damaged or not a kind of audio file we can play") from exc
    try:
        if not container.streams.audio:
            raise SourceError(f"{name} holds no sound")
        stream = container.streams.audio[0]
        rate, channels = int(stream.rate or 0), int(stream.channels or 0)
        if not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
            raise SourceError(f"{name} is damaged (its header says {rate} Hz)")
        if not 1 <= channels <= MAX_CHANNELS:
            raise SourceError(f"{name} is damaged (its header says {channels} channels)")
    except SourceError:
        container.close()
        raise
    return container, stream


def _length_s(path: str, stream: Any) -> float | None:
    """The length in seconds from the MP4 header (mutagen), else the stream's own."""
    import mutagen  # imported late, as core.tags does

    name = os.path.basename(path)
    length: float | None = None
    try:
        info = mutagen.File(path)
        if info is not None and getattr(info.info, "length", 0) > 0:
            length = float(info.info.length)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError):
        length = None
    if length is None and stream.duration and stream.time_base:
        length = float(stream.duration * stream.time_base)
    if length is not None and (not math.isfinite(length) or length > MAX_LENGTH_S):
        raise SourceError(f"{name} is damaged (its header says it lasts "
                          f"{length / 3600:.0f} hours)")
    return length
