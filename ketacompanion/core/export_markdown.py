"""Journal entries rendered as calm, plain Markdown for an integration therapist.

Pure rendering: the caller chooses the sessions and where voice notes are
copied; this module only turns them into text. The same Markdown feeds the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import tzinfo

from ketacompanion.core.marks import mark_text
from ketacompanion.core.recording import clock_text
from ketacompanion.core.records import JournalEntry

# What Qt's Markdown reader (md4c, GitHub dialect) takes as markup inside a line: emphasis,
# code, links, raw HTML, headings, tables, strike-through, and the escape itself.
_INLINE_MARKUP = frozenset("\\`*_[]<>#|~")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&amp;" would print as "&"
_ORDERED = re.compile(r"^([0-9]{1,9})([.)])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends Markdown knows
_NBSP = "\u00a0"


def session_heading(entry: JournalEntry, zone: tzinfo | None = None) -> str:
    """``Session 3 · Tuesday 4 March 2026, 09:00`` (or ``Rehearsal · ...``)."""
    start = entry.started_at
    local = start.astimezone(zone) if start else None
    # The day without its leading zero: glibc's "%-d" raises ValueError on Windows.
    when = f"{local:%A} {local.day} {local:%B %Y, %H:%M}" if local else "unknown date"
    label = "Rehearsal" if entry.rehearsal else entry.place or f"Session {entry.number}"
    return f"{label} · {when}"


def render_markdown(
    entries: Sequence[JournalEntry], voice_files: Mapping[int, str] | None = None,
    title: str = "Infusion journal", zone: tzinfo | None = None,
    opening: Sequence[str] = (), transcripts: Mapping[int, tuple[str, bool]] | None = None,
    phone_files: Mapping[int, str] | None = None,
) -> str:
    """The whole export as Markdown.

    Args:
        entries: Sessions in the order to show them.
        voice_files: Take id -> path relative to the document (copied voice notes).
        title: The document title.
        zone: Time zone for dates (local when None).
        opening: Lines that open the document, before the sessions (the course).
        transcripts: Take id -> (its words, corrected by the person).
        phone_files: Take id -> path of its copy any phone plays (MP3).
    """
    voice_files = voice_files or {}
    extras = (transcripts or {}, phone_files or {})
    lines = [f"# {title}", ""]
    counted = [e for e in entries if not e.rehearsal]
    lines.append(f"{len(counted)} session{'s' if len(counted) != 1 else ''}"
                 + (f", {len(entries) - len(counted)} rehearsal(s)" if len(counted) < len(entries)
                    else "") + ". Private: written by the patient, for their therapist.")
    lines.append("")
    lines.extend(opening)
    for entry in entries:
        lines.extend(_entry_lines(entry, voice_files, zone, extras))
    return "\n".join(lines).rstrip() + "\n"


def _entry_lines(entry: JournalEntry, voice_files: Mapping[int, str],
                 zone: tzinfo | None,
                 extras: tuple[Mapping[int, tuple[str, bool]], Mapping[int, str]] = ({}, {}),
                 ) -> list[str]:
    lines = [f"## {session_heading(entry, zone)}", ""]
    facts = [f"Length: {round(entry.minutes)} min"]
    if entry.playlist_name:
        facts.append(f"Music: {_escape(entry.playlist_name)}")
    if entry.piano is not None:
        # Enough to hear it again: ketacompanion score --seed N (same composer version).
        facts.append(f"Fresh piano: seed {entry.piano.seed}, composer {entry.piano.composer}")
    facts.append(f"Mood: {_mood(entry.mood_before)} → {_mood(entry.mood_after)} (0-10)")
    lines.extend(f"- {fact}" for fact in facts)
    lines.append("")
    if entry.intention:
        lines.extend([f"**Intention:** {_escape(entry.intention)}", ""])
    if entry.markers:
        lines.append("**Moments marked**")
        lines.append("")
        lines.extend(f"- {_escape(mark_text(marker))}" for marker in entry.markers)
        lines.append("")
    lines.append("**Notes**")
    lines.append("")
    note = _LINE_BREAK.split(entry.note)
    while note and not note[-1].strip():
        note.pop()
    while note and not note[0].strip():
        note.pop(0)
    if note:
        for line in note:
            # Two trailing spaces keep the person's own line breaks.
            lines.append(f"{_escape_line(line)}  " if line.strip() else "")
    else:
        lines.append("*No written note.*")
    lines.append("")
    if entry.takes:
        lines.append("**Voice notes**")
        lines.append("")
        for number, take in enumerate(entry.takes, start=1):
            length = clock_text(take.duration_s or 0)
            target = voice_files.get(take.id)
            name = f"Voice note {number} ({length})"
            line = f"- [{name}]({target})" if target else f"- {name}"
            if take.id in extras[1]:
                line += f" · [MP3]({extras[1][take.id]})"
            lines.append(line)
        lines.append("")
        lines.extend(_transcript_lines(entry, extras[0]))
    return lines


def _transcript_lines(entry: JournalEntry, transcripts: Mapping[int, tuple[str, bool]],
                      ) -> list[str]:
    """Each voice note's words, under the list of voice notes."""
    lines: list[str] = []
    for number, take in enumerate(entry.takes, start=1):
        if take.id not in transcripts:
            continue
        text, edited = transcripts[take.id]
        words = " ".join(text.split())
        how = "corrected by the patient" if edited else "transcribed on this laptop"
        lines.append(f"**Voice note {number}, in words** ({how}): "
                     + (_escape(words) if words else "*no words were heard.*"))
        lines.append("")
    return lines


def _mood(value: int | None) -> str:
    return "–" if value is None else str(value)


def _escape(text: str) -> str:
    """Keep the person's words from being read as Markdown markup within a line."""
    escaped = "".join("\\" + char if char in _INLINE_MARKUP else char for char in text)
    return _ENTITY.sub(r"\\&", escaped)


def _escape_line(line: str) -> str:
    """A whole line of a note, so that it starts no heading, list, quote or code block."""
    body = line.lstrip(" \t")
    # Markdown drops leading blanks, or reads four as code: no-break spaces keep the
    # indent as written. A tab keeps its width after one (a tab alone would be code).
    indent = line[: len(line) - len(body)].replace(" ", _NBSP)
    if indent.startswith("\t"):
        indent = _NBSP + indent
    escaped = _escape(body)
    if escaped[:1] in ("-", "+", "="):  # a list item; "===" under a line makes it a heading
        return f"{indent}\\{escaped}"
    return indent + _ORDERED.sub(r"\1\\\2", escaped)  # "1." and "1)" start numbered lists
