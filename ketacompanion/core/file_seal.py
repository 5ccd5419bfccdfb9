"""How the journal's own files are written and read: plain, or sealed (core.sealed).

:class:`FileSeal` is handed to whatever writes or reads drafts and takes (note
drafts, the take store, the recorder, the take player, transcription, export):
with the journal's file key it seals every write before a byte reaches the disk,
without one (an unprotected journal) it writes files as they are. Reading
accepts both, so a file written before the journal was protected still opens.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ketacompanion.core.sealed import (
    SealedAppender,
    SealedError,
    is_sealed,
    is_sealed_file,
    open_sealed,
    seal,
)


class FileSeal:
    """How the journal's own files (drafts, takes) are written and read.

    With a key every file is written sealed; without one (an unprotected journal)
    files are written as they are. Reading accepts both, so a file written before
    the journal was protected still opens.

    Args:
        key: The file key (core.keychain.DataKey.file_key()), or None for plain files.
    """

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key

    @classmethod
    def for_data_key(cls, data_key: object | None) -> FileSeal:
        """The seal of a journal whose data key is ``data_key`` (None: plain)."""
        if data_key is None:
            return cls(None)
        return cls(data_key.file_key())  # type: ignore[attr-defined]

    @property
    def on(self) -> bool:
        """True if new files are sealed."""
        return self._key is not None

    def write(self, path: Path, data: bytes) -> None:
        """Replace ``path`` atomically with ``data`` (sealed if on), 0600 from its first byte."""
        from ketacompanion.core.files import atomic_write_bytes

        atomic_write_bytes(path, seal(self._key, data) if self._key is not None else data)

    def read(self, path: Path, partial: bool = False) -> bytes:
        """The plaintext of ``path``, sealed or not.

        Raises:
            OSError: The file cannot be read.
            SealedError: It is sealed and damaged, or there is no key to open it.
        """
        data = path.read_bytes()
        if not is_sealed(data):
            return data
        if self._key is None:
            raise SealedError("the journal is locked")
        return open_sealed(self._key, data, partial)

    def audio(self, path: Path) -> Path | io.BytesIO:
        """Something soundfile opens: ``path`` itself, or its plaintext in memory.

        A sealed WAV a crash cut short is read up to its last whole chunk and its
        header made to match, as core.wav_file.repair_wav does on disk.
        """
        if not is_sealed_file(path):
            return path
        return io.BytesIO(wav_matching_its_data(self.read(path, partial=True)))

    def wav_writer(self, path: Path, rate: int, channels: int = 1,
                   sample_width: int = 2) -> Any:
        """A writer for a take being recorded: core.wav_file's, or a sealed one."""
        if self._key is None:
            from ketacompanion.core.wav_file import CrashSafeWavWriter

            return CrashSafeWavWriter(path, rate, channels, sample_width)
        return SealedWavWriter(path, self._key, rate, channels, sample_width)


PLAIN = FileSeal(None)


class SealedWavWriter:
    """A take recorded straight into a sealed file: its WAV header, then each block.

    The same interface as core.wav_file.CrashSafeWavWriter; what was flushed
    survives a kill (read back with :meth:`FileSeal.audio`), and no sample ever
    reaches the disk unsealed.
    """

    def __init__(self, path: Path, key: bytes, rate: int, channels: int = 1,
                 sample_width: int = 2) -> None:
        from ketacompanion.core.wav_file import _header

        self.path = path
        self.rate = rate
        self.channels = channels
        self.sample_width = sample_width
        self._data_bytes = 0
        self._closed = False
        self._pending: list[bytes] = []
        self._out = SealedAppender(path, key)
        self._out.append(_header(rate, channels, sample_width, 0))
        self._out.flush()

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
        return self._closed

    def write(self, pcm: bytes) -> None:
        """Append interleaved little-endian samples (whole frames only)."""
        if len(pcm) % (self.channels * self.sample_width):
            raise ValueError("pcm must hold whole frames")
        self._pending.append(pcm)
        self._data_bytes += len(pcm)

    def flush(self) -> None:
        """Seal what was written since the last flush as one chunk, and fsync."""
        if self._pending:
            self._out.append(b"".join(self._pending))
            self._pending = []
            self._out.flush()

    def close(self) -> None:
        """Flush and close; safe to call twice."""
        if self._closed:
            return
        self.flush()
        self._out.close(final=True)
        self._closed = True


def wav_matching_its_data(data: bytes) -> bytes:
    """A WAV whose header sizes match the whole frames it holds (other data as it is)."""
    from ketacompanion.core.wav_file import HEADER_BYTES, WavError, _header, _parse

    try:
        info = _parse(data[:HEADER_BYTES])
    except WavError:
        return data
    block = info.channels * info.sample_width
    body = (len(data) - HEADER_BYTES) // block * block
    return _header(info.rate, info.channels, info.sample_width, body) + \
        data[HEADER_BYTES:HEADER_BYTES + body]
