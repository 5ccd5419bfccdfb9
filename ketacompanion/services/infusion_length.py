"""The infusion length: one fact of the plan, chosen once, read by Prepare and Session.

Prepare fits the open playlist to it and Session plans, labels and starts with
it; both change it only through :meth:`InfusionLength.set`, and both follow
:attr:`InfusionLength.changed`. It is kept in the settings, so the length a
clinic gives every time is chosen once for the whole series.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ketacompanion.core.session_flow import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES


class InfusionLength(QObject):
    """The length of the coming infusion, in whole minutes (40-60).

    Args:
        minutes: The length to start with (a stored setting).
        save: Keeps a new length (None: kept only while the app runs).
    """

    changed = Signal(int)
    """The length changed (minutes)."""

    def __init__(self, minutes: int = DEFAULT_MINUTES,
                 save: Callable[[int], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._minutes = _clamped(minutes)
        self._save = save

    @property
    def minutes(self) -> int:
        """The infusion length in minutes."""
        return self._minutes

    def set(self, minutes: int) -> None:
        """Make the infusion ``minutes`` long (kept within 40-60); tells every page."""
        minutes = _clamped(minutes)
        if minutes == self._minutes:
            return
        self._minutes = minutes
        if self._save is not None:
            self._save(minutes)
        self.changed.emit(minutes)


def _clamped(minutes: float) -> int:
    return int(min(max(round(minutes), MIN_MINUTES), MAX_MINUTES))
