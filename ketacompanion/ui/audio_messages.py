"""The audio engine's messages, turned into words a groggy person understands.

The player reports faults in a developer's terms ("No sound output is available
(ALSA: ...)"). Nothing technical reaches the screen: the raw text is logged for
support and the person reads a plain sentence saying what to do, if anything.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

NO_OUTPUT = ("No sound output was found. Check that your headphones are plugged in. "
             "The session can still run.")
SOUND_STOPPED = ("The sound stopped. Check that your headphones are plugged in; "
                 "the music comes back by itself.")
_DETAILS = re.compile(r"\s*\([^()]*\)")
_SKIPPED = "Skipped: "


def plain_audio_message(raw: str) -> str:
    """A plain sentence for one of the player's messages (the raw one is logged)."""
    log.info("audio: %s", raw)
    if raw.startswith("No sound output") or "is not open" in raw:
        return NO_OUTPUT
    if raw.startswith("The sound output"):
        return SOUND_STOPPED
    if raw.startswith(_SKIPPED):
        what = _without_details(raw[len(_SKIPPED):]).rstrip(".")
        return f"One piece will not play and was skipped: {what}. The music goes on."
    return _without_details(raw)


def _without_details(text: str) -> str:
    """``text`` without parenthesised technical details (library errors, paths)."""
    return _DETAILS.sub("", text).strip()
