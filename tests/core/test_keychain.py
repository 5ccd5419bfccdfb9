"""The key chain: Argon2id -> KEK -> AES-GCM-wrapped data key, and the recovery code."""

from __future__ import annotations

import json
import time

import pytest

from ketacompanion.core.keychain import (
    DEFAULT_KDF,
    KdfParams,
    KeychainError,
    WrongSecretError,
    new_key_file,
    new_recovery_code,
    normalise_recovery_code,
    parse_key_file,
    rewrap,
    unwrap,
)

CHEAP = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)


def test_passphrase_and_recovery_code_open_the_same_key() -> None:
    data, key, code = new_key_file("blue heron at dusk", CHEAP)
    assert unwrap(data, "blue heron at dusk") == key
    assert unwrap(data, code) == key
    # Typed as people type it: lower case, spaces, O for 0.
    assert unwrap(data, code.lower().replace("-", " ").replace("0", "o")) == key
    with pytest.raises(WrongSecretError, match="does not open this journal"):
        unwrap(data, "blue heron at dawn")


def test_the_key_file_holds_no_key_and_no_passphrase() -> None:
    data, key, code = new_key_file("blue heron at dusk", CHEAP)
    assert key.raw not in data and key.raw.hex().encode() not in data
    assert b"heron" not in data and code.encode() not in data
    doc = json.loads(data)
    assert doc["version"] == 1 and doc["slots"]["passphrase"]["memory_kib"] == 1024
    assert "hidden" in repr(key) and key.raw.hex() not in repr(key)


def test_rewrap_changes_the_passphrase_only() -> None:
    data, key, code = new_key_file("old words", CHEAP)
    new, same = rewrap(data, code, "new words")
    assert same == key
    assert unwrap(new, "new words") == key and unwrap(new, code) == key
    with pytest.raises(WrongSecretError):
        unwrap(new, "old words")
    with pytest.raises(WrongSecretError):
        rewrap(data, "not it", "x")
    with pytest.raises(KeychainError, match="empty"):
        rewrap(data, "old words", "   ")


def test_recovery_codes_are_checked() -> None:
    code = new_recovery_code()
    assert len(code) == 35 and code.count("-") == 5
    assert normalise_recovery_code(code) is not None
    flipped = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert normalise_recovery_code(flipped) is None
    assert normalise_recovery_code("correct horse battery staple") is None


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(version=2),
    lambda d: d.update(format="other"),
    lambda d: d["slots"].pop("recovery"),
    lambda d: d["slots"]["passphrase"].update(memory_kib=1 << 40),
    lambda d: d["slots"]["passphrase"].update(time_cost=10_000),
    lambda d: d["slots"]["passphrase"].update(nonce="!!"),
    lambda d: d["slots"]["passphrase"].update(wrapped="AAAA"),
    lambda d: d["slots"]["passphrase"].update(memory_kib="64"),
])
def test_a_damaged_key_file_is_refused_before_argon2_runs(mutate) -> None:
    data, _key, _code = new_key_file("x", CHEAP)
    doc = json.loads(data)
    mutate(doc)
    with pytest.raises(KeychainError):
        parse_key_file(json.dumps(doc).encode())


def test_fuzzed_key_files_never_raise_anything_else() -> None:
    import random

    data, _key, _code = new_key_file("x", CHEAP)
    rng = random.Random(14)
    deadline = time.monotonic() + 10
    cases = 0
    while cases < 3000 and time.monotonic() < deadline:
        blob = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            kind = rng.random()
            pos = rng.randrange(len(blob))
            if kind < 0.5:
                blob[pos] = rng.randrange(256)
            elif kind < 0.75:
                del blob[pos:pos + rng.randint(1, 20)]
            else:
                blob[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
        try:
            unwrap(bytes(blob), "x")
        except KeychainError:
            pass
        cases += 1
    assert cases >= 500


def test_the_real_cost_is_at_least_64_mib_and_takes_a_noticeable_time() -> None:
    assert DEFAULT_KDF.memory_kib >= 64 * 1024
    data, key, _code = new_key_file("real", DEFAULT_KDF)
    start = time.perf_counter()
    assert unwrap(data, "real") == key
    elapsed = time.perf_counter() - start
    assert 0.2 < elapsed < 5.0, elapsed
