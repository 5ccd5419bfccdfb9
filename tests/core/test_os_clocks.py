"""The operating system's suspend clocks and boot ids, each platform's reader on its own."""

from __future__ import annotations

import ctypes
import sys
import time

import pytest

from ketacompanion.core import os_clocks


class FakeInterruptTimes:
    """Stands in for kernelbase.dll: 100 ns interrupt times, biased and unbiased."""

    def __init__(self, awake_s: float, suspended_s: float) -> None:
        self.QueryUnbiasedInterruptTime = self._writer(awake_s)
        self.QueryInterruptTime = self._writer(awake_s + suspended_s)

    @staticmethod
    def _writer(seconds: float):
        def write(pointer) -> int:
            out = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_ulonglong)).contents
            out.value = round(seconds * 1e7)
            return 1
        return write  # a plain function takes ``argtypes`` as ctypes functions do


def test_windows_reads_unbiased_as_awake_and_interrupt_time_as_total():
    loaded = []

    def loader(name: str) -> FakeInterruptTimes:
        loaded.append(name)
        return FakeInterruptTimes(awake_s=3600.0, suspended_s=600.0)

    awake, total = os_clocks.windows_pair(loader)()
    assert loaded == ["kernelbase"]
    assert awake == pytest.approx(3600.0) and total == pytest.approx(4200.0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux clocks")
def test_linux_pairs_monotonic_with_boottime():
    reader = os_clocks.suspend_clocks("linux")
    assert reader is not None
    awake, total = reader()
    assert awake == pytest.approx(time.clock_gettime(time.CLOCK_MONOTONIC), abs=0.5)
    assert total >= awake - 0.01
    assert os_clocks.boot_id("linux") == os_clocks.LINUX_BOOT_ID.read_text().strip()


def test_a_platform_without_suspend_clocks_or_boot_id_gets_none():
    assert os_clocks.suspend_clocks("sunos5") is None
    assert os_clocks.boot_id("sunos5") is None


def test_a_missing_or_broken_clock_gives_none_not_an_error(monkeypatch, caplog):
    monkeypatch.delattr(time, "CLOCK_BOOTTIME", raising=False)
    assert os_clocks.suspend_clocks("linux") is None
    assert "wall clock stands in" in caplog.text
    # Clocks that say more time was awake than has passed since boot are not believed.
    assert not os_clocks.plausible(lambda: (100.0, 50.0))
    assert os_clocks.plausible(lambda: (100.0, 100.0))


def test_an_unreadable_boot_id_is_none(monkeypatch, tmp_path):
    monkeypatch.setattr(os_clocks, "LINUX_BOOT_ID", tmp_path / "missing")
    assert os_clocks.boot_id("linux") is None
