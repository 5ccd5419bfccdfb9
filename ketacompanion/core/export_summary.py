"""The one-page summary that opens an export: the series at a glance, for a busy therapist.

Each session of the series in one line (date, infusion number, length,
intention, mood before → after, marks), then the first words of its note or,
without one, of what was said in its voice notes. The PDF puts the mood chart
under :data:`MOOD_CAPTION` (with the painter the course section's charts use),
unless the course section holds the charts already.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from ketacompanion.core.export_markdown import _escape
from ketacompanion.core.records import JournalEntry

# The PDF draws the mood chart right under this line (services/export_pdf.py looks for it).
MOOD_CAPTION = "Mood over the series:"

FIRST_WORDS = 75  # characters of a note shown in the summary: one line of the PDF


def render_summary(entries: Sequence[JournalEntry], words: Mapping[int, str],
                   zone: tzinfo | None = None, chart: bool = False) -> list[str]:
    """Markdown lines of the summary (oldest session first).

    Args:
        entries: The sessions exported (rehearsals are listed apart, after the series).
        words: Session id -> what was said in its voice notes, for a session without a note.
        zone: Time zone for dates (local when None).
        chart: Put the chart caption, under which the PDF draws the mood chart.
    """
    ordered = sorted(entries, key=JournalEntry.order_key)
    series = [e for e in ordered if not e.rehearsal]
    rehearsals = [e for e in ordered if e.rehearsal]
    lines = ["## At a glance", ""]
    if chart and any(e.mood_before is not None or e.mood_after is not None for e in series):
        lines.extend([MOOD_CAPTION, ""])
    for entry in series + rehearsals:
        # A paragraph each (a list item would take a second bullet for its second line).
        lines.append(f"{_one_line(entry, zone)}  ")
        first = _first_words(entry, words)
        lines.append(f"*{_escape(first)}*" if first else "*No note or voice note.*")
        lines.append("")
    lines.append("Each session follows in full, with its marks, notes and voice notes in words.")
    lines.append("")
    return lines


def summary_line(entry: JournalEntry, zone: tzinfo | None = None) -> str:
    """One session in one line, as plain text (no Markdown)."""
    return _one_line(entry, zone, markdown=False)


def _one_line(entry: JournalEntry, zone: tzinfo | None, markdown: bool = True) -> str:
    start = entry.started_at
    local = start.astimezone(zone) if start else None
    day = f"{local.day} {local:%b %Y}" if local else "undated"
    label = "Rehearsal" if entry.rehearsal else entry.place or f"Infusion {entry.number}"
    parts = [f"**{label}**" if markdown else label, day, f"{round(entry.minutes)} min"]
    if entry.intention:
        intention = _escape(entry.intention) if markdown else entry.intention
        parts.append(f"“{intention}”")
    before = "–" if entry.mood_before is None else str(entry.mood_before)
    after = "–" if entry.mood_after is None else str(entry.mood_after)
    parts.append(f"mood {before} → {after}")
    count = len(entry.markers)
    parts.append(f"{count} mark{'s' if count != 1 else ''}")
    return " · ".join(parts)


def _first_words(entry: JournalEntry, words: Mapping[int, str]) -> str:
    """The start of the note, else of the voice notes' words; cut at a word."""
    text = " ".join(entry.note.split()) or " ".join(words.get(entry.session_id, "").split())
    if len(text) <= FIRST_WORDS:
        return text
    cut = text[:FIRST_WORDS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"
