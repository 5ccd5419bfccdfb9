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
from typing import TYPE_CHECKING

from ketacompanion.core.sealed import (
    SealedError,
    is_sealed,
    is_sealed_file,
    open_sealed,
    seal,
)

if TYPE_CHECKING:
    from ketacompanion.core.wav_file import TakeWriter


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
                   sample_width: int = 2) -> TakeWriter:
        """A writer for a take being recorded: core.wav_file's, or a sealed one."""
        if self._key is None:
            from ketacompanion.core.wav_file import CrashSafeWavWriter

            return CrashSafeWavWriter(path, rate, channels, sample_width)
        from ketacompanion.core.sealed_wav import SealedWavWriter

        return SealedWavWriter(path, self._key, rate, channels, sample_width)


PLAIN = FileSeal(None)


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
