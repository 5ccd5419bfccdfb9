"""Argon2id's cost fitted to this machine when a key is made (core.kdf_cost).

Time is injected: a fake measure of one derivation, or a fake clock around a cheap
real one. No test here sleeps or depends on how fast this machine is.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial

import pytest

from ketacompanion.core import kdf_cost
from ketacompanion.core.kdf_cost import (
    MAX_PASSES,
    TARGET_S,
    Calibrate,
    resolve_kdf,
    time_one_derivation,
)
from ketacompanion.core.keychain import (
    DEFAULT_KDF,
    KdfParams,
    new_key_file,
    parse_key_file,
    unwrap,
)

CHEAP = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)


def machine(seconds_at_floor: float, seen: list[KdfParams] | None = None):
    """A fake measure: one derivation at the floor takes ``seconds_at_floor``."""
    def measure(kdf: KdfParams) -> float:
        if seen is not None:
            seen.append(kdf)
        return seconds_at_floor
    return measure


def test_a_fast_machine_gets_more_passes_at_the_same_memory() -> None:
    seen: list[KdfParams] = []
    chosen = Calibrate(measure=machine(0.30, seen)).params()
    assert seen == [DEFAULT_KDF]  # one derivation, at the default cost
    # 0.30 s for 6 passes: 0.05 s a pass, so 14 passes take 0.70 s.
    assert chosen == KdfParams(memory_kib=128 * 1024, time_cost=14, parallelism=2)


def test_a_slow_machine_keeps_the_default() -> None:
    for seconds in (0.70, 0.95, 2.4, 30.0):
        assert Calibrate(measure=machine(seconds)).params() == DEFAULT_KDF, seconds


def test_a_very_fast_machine_stops_at_the_upper_bound() -> None:
    assert Calibrate(measure=machine(0.01)).params().time_cost == MAX_PASSES
    # Every version's key-file check accepts the most calibration can choose.
    data, key, _code = new_key_file("w", KdfParams(1024, MAX_PASSES, 1))
    assert parse_key_file(data)["passphrase"]["time_cost"] == MAX_PASSES
    assert unwrap(data, "w") == key


def test_the_predicted_wait_is_in_the_band_wherever_the_bounds_allow() -> None:
    per_pass_floor = DEFAULT_KDF.time_cost
    for step in range(200):
        seconds = 0.10 + step * 0.005  # 0.10 .. 1.10 s at the default's 6 passes
        passes = Calibrate(measure=machine(seconds)).params().time_cost
        predicted = passes * seconds / per_pass_floor
        assert DEFAULT_KDF.time_cost <= passes <= MAX_PASSES
        if DEFAULT_KDF.time_cost < passes < MAX_PASSES:
            assert 0.6 <= predicted <= 0.8, (seconds, passes, predicted)
        elif passes == DEFAULT_KDF.time_cost:
            assert seconds >= 0.6, seconds  # the floor only binds on a slow machine
    assert 0.6 <= TARGET_S <= 0.8


def test_a_nonsense_measurement_keeps_the_floor() -> None:
    for seconds in (0.0, -1.0, math.nan, math.inf):
        assert Calibrate(measure=machine(seconds)).params() == DEFAULT_KDF, seconds


def test_the_floor_is_never_lowered() -> None:
    floor = KdfParams(memory_kib=2048, time_cost=3, parallelism=1)
    fast = Calibrate(floor=floor, measure=machine(0.03)).params()
    assert fast.memory_kib == floor.memory_kib and fast.parallelism == floor.parallelism
    assert fast.time_cost == MAX_PASSES
    assert Calibrate(floor=floor, measure=machine(5.0)).params() == floor


def ticking(step: float) -> Iterator[float]:
    now = 100.0
    while True:
        yield now
        now += step


def test_one_derivation_is_timed_with_the_clock_given() -> None:
    clock = ticking(0.25)
    assert time_one_derivation(CHEAP, clock=partial(next, clock)) == pytest.approx(0.25)
    # The same measure chooses the cost: 0.25 s a pass at a one-pass floor -> 3 passes.
    clock = ticking(0.25)
    measure = partial(time_one_derivation, clock=partial(next, clock))
    assert Calibrate(floor=CHEAP, measure=measure).params() == KdfParams(1024, 3, 1)


def test_explicit_params_are_never_calibrated(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_kdf: KdfParams) -> float:
        raise AssertionError("measured although the cost was given")

    monkeypatch.setattr(kdf_cost, "time_one_derivation", refuse)
    assert resolve_kdf(CHEAP) is CHEAP
    assert resolve_kdf(DEFAULT_KDF) is DEFAULT_KDF


def test_no_cost_given_means_calibrating_here(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[KdfParams] = []
    monkeypatch.setattr(kdf_cost, "time_one_derivation", machine(0.30, seen))
    assert resolve_kdf(None) == KdfParams(128 * 1024, 14, 2)
    assert resolve_kdf(Calibrate(floor=CHEAP, measure=machine(0.1))) == KdfParams(1024, 7, 1)
    assert seen == [DEFAULT_KDF]
