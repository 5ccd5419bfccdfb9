"""A take recorded straight into a sealed file (a protected journal's voice notes)."""

from __future__ import annotations

from pathlib import Path

from ketacompanion.core.sealed import SealedAppender
from ketacompanion.core.wav_file import TakeWriter


class SealedWavWriter(TakeWriter):
    """A take recorded straight into a sealed file: its WAV header, then each block.

    What was flushed survives a kill (read back with core.file_seal's
    ``FileSeal.audio``), and no sample ever reaches the disk unsealed.

    Args:
        path: The file to create (it must not exist). Created 0600.
        key: The journal's file key.
        rate: Frames per second.
        channels: Interleaved channels.
        sample_width: Bytes per sample (2 for 16-bit).
    """

    def __init__(self, path: Path, key: bytes, rate: int, channels: int = 1,
                 sample_width: int = 2) -> None:
        super().__init__(path, rate, channels, sample_width)
        self._closed = False
        self._pending: list[bytes] = []
        self._out = SealedAppender(path, key)
        self._out.append(self._empty_header())
        self._out.flush()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._closed

    def write(self, pcm: bytes) -> None:
        """Append interleaved little-endian samples (whole frames only)."""
        self._count(pcm)
        self._pending.append(pcm)

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
