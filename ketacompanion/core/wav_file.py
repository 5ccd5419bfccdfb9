"""A PCM WAV file that is valid on disk after every flush, and repaired after a crash.

A voice note is written as it is spoken. After each flush the header's two
sizes are patched to match the data written so far and the file is fsynced, so
a kill or power loss leaves a playable file holding everything up to the last
flush. A file whose header still lags behind its data (the process died between
writing samples and patching the header) is put right by :func:`repair_wav`.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

HEADER_BYTES = 44
_RIFF_SIZE_OFFSET = 4
_DATA_SIZE_OFFSET = 40
# What a header may claim and still be a recording: anything else is damage, and
# would make the arithmetic below divide by zero or overflow the header's fields.
_SAMPLE_BITS = (8, 16, 24, 32)
_MAX_CHANNELS = 32
_MAX_RATE = 768_000


class WavError(Exception):
    """The file is not a PCM WAV this module wrote (or its header is damaged)."""


@dataclass(frozen=True)
class WavInfo:
    """What a WAV file holds."""

    rate: int
    channels: int
    sample_width: int
    frames: int

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return self.frames / self.rate if self.rate else 0.0


def _header(rate: int, channels: int, sample_width: int, data_bytes: int) -> bytes:
    block = channels * sample_width
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + data_bytes, b"WAVE",
        b"fmt ", 16, 1, channels, rate, rate * block, block, sample_width * 8,
        b"data", data_bytes,
    )


class TakeWriter:
    """What every take writer counts: frames and seconds written, in whole frames.

    The plain writer below and the sealed one (core.sealed_wav) share it, so a take
    is measured one way whether or not the journal is protected.

    Args:
        path: The file to create (it must not exist). Created 0600.
        rate: Frames per second.
        channels: Interleaved channels.
        sample_width: Bytes per sample (2 for 16-bit).
    """

    def __init__(self, path: Path, rate: int, channels: int = 1, sample_width: int = 2) -> None:
        self.path = path
        self.rate = rate
        self.channels = channels
        self.sample_width = sample_width
        self._data_bytes = 0

    @property
    def frames(self) -> int:
        """Frames written so far (flushed or not)."""
        return self._data_bytes // (self.channels * self.sample_width)

    @property
    def duration_s(self) -> float:
        """Seconds written so far."""
        return self.frames / self.rate

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        raise NotImplementedError

    def write(self, pcm: bytes) -> None:
        """Append interleaved little-endian samples (whole frames only)."""
        raise NotImplementedError

    def flush(self) -> None:
        """Make everything written so far survive a kill."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and close; safe to call twice."""
        raise NotImplementedError

    def _count(self, pcm: bytes) -> None:
        """Check that ``pcm`` is whole frames; it is then counted as written."""
        if len(pcm) % (self.channels * self.sample_width):
            raise ValueError("pcm must hold whole frames")
        self._data_bytes += len(pcm)

    def _empty_header(self) -> bytes:
        return _header(self.rate, self.channels, self.sample_width, 0)


class CrashSafeWavWriter(TakeWriter):
    """Appends PCM frames to a new WAV file, keeping it valid at every :meth:`flush`.

    Made as a :class:`TakeWriter` is (the same arguments).
    """

    def __init__(self, path: Path, rate: int, channels: int = 1, sample_width: int = 2) -> None:
        super().__init__(path, rate, channels, sample_width)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        self._file = os.fdopen(fd, "r+b", buffering=0)
        self._flushed_bytes = -1
        self._file.write(self._empty_header())
        self.flush()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._file.closed

    def write(self, pcm: bytes) -> None:
        """Append interleaved little-endian samples (whole frames only)."""
        at = HEADER_BYTES + self._data_bytes
        self._count(pcm)
        self._file.seek(at)
        self._file.write(pcm)

    def flush(self) -> None:
        """Patch the header to the data written so far and fsync the file."""
        if self._flushed_bytes == self._data_bytes:
            return
        self._file.seek(_RIFF_SIZE_OFFSET)
        self._file.write(struct.pack("<I", 36 + self._data_bytes))
        self._file.seek(_DATA_SIZE_OFFSET)
        self._file.write(struct.pack("<I", self._data_bytes))
        os.fsync(self._file.fileno())
        self._flushed_bytes = self._data_bytes

    def close(self) -> None:
        """Flush and close; safe to call twice."""
        if self._file.closed:
            return
        self.flush()
        self._file.close()


def read_wav_info(path: Path) -> WavInfo:
    """The format and length of a PCM WAV, as its header claims.

    Raises:
        WavError: Not a 44-byte-header PCM WAV.
        OSError: The file cannot be read.
    """
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    return _parse(head)


def wav_info_of(data: bytes) -> WavInfo:
    """The format and length a WAV held in memory claims (see :func:`read_wav_info`)."""
    return _parse(data[:HEADER_BYTES])


def repair_wav(path: Path) -> WavInfo:
    """Make the header of an interrupted recording match the whole frames on disk.

    A trailing partial frame (the process died mid-write) is cut off. The file
    is fsynced afterwards.

    Returns:
        The repaired file's info.

    Raises:
        WavError: The file does not start with a sound PCM WAV header.
        OSError: The file cannot be read or written.
    """
    size = path.stat().st_size
    with path.open("r+b") as handle:
        info = _parse(handle.read(HEADER_BYTES))
        block = info.channels * info.sample_width
        data_bytes = (size - HEADER_BYTES) // block * block
        if data_bytes + HEADER_BYTES != size:
            handle.truncate(HEADER_BYTES + data_bytes)
        handle.seek(0)
        handle.write(_header(info.rate, info.channels, info.sample_width, data_bytes))
        handle.flush()
        os.fsync(handle.fileno())
    return WavInfo(info.rate, info.channels, info.sample_width, data_bytes // block)


def _parse(head: bytes) -> WavInfo:
    if len(head) < HEADER_BYTES:
        raise WavError("file is shorter than a WAV header")
    fields = struct.unpack("<4sI4s4sIHHIIHH4sI", head)
    riff, _, wave, fmt, fmt_len, pcm, channels, rate, _, block, bits, data, data_bytes = fields
    if (riff, wave, fmt, data) != (b"RIFF", b"WAVE", b"fmt ", b"data") or fmt_len != 16:
        raise WavError("not a plain PCM WAV header")
    if pcm != 1 or bits not in _SAMPLE_BITS or not 1 <= channels <= _MAX_CHANNELS:
        raise WavError("unsupported WAV format")
    if not 1 <= rate <= _MAX_RATE or block != channels * bits // 8:
        raise WavError("damaged WAV header")
    return WavInfo(rate, channels, bits // 8, data_bytes // block)
