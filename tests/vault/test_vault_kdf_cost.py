"""The key file keeps the cost calibrated when it was made, and unlocking reads it from there.

Calibration is given a fake measure and a cheap floor: nothing here depends on how
fast this machine is. Only the key file from before calibration (made at the real
default cost) runs the real Argon2, twice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from keyring.backends import fail
from vault_rig import CHEAP, make_journal

from ketacompanion.core import kdf_cost
from ketacompanion.core.kdf_cost import Calibrate
from ketacompanion.core.keychain import DEFAULT_KDF, KdfParams, parse_key_file
from ketacompanion.paths import DataPaths
from ketacompanion.services.vault import VaultService
from ketacompanion.storage.vault import (
    VaultStatus,
    WrongSecretError,
    change_passphrase,
    protect,
    unlock,
    vault_status,
)

FLOOR = KdfParams(memory_kib=1024, time_cost=2, parallelism=1)
OLD_KEYS = Path(__file__).parent / "data" / "default_cost.keys"
OLD_PASSPHRASE = "an old quiet harbour"
OLD_CODE = "29QSK-WX4EH-JXPNV-WBH4B-DYCHC-03RQM"
OLD_KEY_ID = "93010f64feb9b174"


def machine(seconds_at_floor: float, calls: list[float] | None = None):
    """A fake measure: one derivation at the floor takes ``seconds_at_floor``."""
    def measure(_kdf: KdfParams) -> float:
        if calls is not None:
            calls.append(seconds_at_floor)
        return seconds_at_floor
    return measure


def fast(calls: list[float] | None = None) -> Calibrate:
    # 0.1 s for 2 passes: 0.05 s a pass, so 14 passes make 0.7 s.
    return Calibrate(floor=FLOOR, measure=machine(0.1, calls))


def slow(calls: list[float] | None = None) -> Calibrate:
    return Calibrate(floor=FLOOR, measure=machine(1.5, calls))


def costs(paths: DataPaths) -> dict[str, tuple[int, int, int]]:
    slots = parse_key_file(paths.keys.read_bytes())
    return {name: (slot["memory_kib"], slot["time_cost"], slot["parallelism"])  # type: ignore[misc]
            for name, slot in slots.items()}


def test_protecting_stores_the_calibrated_cost_in_both_slots(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    code = protect(paths, "calm water", fast())
    assert costs(paths) == {"passphrase": (1024, 14, 1), "recovery": (1024, 14, 1)}
    key = unlock(paths, "calm water")
    assert unlock(paths, code) == key


def test_a_slow_machine_keeps_the_floor(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "calm water", slow())
    assert costs(paths) == {"passphrase": (1024, 2, 1), "recovery": (1024, 2, 1)}


def test_unlocking_runs_the_cost_the_key_file_holds(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "calm water", fast())
    key = unlock(paths, "calm water")
    # The same file claiming another cost derives another key-encryption key: refused.
    doc = json.loads(paths.keys.read_text())
    doc["slots"]["passphrase"]["time_cost"] = 13
    paths.keys.write_text(json.dumps(doc))
    with pytest.raises(WrongSecretError):
        unlock(paths, "calm water")
    doc["slots"]["passphrase"]["time_cost"] = 14
    paths.keys.write_text(json.dumps(doc))
    assert unlock(paths, "calm water") == key


def test_changing_the_passphrase_calibrates_again(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    code = protect(paths, "first words", fast())
    key = unlock(paths, "first words")
    change_passphrase(paths, "first words", "second words", slow())
    # The new passphrase's slot has the cost measured now; the recovery slot is untouched.
    assert costs(paths) == {"passphrase": (1024, 2, 1), "recovery": (1024, 14, 1)}
    assert unlock(paths, "second words") == key
    assert unlock(paths, code) == key
    with pytest.raises(WrongSecretError):
        unlock(paths, "first words")
    change_passphrase(paths, code, "third words", fast())
    assert costs(paths)["passphrase"] == (1024, 14, 1)
    assert unlock(paths, "third words") == key


def test_a_wrong_secret_is_refused_before_any_calibration(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "first words", CHEAP)
    calls: list[float] = []
    before = paths.keys.read_bytes()
    with pytest.raises(WrongSecretError):
        change_passphrase(paths, "not these", "second words", fast(calls))
    assert calls == [] and paths.keys.read_bytes() == before


def test_the_service_calibrates_on_protect_and_on_each_change(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    calls: list[float] = []
    vault = VaultService(paths, None, fail.Keyring(), fast(calls))
    code, key = vault.protect_and_unlock("harbour lights")
    vault.change_passphrase("harbour lights", "new lights")
    assert len(calls) == 2  # one measure per key made, never one per unlock
    vault.unlock("new lights")
    assert vault.unlock(code) == key and len(calls) == 2


def test_with_no_cost_given_the_app_calibrates(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    class Measured(Exception):
        pass

    def measure(kdf: KdfParams) -> float:
        assert kdf == DEFAULT_KDF
        raise Measured  # stop before the real Argon2 cost is paid

    monkeypatch.setattr(kdf_cost, "time_one_derivation", measure)
    paths = make_journal(tmp_path / "data", sessions=1)
    with pytest.raises(Measured):
        VaultService(paths, None, fail.Keyring()).protect("harbour lights")
    with pytest.raises(Measured):
        protect(paths, "harbour lights")
    assert vault_status(paths) is VaultStatus.PLAIN
    protect(paths, "harbour lights", CHEAP)
    with pytest.raises(Measured):
        change_passphrase(paths, "harbour lights", "new lights")
    with pytest.raises(Measured):
        VaultService(paths, None, fail.Keyring()).change_passphrase("harbour lights", "new")
    assert unlock(paths, "harbour lights") is not None


def test_a_key_file_from_before_calibration_still_opens(tmp_path: Path) -> None:
    """A key file made at the fixed default cost (t=6), as every earlier version made it."""
    paths = DataPaths(tmp_path / "data").ensure()
    shutil.copyfile(OLD_KEYS, paths.keys)
    assert costs(paths)["passphrase"] == (128 * 1024, 6, 2)
    assert unlock(paths, OLD_PASSPHRASE).key_id == OLD_KEY_ID  # real Argon2, once
    # The recovery code still opens it (real Argon2, once), and sets a passphrase
    # calibrated now; the recovery slot keeps the cost it was made with.
    change_passphrase(paths, OLD_CODE, "new words", fast())
    assert costs(paths) == {"passphrase": (1024, 14, 1), "recovery": (128 * 1024, 6, 2)}
    assert unlock(paths, "new words").key_id == OLD_KEY_ID
