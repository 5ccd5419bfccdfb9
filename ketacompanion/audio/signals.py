"""Safe signal emission: works around PySide6 6.12's ``emit()`` dropping a reference to True.

In PySide6 6.12 (CPython 3.11) ``SignalInstance.emit()`` returns ``True``
without owning a reference to it, so every emit from Python lowers True's
reference count by one; after some thousands of emits (a position signal at
4 Hz does that in well under an hour) CPython aborts with "Fatal Python error:
bool_dealloc". :func:`emit` measures the defect once and gives the reference
back after each emit when, and only when, it is present.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 16
_leaks: bool | None = None


class _Probe(QObject):
    ping = Signal()


def emit_leaks_true() -> bool:
    """True if this PySide6 drops a reference to True on each ``emit()`` (measured once)."""
    global _leaks
    if _leaks is None:
        probe = _Probe()
        before = sys.getrefcount(True)
        for _ in range(_PROBES):
            probe.ping.emit()
        lost = before - sys.getrefcount(True)
        if lost >= _PROBES:
            for _ in range(lost):
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
        _leaks = lost >= _PROBES
    return _leaks


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, giving back the reference PySide6 6.12 takes from True."""
    result = signal.emit(*args)
    if result is True and emit_leaks_true():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
