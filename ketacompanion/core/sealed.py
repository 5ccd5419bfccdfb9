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
    return MAGIC + bytes([VERSION]) + os.urandom(16)


def _chunk(key: bytes, header: bytes, index: int, data: bytes, final: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, data, _aad(header, index, int(final)))
    return _CHUNK_HEAD.pack(len(sealed), int(final), nonce) + sealed


def _aad(header: bytes, index: int, final: int) -> bytes:
    return header + struct.pack(">QB", index, final)


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
