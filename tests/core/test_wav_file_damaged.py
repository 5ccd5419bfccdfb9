"""A damaged take header is one clear WavError, never an arithmetic or struct error.

A take WAV left in drafts/ is read at every start. Its header claiming 0 bits per
sample divided by zero, and a huge sample rate overflowed the repaired header's
byte rate (struct.error); neither was caught, and the app could not open.
"""

from __future__ import annotations

import random
import struct
import time
from pathlib import Path

import pytest

from ketacompanion.core.wav_file import HEADER_BYTES, WavError, read_wav_info, repair_wav

FIELDS = "<4sI4s4sIHHIIHH4sI"


def _header(**changes: object) -> bytes:
    values = dict(riff=b"RIFF", riff_size=36 + 320, wave=b"WAVE", fmt=b"fmt ", fmt_len=16,
                  pcm=1, channels=1, rate=16000, byte_rate=32000, block=2, bits=16,
                  data=b"data", data_size=320)
    values.update(changes)
    return struct.pack(FIELDS, *values.values())


@pytest.mark.parametrize("changes", [
    {"bits": 0, "block": 0},  # ZeroDivisionError before
    {"bits": 0},
    {"rate": 0xFFFFFFFF},  # struct.error when the header was repaired
    {"rate": 0x7FFFFFFF, "block": 2},
    {"channels": 0xFFFF, "block": 0xFFFE, "bits": 16},
    {"bits": 12, "block": 1},
])
def test_a_damaged_header_is_a_wav_error(tmp_path: Path, changes: dict) -> None:
    path = tmp_path / "take.wav"
    path.write_bytes(_header(**changes) + bytes(320))
    with pytest.raises(WavError):
        read_wav_info(path)
    with pytest.raises(WavError):
        repair_wav(path)
    assert path.read_bytes()[HEADER_BYTES:] == bytes(320)  # nothing was cut off


def test_fuzzed_headers_only_ever_raise_wav_error(tmp_path: Path) -> None:
    """Thousands of mutated headers and bodies: a WavInfo or a WavError, nothing else."""
    rng = random.Random(12)
    good = _header() + bytes(range(256)) + bytes(64)
    path = tmp_path / "take.wav"
    deadline = time.monotonic() + 8.0
    cases = 0
    while cases < 4000 and time.monotonic() < deadline:
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            offset = rng.randrange(HEADER_BYTES)
            width = rng.choice((1, 2, 4))
            data[offset:offset + width] = rng.getrandbits(8 * width).to_bytes(width, "little")
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)):]
        path.write_bytes(bytes(data))
        for reader in (read_wav_info, repair_wav):
            try:
                info = reader(path)
            except WavError:
                continue
            assert info.rate >= 1 and info.channels >= 1 and info.frames >= 0
        cases += 1
    assert cases >= 500
