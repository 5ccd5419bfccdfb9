"""Sources: every playlist item as a stream of float32 stereo chunks at the mixer's rate.

Why not ``pygame.mixer.Sound(file)`` or ``pygame.mixer.music``? A Sound decodes
the whole file into memory (an hour is 635 MB), and ``music`` is a single
stream, so it cannot crossfade two tracks. Instead every file is decoded in
small chunks with soundfile (libsndfile: WAV, FLAC, OGG Vorbis, Opus and MP3),
converted to stereo, resampled to the mixer's rate if needed, and mixed in
numpy; the player queues the mix on one pygame channel. Memory stays at a few
chunks whatever the length, and every gain is applied per sample.

Nothing here imports pygame; a source that cannot be read raises SourceError
with a message fit for a person. A header that claims an absurd format (a
sample rate of 1 Hz, thousands of channels, days of sound) is refused when the
file is opened, here and at preflight: such a file is damage, and decoding it
would take the whole item at once. Samples that are not numbers (NaN, Inf in a
damaged float file) become silence, never full scale.
"""

from __future__ import annotations

import math
import os
from typing import Any, Protocol

import numpy as np
import soundfile

from ketacompanion.core.binaural import BinauralGenerator
from ketacompanion.core.models import (
    BinauralSegment,
    FileItem,
    FreshPiano,
    NatureItem,
    PlaylistItem,
    SilenceItem,
)
from ketacompanion.core.nature import NatureGenerator

# What a playable file may claim; anything beyond is a damaged header.
MIN_SAMPLE_RATE = 8000
MAX_SAMPLE_RATE = 384_000
MAX_CHANNELS = 32
MAX_LENGTH_S = 24 * 3600.0
AV_EXTENSIONS = frozenset({".m4a", ".aac"})  # decoded by PyAV, not libsndfile


class SourceError(Exception):
    """An item cannot be played; the message says why in plain words."""


class Source(Protocol):
    """A stream of float32 stereo frames at the mixer's sample rate."""

    def read(self, frames: int) -> np.ndarray:
        """Up to ``frames`` new frames, shape (n, 2), the caller's to change; fewer: ended."""
        ...

    def remaining(self) -> int | None:
        """Frames left if known."""
        ...

    def close(self) -> None:
        """Release the file, if any."""
        ...


class SilenceSource:
    """A given number of silent frames."""

    def __init__(self, frames: int) -> None:
        self._left = max(0, int(frames))

    def read(self, frames: int) -> np.ndarray:
        """Zeros, until the duration is used up."""
        count = min(int(frames), self._left)
        self._left -= count
        return np.zeros((count, 2), dtype=np.float32)

    def remaining(self) -> int | None:
        """Frames left."""
        return self._left

    def close(self) -> None:
        """Nothing to release."""


class ClipSource:
    """A short float32 stereo clip held in memory (chimes, the headphone check)."""

    def __init__(self, clip: np.ndarray) -> None:
        self._clip = np.asarray(clip, dtype=np.float32).reshape(-1, 2)
        self._pos = 0

    def read(self, frames: int) -> np.ndarray:
        """The next part of the clip."""
        out = self._clip[self._pos : self._pos + int(frames)].copy()  # callers scale in place
        self._pos += len(out)
        return out

    def remaining(self) -> int | None:
        """Frames left."""
        return len(self._clip) - self._pos

    def close(self) -> None:
        """Nothing to release."""


class ToneSource:
    """A binaural segment, optionally started part-way through."""

    def __init__(self, generator: BinauralGenerator, start_frame: int = 0) -> None:
        self.generator = generator
        generator.position = min(max(0, int(start_frame)), generator.total_frames)

    def read(self, frames: int) -> np.ndarray:
        """The next chunk of the tone."""
        return self.generator.read(frames)

    def remaining(self) -> int | None:
        """Frames left."""
        return self.generator.remaining

    def close(self) -> None:
        """Nothing to release."""


class NatureSource:
    """A nature sound (rain, sea, wind) generated chunk by chunk, optionally from part-way."""

    def __init__(self, generator: NatureGenerator, start_frame: int = 0) -> None:
        self.generator = generator
        generator.seek(start_frame)

    def read(self, frames: int) -> np.ndarray:
        """The next chunk of the sound."""
        return self.generator.read(frames)

    def remaining(self) -> int | None:
        """Frames left."""
        return self.generator.remaining

    def close(self) -> None:
        """Nothing to release."""


