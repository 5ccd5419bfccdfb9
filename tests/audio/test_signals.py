"""Emitting signals must not wear away True's reference count (PySide6 6.12 defect)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ketacompanion.audio.signals import emit, emit_leaks_true


class Sender(QObject):
    changed = Signal(object)


def test_emit_keeps_true_alive_over_many_emits() -> None:
    sender = Sender()
    seen: list[object] = []
    sender.changed.connect(seen.append)
    emit_leaks_true()
    before = sys.getrefcount(True)
    for i in range(5000):
        emit(sender.changed, i)
    assert len(seen) == 5000
    assert abs(sys.getrefcount(True) - before) <= 2
