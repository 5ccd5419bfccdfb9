"""The operating system's own account of suspend, and of which boot this is.

A monotonic clock that stops while the machine sleeps, read together with one
that does not, tells exactly how long the machine has been suspended; the wall
clock cannot, because it also jumps when NTP corrects it or a person sets it.

- Linux: ``CLOCK_MONOTONIC`` (stops in suspend) and ``CLOCK_BOOTTIME`` (does not);
- macOS: ``CLOCK_UPTIME_RAW`` (``mach_absolute_time``, stops in sleep) and
  ``CLOCK_MONOTONIC_RAW`` (``mach_continuous_time``, does not);
- Windows: ``QueryUnbiasedInterruptTime`` (stops in sleep) and
  ``QueryInterruptTime`` (does not).

The boot id tells a reboot from a clock change when a crashed session is
resumed: Linux's ``/proc/sys/kernel/random/boot_id``, macOS's
``kern.bootsessionuuid``, Windows' ``BootId`` boot counter.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

AwakeAndTotal = Callable[[], tuple[float, float]]
"""Reads (seconds awake, seconds since boot including suspend), both from one origin."""

LINUX_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
_WINDOWS_BOOT_KEY = r"SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management" \
    r"\PrefetchParameters"


def suspend_clocks(platform: str = sys.platform) -> AwakeAndTotal | None:
    """The pair of clocks that measures suspend on ``platform``, or None where there is none."""
    try:
        if platform.startswith("linux"):
            reader = posix_pair(time.CLOCK_MONOTONIC, time.CLOCK_BOOTTIME)
        elif platform == "darwin":
            reader = posix_pair(time.CLOCK_UPTIME_RAW, time.CLOCK_MONOTONIC_RAW)  # type: ignore[attr-defined]
        elif platform == "win32":
            reader = windows_pair()
        else:
            return None
        return reader if plausible(reader) else None
    except (AttributeError, OSError, ValueError) as error:
        log.warning("no clock measures suspend here (%s); the wall clock stands in", error)
        return None


def posix_pair(awake_id: int, total_id: int) -> AwakeAndTotal:
    """Two ``clock_gettime`` clocks: one stopping in suspend, one counting through it."""
    def read() -> tuple[float, float]:
        return time.clock_gettime(awake_id), time.clock_gettime(total_id)
    return read


def windows_pair(loader: Callable[[str], Any] | None = None) -> AwakeAndTotal:
    """``QueryUnbiasedInterruptTime`` and ``QueryInterruptTime`` (100 ns units, Windows 10+).

    Args:
        loader: Opens a DLL by name (``ctypes.WinDLL``; a fake in tests).
    """
    import ctypes  # only on Windows: Linux needs no ctypes, and it costs start-up time

    load = loader or ctypes.WinDLL  # type: ignore[attr-defined]
    kernel = load("kernelbase")
    total_fn = kernel.QueryInterruptTime  # a DLL's functions are looked up by name
    awake_fn = kernel.QueryUnbiasedInterruptTime
    for fn in (total_fn, awake_fn):
        fn.argtypes = [ctypes.POINTER(ctypes.c_ulonglong)]

    def read() -> tuple[float, float]:
        awake, total = ctypes.c_ulonglong(), ctypes.c_ulonglong()
        awake_fn(ctypes.byref(awake))
        total_fn(ctypes.byref(total))
        return awake.value / 1e7, total.value / 1e7
    return read


def plausible(reader: AwakeAndTotal) -> bool:
    """True if ``reader`` works and its suspended time is not negative (beyond read jitter)."""
    awake, total = reader()
    if total - awake < -0.01:
        log.warning("the suspend clocks disagree (%.3f s awake > %.3f s since boot)", awake, total)
        return False
    return True


def boot_id(platform: str = sys.platform) -> str | None:
    """What tells this boot of the machine from the next one; None where unknown."""
    try:
        if platform.startswith("linux"):
            return LINUX_BOOT_ID.read_text(encoding="ascii").strip() or None
        if platform == "darwin":
            return _darwin_boot_session()
        if platform == "win32":
            return _windows_boot_count()
    except (OSError, AttributeError, ValueError, UnicodeError) as error:
        log.info("no boot id (%s)", error)
    return None


def _darwin_boot_session() -> str | None:
    import ctypes  # only on macOS: Linux needs no ctypes, and it costs start-up time

    libc = ctypes.CDLL("/usr/lib/libSystem.dylib")
    size = ctypes.c_size_t(64)
    buffer = ctypes.create_string_buffer(size.value)
    if libc.sysctlbyname(b"kern.bootsessionuuid", buffer, ctypes.byref(size), None, 0) != 0:
        return None
    return buffer.value.decode("ascii") or None


def _windows_boot_count() -> str | None:
    if sys.platform != "win32":  # winreg is only there (and mypy reads this as such)
        return None
    import winreg

    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, _WINDOWS_BOOT_KEY) as key:
        value, _kind = winreg.QueryValueEx(key, "BootId")
    return f"windows-boot-{int(value)}"