class FileSource:
    """An audio file decoded chunk by chunk and resampled to ``sample_rate``."""

    def __init__(self, path: str, sample_rate: int, start_s: float = 0.0,
                 data: Any = None) -> None:
        """``data``: the file's bytes already in memory (a sealed take), read instead."""
        self.path = path
        self._file = open_sound_file(path) if data is None else open_sound_data(data, path)
        self._rate_in = self._file.samplerate
        self._channels = self._file.channels
        self._resampler = (
            None if self._rate_in == sample_rate else Resampler(self._rate_in, sample_rate)
        )
        self._ratio = sample_rate / self._rate_in
        self._total_out = int(self._file.frames * self._ratio) if self._file.frames > 0 else None
        self._done_out = 0
        self._eof = False
        self._pending = np.zeros((0, 2), dtype=np.float32)
        if start_s > 0:
            start = min(int(start_s * self._rate_in), max(0, self._file.frames - 1))
            try:
                self._file.seek(start)
            except (soundfile.LibsndfileError, RuntimeError) as exc:
                raise SourceError(f"{os.path.basename(path)}: cannot seek ({exc})") from exc
            self._done_out = int(start * self._ratio)

    def read(self, frames: int) -> np.ndarray:
        """Decode, convert and resample the next chunk; raises SourceError if the file is bad."""
        frames = int(frames)
        parts = [self._pending]
        have = len(self._pending)
        while have < frames and not self._eof:
            want = max(256, math.ceil((frames - have) / self._ratio) + 4)
            try:
                raw = self._file.read(want, dtype="float32", always_2d=True)
            except (soundfile.LibsndfileError, RuntimeError, ValueError) as exc:
                raise SourceError(f"{os.path.basename(self.path)} is damaged ({exc})") from exc
            except OSError as exc:
                raise SourceError(f"{os.path.basename(self.path)} cannot be read ({exc})") from exc
            if len(raw) < want:
                self._eof = True
            stereo = to_stereo(finite_samples(raw), self._channels)
            if self._resampler is not None:
                stereo = self._resampler.process(stereo, final=self._eof)
            parts.append(stereo)
            have += len(stereo)
        out = np.concatenate(parts)
        self._pending = out[frames:]
        out = out[:frames]
        self._done_out += len(out)
        return out

    def remaining(self) -> int | None:
        """Frames left, from the file header (MP3 may be an estimate)."""
        return None if self._total_out is None else max(0, self._total_out - self._done_out)

    def close(self) -> None:
        """Close the file."""
        self._file.close()


