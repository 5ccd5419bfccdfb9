"""Work around a PySide6 reference-count bug that would crash a long session.

PySide6 6.12.0 on Python 3.11 drops one reference to ``True`` on every
``SignalInstance.emit()`` (it returns ``Py_True`` without a new reference).
``True`` starts with a few hundred references, so after some hundreds of emits
(a few minutes of a player reporting its position at 4 Hz) Python aborts with
"bool_dealloc: deallocating True". Python 3.12+ makes ``True`` immortal, and a
fixed PySide6 leaks nothing: then this does nothing.

The guard measures the leak with a probe signal and, if there is one, adds a
large ballast of references to ``True`` (a bool is never freed anyway), enough
for a billion emits.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_BALLAST = 1_000_000_000
_PROBES = 8


class _Probe(QObject):
    fired = Signal()


def emit_leaks_true() -> bool:
    """Whether ``Signal.emit()`` loses a reference to ``True`` in this PySide6."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    return sys.getrefcount(True) - before <= -_PROBES


def guard_signal_refcount_leak() -> bool:
    """Protect ``True`` from the leak if this PySide6 has it; returns True if it did."""
    if sys.implementation.name != "cpython" or not emit_leaks_true():
        return False
    # ob_refcnt is the first field of every CPython object.
    refcount = ctypes.c_ssize_t.from_address(id(True))
    if refcount.value < _BALLAST:
        refcount.value += _BALLAST
        log.warning("PySide6 emit() leaks references to True; ballast added (upgrade PySide6)")
    return True
