"""Work around a PySide6 reference-count bug that would crash a long session.

PySide6 6.12.0 on Python 3.11 drops one reference to ``True`` on every
``SignalInstance.emit()`` and one to ``None`` on every call of a void method
(``QTimer.start()``, ``setInterval()``...): it returns them without a new
reference. They start with a few hundred or thousand references, so after a few
minutes of a session Python aborts with "bool_dealloc: deallocating True" or
"none_dealloc". Python 3.12+ makes both immortal, and a fixed PySide6 leaks
nothing: then this does nothing.

The guard measures the leaks with probes and, if there are any, adds a large
ballast of references (these singletons are never freed anyway), enough for a
billion calls.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QTimer, Signal

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


def void_call_leaks_none() -> bool:
    """Whether calling a void Qt method loses a reference to ``None``."""
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        timer.setInterval(10)
    return sys.getrefcount(None) - before <= -_PROBES


def guard_signal_refcount_leak() -> bool:
    """Protect ``True``/``None`` from the leaks if this PySide6 has them; True if it did."""
    if sys.implementation.name != "cpython":
        return False
    leaking = [obj for obj, leaks in ((True, emit_leaks_true()), (None, void_call_leaks_none()))
               if leaks]
    if not leaking:
        return False
    import ctypes  # only a leaking PySide6 needs it; kept off the usual start-up

    for obj in leaking:
        # ob_refcnt is the first field of every CPython object.
        refcount = ctypes.c_ssize_t.from_address(id(obj))
        if refcount.value < _BALLAST:
            refcount.value += _BALLAST
            log.warning("PySide6 leaks references to %r; ballast added (upgrade PySide6)", obj)
    return True
