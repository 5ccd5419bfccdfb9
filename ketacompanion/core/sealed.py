"""Sealed files: AES-256-GCM in chunks, so a file can grow as it is written and stay sealed.

Layout: a 25-byte header (``MAGIC``, a version byte, a random 16-byte file id),
then chunks, each ``length (4 bytes) | final (1) | nonce (12) | ciphertext+tag``.
Each chunk's AAD is the header, its index and its final flag, so chunks cannot
be reordered, moved between files, or a finished file cut short unnoticed. A
file still growing (a take being recorded) has no final chunk yet; read after a
crash, its torn last chunk is dropped and the rest is kept (:func:`open_sealed`
with ``partial=True``).

Nothing is ever written in plaintext first: the caller hands bytes in and gets
sealed bytes out (or appends chunks to an open file).
"""

from __future__ import annotations

import io
import os
import secrets
import struct
from pathlib import Path
from typing import Any

MAGIC = b"KCSEALED"
VERSION = 1
HEADER_BYTES = len(MAGIC) + 1 + 16
_CHUNK_HEAD = struct.Struct(">IB12s")
_TAG_BYTES = 16
CHUNK_BYTES = 1 << 20  # plaintext per chunk when a whole file is sealed at once
_MAX_CHUNK = 64 << 20  # a length beyond this is damage, not a chunk


class SealedError(Exception):
    """A sealed file is damaged, cut short, or sealed with another key."""


def is_sealed(head: bytes) -> bool:
    """True if ``head`` (the first bytes of a file) starts a sealed file."""
    return head[: len(MAGIC)] == MAGIC


def is_sealed_file(path: Path) -> bool:
    """True if the file at ``path`` is sealed (False if it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return is_sealed(handle.read(len(MAGIC)))
    except OSError:
        return False


def seal(key: bytes, data: bytes) -> bytes:
    """``data`` sealed whole (one or more chunks, the last one final)."""
    header = _new_header()
    parts = [header]
    pieces = [data[i:i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]
    for index, piece in enumerate(pieces):
        parts.append(_chunk(key, header, index, piece, final=index == len(pieces) - 1))
    return b"".join(parts)


def open_sealed(key: bytes, blob: bytes, partial: bool = False) -> bytes:
    """The plaintext of a sealed file.

    Args:
        key: The file key.
        blob: The whole sealed file.
        partial: Accept a file with no final chunk and a torn last chunk (a
            recording a crash cut short); otherwise both are damage.

    Raises:
        SealedError: Damaged, cut short, or sealed with another key.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(blob) < HEADER_BYTES or not is_sealed(blob) or blob[len(MAGIC)] != VERSION:
        raise SealedError("not a sealed file")
    header, pos, index, out = blob[:HEADER_BYTES], HEADER_BYTES, 0, []
    cipher = AESGCM(key)
    while pos < len(blob):
        if pos + _CHUNK_HEAD.size > len(blob):
            if partial:
                break
            raise SealedError("cut short")
        length, final, nonce = _CHUNK_HEAD.unpack_from(blob, pos)
        end = pos + _CHUNK_HEAD.size + length
        if length < _TAG_BYTES or length > _MAX_CHUNK or final > 1 or end > len(blob):
            if partial:
                break
            raise SealedError("damaged chunk")
        try:
            out.append(cipher.decrypt(nonce, blob[pos + _CHUNK_HEAD.size:end],
                                      _aad(header, index, final)))
        except InvalidTag as exc:
            if partial and end == len(blob):
                break  # the torn last write of a recording
            raise SealedError("damaged, or sealed with another key") from exc
        pos, index = end, index + 1
        if final:
            if pos != len(blob):
                raise SealedError("bytes after the end")
            return b"".join(out)
    if not partial:
        raise SealedError("cut short")
    return b"".join(out)


def read_sealed(key: bytes, path: Path, partial: bool = False) -> bytes:
    """The plaintext of the sealed file at ``path`` (see :func:`open_sealed`)."""
    return open_sealed(key, path.read_bytes(), partial)


