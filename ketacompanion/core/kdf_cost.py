"""Argon2id's cost, fitted to the person's own machine when a key is made.

As cryptsetup/LUKS does: one derivation is timed at the default cost and the
number of passes is chosen so that a derivation takes about 0.7 s here (slow
enough to make guessing costly, quick enough to wait for). The default stays the
floor: a slow laptop keeps it, a fast one gets more passes, never more memory (a
patient's laptop must not swap). The chosen cost is stored in the key file's
slots, and unlocking reads it from there, so a key made today opens the same way
on any later version.

Time is a parameter: ``Calibrate(measure=...)`` takes the duration of one
derivation, and :func:`time_one_derivation` takes the clock, so tests never sleep
and never depend on the machine's speed.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ketacompanion.core.keychain import (
    DEFAULT_KDF,
    MAX_TIME_COST,
    SALT_BYTES,
    KdfParams,
    derive_kek,
)

TARGET_S = 0.7  # the middle of 0.6-0.8 s, inside the goal of about 0.5-1 s
# The most passes calibration chooses: the most a key file may claim (keychain's
# bound), so every version reading the file accepts it; 16 passes at 128 MiB stay
# well under a second on any laptop fast enough to be given them.
MAX_PASSES = MAX_TIME_COST

Measure = Callable[[KdfParams], float]


def time_one_derivation(kdf: KdfParams,
                        clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds one Argon2id derivation at ``kdf`` takes here (a throwaway secret and salt)."""
    salt = secrets.token_bytes(SALT_BYTES)
    started = clock()
    derive_kek("calibration", salt, kdf)
    return clock() - started


@dataclass(frozen=True)
class Calibrate:
    """Choose the passes for this machine when a key is made.

    Args:
        floor: The least cost ever chosen (its memory and lanes are kept as they are).
        target_s: The time one derivation should take here.
        max_passes: The most passes ever chosen.
        measure: Seconds one derivation at a cost takes; None times a real one
            (:func:`time_one_derivation`).
    """

    floor: KdfParams = DEFAULT_KDF
    target_s: float = TARGET_S
    max_passes: int = MAX_PASSES
    measure: Measure | None = None

    def params(self) -> KdfParams:
        """The cost to make a key with: the floor's memory and lanes, passes fitted here."""
        # Looked up at call time, so the module's measure is the one in force.
        measure = self.measure or time_one_derivation
        seconds = measure(self.floor)
        if not math.isfinite(seconds) or seconds <= 0:
            return self.floor  # a clock that did not move says nothing: keep the floor
        # Argon2's time grows with its passes over the same memory; counting the
        # memory's first fill as a pass makes a pass look a little dearer: fewer
        # passes, never a longer wait than the target.
        per_pass = seconds / self.floor.time_cost
        passes = min(self.max_passes, round(self.target_s / per_pass))
        return replace(self.floor, time_cost=max(self.floor.time_cost, passes))


def resolve_kdf(kdf: KdfParams | Calibrate | None) -> KdfParams:
    """The cost to make a key with: explicit params as given, else calibrated here.

    None calibrates from the default cost; tests pass cheap params (never measured)
    or a ``Calibrate`` with a fake measure.
    """
    if isinstance(kdf, KdfParams):
        return kdf
    return (kdf or Calibrate()).params()
