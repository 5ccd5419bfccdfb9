"""Between infusions: offering, once, to add to the last infusion's note.

Integration tends to go best in the days after an infusion. When the app is opened
one to three days after the latest one, it offers once, quietly, to add to that
note, with a few questions for the days after. Once shown it is never offered again
for that session, whatever the answer. Rehearsals are not infusions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ketacompanion.core.course import SessionStart

DAYS_AFTER_QUESTIONS = (
    "What has stayed with you since the infusion?",
    "What has changed, in you or around you?",
    "What would you like to bring to therapy?",
)
FIRST_DAY, LAST_DAY = 1, 3


def session_to_offer(sessions: Iterable[SessionStart], offered: Iterable[int],
                     now: datetime) -> SessionStart | None:
    """The latest real session, if it was 1-3 local days ago and not offered yet."""
    real = [s for s in sessions if not s.rehearsal]
    if not real:
        return None
    latest = max(real, key=lambda s: (s.started_at, s.session_id))
    days = (now.astimezone().date() - latest.started_at.astimezone().date()).days
    if not FIRST_DAY <= days <= LAST_DAY or latest.session_id in set(offered):
        return None
    return latest


def offer_text(session: SessionStart) -> str:
    """"Would you like to add to Tuesday's note?" (the session's local weekday)."""
    return f"Would you like to add to {session.started_at.astimezone().strftime('%A')}'s note?"