class SealedAppender:
    """Writes a sealed file chunk by chunk, created 0600 and never holding plaintext.

    Args:
        path: The new file (it must not exist).
        key: The file key.
    """

    def __init__(self, path: Path, key: bytes) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        self._fd = os.open(path, flags, 0o600)
        self.path = path
        self._key = key
        self._header = _new_header()
        self._index = 0
        os.write(self._fd, self._header)

    def append(self, data: bytes, final: bool = False) -> None:
        """Seal ``data`` as the next chunk (the last one if ``final``)."""
        if self._fd < 0:
            raise ValueError("closed")
        chunk = _chunk(self._key, self._header, self._index, data, final)
        written = 0
        while written < len(chunk):
            written += os.write(self._fd, chunk[written:])
        self._index += 1

    def flush(self) -> None:
        """Make everything appended durable."""
        os.fsync(self._fd)

    def close(self, final: bool = True) -> None:
        """Close; with ``final`` an empty final chunk marks the file complete."""
        if self._fd < 0:
            return
        try:
            if final:
                self.append(b"", final=True)
                os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = -1


def _new_header() -> bytes:
    return MAGIC + bytes([VERSION]) + secrets.token_bytes(16)


def _chunk(key: bytes, header: bytes, index: int, data: bytes, final: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, data, _aad(header, index, int(final)))
    return _CHUNK_HEAD.pack(len(sealed), int(final), nonce) + sealed


def _aad(header: bytes, index: int, final: int) -> bytes:
    return header + struct.pack(">QB", index, final)


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


class SealingWriter(io.RawIOBase):
    """A writable stream that seals what it is given into ``sink`` (1 MiB chunks).

    For files too large to seal in memory at once (a backup): ``close`` writes
    the final chunk; ``sink`` itself is left open for the caller.
    """

    def __init__(self, sink: Any, key: bytes) -> None:
        super().__init__()
        self._sink, self._key = sink, key
        self._header = _new_header()
        self._index = 0
        self._buffer = bytearray()
        sink.write(self._header)

    def writable(self) -> bool:
        """Always True."""
        return True

    def write(self, data: Any) -> int:
        """Buffer ``data``; whole chunks are sealed and written as they fill."""
        self._buffer += bytes(data)
        while len(self._buffer) > CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def close(self) -> None:
        """Seal the rest as the final chunk (once)."""
        if not self.closed:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
        super().close()

    def _emit(self, data: bytes, final: bool) -> None:
        self._sink.write(_chunk(self._key, self._header, self._index, data, final))
        self._index += 1


class UnsealingReader(io.RawIOBase):
    """A readable stream of the plaintext of a sealed stream read from ``source``.

    Every chunk is authenticated before a byte of it is given out; damage, another
    key, or a stream cut short (no final chunk) raise :class:`SealedError`.
    """

    def __init__(self, source: Any, key: bytes) -> None:
        super().__init__()
        self._source = source
        self._header = source.read(HEADER_BYTES)
        if (len(self._header) < HEADER_BYTES or not is_sealed(self._header)
                or self._header[len(MAGIC)] != VERSION):
            raise SealedError("not a sealed stream")
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._cipher = AESGCM(key)
        self._index = 0
        self._done = False
        self._pending = b""

    def readable(self) -> bool:
        """Always True."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the next authenticated chunk(s); 0 at the end."""
        while not self._pending and not self._done:
            self._pending = self._next_chunk()
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def _next_chunk(self) -> bytes:
        from cryptography.exceptions import InvalidTag

        head = self._source.read(_CHUNK_HEAD.size)
        if len(head) < _CHUNK_HEAD.size:
            raise SealedError("cut short")
        length, final, nonce = _CHUNK_HEAD.unpack(head)
        if length < _TAG_BYTES or length > _MAX_CHUNK or final > 1:
            raise SealedError("damaged chunk")
        body = self._source.read(length)
        if len(body) < length:
            raise SealedError("cut short")
        try:
            plain = self._cipher.decrypt(nonce, body, _aad(self._header, self._index, final))
        except InvalidTag as exc:
            raise SealedError("damaged, or sealed with another key") from exc
        self._index += 1
        if final:
            if self._source.read(1):
                raise SealedError("bytes after the end")
            self._done = True
        return plain
