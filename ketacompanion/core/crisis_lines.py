"""National crisis lines a person can pick, and the words shown for each.

Only lines whose number was checked against the service's own public page (or, where
that page was not reachable, against its government or network's published words) are
listed; each says where it was checked. The default says to call local emergency
services, which is true everywhere. A person can also write their own text (their
clinic, someone they trust).

Checked (December 2026):

- United States: 988 Suicide & Crisis Lifeline, "call or text 988 or chat at
  988lifeline.org" (key messages by Vibrant Emotional Health, the Lifeline's
  administrator, and SAMHSA; also health.wyo.gov's Lifeline page). 911 for emergencies.
- Canada: 9-8-8: Suicide Crisis Helpline, "call or text 9-8-8", 24/7, English and
  French, run by CAMH for the Public Health Agency of Canada (988.ca; PHAC launch
  notice of 30 November 2023). 911 for emergencies.
- United Kingdom and Ireland: Samaritans, 116 123, free from landlines and mobiles,
  any time (samaritans.org, "Contact a Samaritan"; samaritans.org news on Samaritans
  Ireland's free 116 123). 999 or 112 for emergencies.
- Australia: Lifeline, 13 11 14, 24/7; text 0477 13 11 14; "If you are in immediate
  danger call 000" (Lifeline Harbour to Hume, a Lifeline centre: "What happens when I
  call 13 11 14?").
"""

from __future__ import annotations

from dataclasses import dataclass

LOCAL = "local"
OWN = "own"

LOCAL_TEXT = ("If you are in danger or thinking of harming yourself, call your local emergency "
              "number now, or go to the nearest emergency department.")


@dataclass(frozen=True)
class CrisisLine:
    """A country's line: the name in the picker and the words shown."""

    key: str
    country: str
    text: str


CRISIS_LINES: tuple[CrisisLine, ...] = (
    CrisisLine(LOCAL, "Local emergency services", LOCAL_TEXT),
    CrisisLine("us", "United States",
               "Call or text 988 (988 Suicide & Crisis Lifeline), any time, day or night.\n"
               "In danger now: call 911."),
    CrisisLine("ca", "Canada",
               "Call or text 9-8-8 (Suicide Crisis Helpline), any time, in English or French.\n"
               "In danger now: call 911."),
    CrisisLine("gb", "United Kingdom",
               "Call Samaritans free on 116 123, any time, day or night.\n"
               "In danger now: call 999."),
    CrisisLine("ie", "Ireland",
               "Call Samaritans free on 116 123, any time, day or night.\n"
               "In danger now: call 112 or 999."),
    CrisisLine("au", "Australia",
               "Call Lifeline on 13 11 14, any time, or text 0477 13 11 14.\n"
               "In danger now: call 000."),
)

KEYS: tuple[str, ...] = tuple(line.key for line in CRISIS_LINES) + (OWN,)


def crisis_text(key: str, own_text: str) -> str:
    """The words to show for the person's choice.

    Args:
        key: A country key, :data:`LOCAL` or :data:`OWN`.
        own_text: The person's own words, used for :data:`OWN` (and, when empty,
            the local-emergency words stand in: never an empty panel).
    """
    if key == OWN:
        return own_text.strip() or LOCAL_TEXT
    for line in CRISIS_LINES:
        if line.key == key:
            return line.text
    return LOCAL_TEXT