class Resampler:
    """Streaming cubic (Catmull-Rom) resampler for stereo float frames."""

    def __init__(self, rate_in: int, rate_out: int) -> None:
        self.step = rate_in / rate_out
        self._buf = np.zeros((1, 2), dtype=np.float64)  # one frame of history
        self._pos = 1.0  # next output position, in frames of _buf

    def process(self, frames: np.ndarray, final: bool = False) -> np.ndarray:
        """Resample the next input frames; ``final`` flushes the tail."""
        tail = np.zeros((3, 2)) if final else np.zeros((0, 2))
        buf = np.concatenate([self._buf, frames.astype(np.float64), tail])
        last_usable = len(buf) - 3  # need i+2 <= len-1
        if last_usable < self._pos:
            self._buf = buf if not final else self._buf
            return np.zeros((0, 2), dtype=np.float32)
        count = int((last_usable - self._pos) // self.step) + 1
        pos = self._pos + self.step * np.arange(count)
        i = pos.astype(np.int64)
        f = (pos - i)[:, None]
        p0, p1, p2, p3 = buf[i - 1], buf[i], buf[i + 1], buf[i + 2]
        cubic = 3 * (p1 - p2) + p3 - p0
        out = p1 + 0.5 * f * (p2 - p0 + f * (2 * p0 - 5 * p1 + 4 * p2 - p3 + f * cubic))
        next_pos = self._pos + self.step * count
        keep_from = int(next_pos) - 1
        self._buf = buf[keep_from:]
        self._pos = next_pos - keep_from
        return out.astype(np.float32)


def open_sound_file(path: str) -> soundfile.SoundFile:
    """Open an audio file for reading, turning every failure into a clear SourceError."""
    name = os.path.basename(path)
    if not os.path.exists(path):
        raise SourceError(f"{name} is missing ({path})")
    if not os.access(path, os.R_OK):
        raise SourceError(f"{name} cannot be read (no permission)")
    return _open_checked(path, name)


def open_sound_data(data: Any, path: str) -> soundfile.SoundFile:
    """Open audio held in memory (a file-like object), as :func:`open_sound_file` does."""
    return _open_checked(data, os.path.basename(path))


def _open_checked(source: Any, name: str) -> soundfile.SoundFile:
    """Open ``source`` (a path or a file-like object) and refuse a format we cannot play."""
    try:
        sound = soundfile.SoundFile(source)
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise SourceError(f"{name} is damaged or not a kind of audio file we can play") from exc
    try:
        check_format(sound, name)
    except SourceError:
        sound.close()
        raise
    return sound


def check_format(sound: soundfile.SoundFile, name: str) -> None:
    """Refuse a file whose header claims a format no sound file has (a damaged header)."""
    if not MIN_SAMPLE_RATE <= sound.samplerate <= MAX_SAMPLE_RATE:
        raise SourceError(f"{name} is damaged (its header says {sound.samplerate} Hz)")
    if not 1 <= sound.channels <= MAX_CHANNELS:
        raise SourceError(f"{name} is damaged (its header says {sound.channels} channels)")
    if sound.frames > MAX_LENGTH_S * sound.samplerate:
        raise SourceError(f"{name} is damaged (its header says it lasts "
                          f"{sound.frames / sound.samplerate / 3600:.0f} hours)")


def finite_samples(raw: np.ndarray) -> np.ndarray:
    """``raw`` (float, changed in place) with NaN and Inf as silence, and clipped to +-1."""
    if not np.isfinite(raw).all():
        np.nan_to_num(raw, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    return np.clip(raw, -1.0, 1.0, out=raw)


def open_source(
    item: PlaylistItem,
    sample_rate: int,
    *,
    start_s: float = 0.0,
    phases: tuple[float, float] = (0.0, 0.0),
) -> Source:
    """The source that plays ``item`` from ``start_s`` seconds in."""
    if isinstance(item, FileItem):
        if decoded_by_av(item.path):  # M4A/AAC: libsndfile has no AAC decoder
            from ketacompanion.audio.av_source import AvFileSource

            return AvFileSource(item.path, sample_rate, start_s)
        return FileSource(item.path, sample_rate, start_s)
    if isinstance(item, BinauralSegment):
        generator = BinauralGenerator(item, sample_rate, phases=phases)
        return ToneSource(generator, round(start_s * sample_rate))
    if isinstance(item, NatureItem):
        return NatureSource(NatureGenerator(item, sample_rate), round(start_s * sample_rate))
    if isinstance(item, SilenceItem):
        return SilenceSource(round(max(0.0, item.duration_s - start_s) * sample_rate))
    if isinstance(item, FreshPiano):
        return open_fresh_piano(item, sample_rate, start_s)
    raise SourceError(f"unknown playlist item {item!r}")


def open_fresh_piano(item: FreshPiano, sample_rate: int, start_s: float = 0.0) -> Source:
    """The item's score, composed now and rendered ahead by a worker thread."""
    from ketacompanion.audio.piano_render import PianoSource  # the synthesiser loads on use
    from ketacompanion.audio.soundfont import SoundFontError
    from ketacompanion.core.composer import compose

    score = compose(item.duration_s, item.arc, item.seed)
    try:
        return PianoSource(score, sample_rate, start_s)
    except SoundFontError as exc:
        raise SourceError(f"the piano cannot play ({exc})") from exc


def decoded_by_av(path: str) -> bool:
    """Whether ``path`` is an M4A/AAC file, decoded by PyAV (:mod:`.av_source`)."""
    return os.path.splitext(path)[1].lower() in AV_EXTENSIONS


def to_stereo(raw: np.ndarray, channels: int) -> np.ndarray:
    """Frames of ``channels`` channels as stereo (mono doubled, extra channels dropped)."""
    if channels == 1:
        return np.repeat(raw, 2, axis=1)
    if channels == 2:
        return raw
    return np.ascontiguousarray(raw[:, :2])

