"""Hold to end: when a held key (or the held End control) has been held long enough.

Pure timing, no Qt: the times are parameters, so the rule is tested without
waiting. The rule has one subtlety. Under X11 with key auto-repeat on (the
default), Qt reports some of a held key's repeats as a real release followed a
few milliseconds later by a real press: it can tell a repeat only when the
press is already queued behind the release. Taken at their word, those pairs
restarted the two-second hold about every 40 ms, so holding Esc never ended a
session. A release is therefore only believed once no press of the same key
follows within :data:`REPRESS_WITHIN_S`; a press within that window carries the
hold on. While a release waits to be believed the hold cannot complete, so
letting go at 1.9 s never ends the session 0.1 s later, and a tap (press and
release) never ends it at all.
"""

from __future__ import annotations

HOLD_TO_END_S = 2.0
# X11's release+press pairs arrive a few ms apart; a person's own release and
# next press take far longer than this.
REPRESS_WITHIN_S = 0.15


class HoldGesture:
    """One hold-to-end, fed with presses and releases and the time they came.

    Args:
        hold_s: How long the key must stay held.
        repress_s: A press this soon after a release means the key never left.
    """

    def __init__(self, hold_s: float = HOLD_TO_END_S,
                 repress_s: float = REPRESS_WITHIN_S) -> None:
        self.hold_s = hold_s
        self.repress_s = repress_s
        self._since: float | None = None
        self._let_go_at: float | None = None

    @property
    def active(self) -> bool:
        """True from a press until the hold is let go (for good), cancelled or complete."""
        return self._since is not None

    def press(self, now: float) -> None:
        """The key (or control) went down at ``now``."""
        if self._since is not None:
            if self._let_go_at is None:
                return  # already held: a second press changes nothing
            if now - self._let_go_at <= self.repress_s:
                self._let_go_at = None  # a repeat's release+press pair: still held
                return
        self._since, self._let_go_at = now, None

    def release(self, now: float) -> None:
        """The key seemed to come up at ``now``; believed once no press follows soon."""
        if self._since is not None and self._let_go_at is None:
            self._let_go_at = now

    def cancel(self) -> None:
        """Forget the hold at once (focus lost, the mouse let go, the session moved on)."""
        self._since = self._let_go_at = None

    def update(self, now: float) -> bool:
        """Move the hold on to ``now``; True exactly once, when it completes."""
        if self._since is None:
            return False
        if self._let_go_at is not None:
            if now - self._let_go_at > self.repress_s:
                self.cancel()  # let go for real
            return False
        if now - self._since >= self.hold_s:
            self.cancel()
            return True
        return False

    def fraction(self, now: float) -> float:
        """How far the hold has filled, 0..1; it stands still while a release is in doubt."""
        if self._since is None:
            return 0.0
        until = now if self._let_go_at is None else min(now, self._let_go_at)
        return min(1.0, max(0.0, (until - self._since) / self.hold_s))
