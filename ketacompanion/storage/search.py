"""Search over everything the journal holds: intentions, notes, transcripts and marks.

Runs on the FTS5 index ``journal_search`` (migration 10), which triggers keep in
step with the tables, so any page can search without reading every session.
Matches come back with a few words around them, the matched words marked.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

# What snippet() puts around a match: control characters typed text does not hold.
MATCH_START, MATCH_END = "\x02", "\x03"
_KIND_ORDER = {"transcript": 0, "note": 1, "intention": 2, "mark": 3}
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Snippet:
    """A few words around a match; ``text`` marks matches with MATCH_START/MATCH_END."""

    kind: str  # "transcript", "note", "intention" or "mark"
    text: str

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is_match) pieces, for any UI to highlight."""
        pieces: list[tuple[str, bool]] = []
        for i, chunk in enumerate(re.split(f"[{MATCH_START}{MATCH_END}]", self.text)):
            if chunk:
                pieces.append((chunk, i % 2 == 1))
        return pieces

    @property
    def plain(self) -> str:
        """The snippet without match marks."""
        return self.text.replace(MATCH_START, "").replace(MATCH_END, "")


@dataclass
class SearchHit:
    """A session that matches, with where and how."""

    session_id: int
    snippets: list[Snippet] = field(default_factory=list)



def search(conn: sqlite3.Connection, query: str, hidden: Iterable[int] = (),
           snippet_words: int = 10) -> list[SearchHit]:
    """Sessions whose intention, note, transcripts or marks hold every word of ``query``.

    Each word matches the start of a word (``oce`` finds "ocean"), ignoring case
    and accents; every word must occur in the session, not necessarily in the
    same text. Newest session first; an empty query matches nothing.
    """
    tokens = _TOKEN.findall(query)
    if not tokens:
        return []
    skip = {int(i) for i in hidden}
    per_token: list[set[int]] = []
    rows: list[sqlite3.Row] = []
    for token in tokens:
        match = '"' + token.replace('"', '""') + '"*'
        found = conn.execute(
            "SELECT session_id, kind, snippet(journal_search, 0, ?, ?, '…', ?) AS snip "
            "FROM journal_search WHERE journal_search MATCH ?",
            (MATCH_START, MATCH_END, snippet_words, match)).fetchall()
        per_token.append({int(r["session_id"]) for r in found})
        rows.extend(found)
    sessions = set.intersection(*per_token) - skip
    if not sessions:
        return []
    order = [row[0] for row in conn.execute(
        "SELECT id FROM sessions ORDER BY started_at DESC, id DESC") if row[0] in sessions]
    hits = {session_id: SearchHit(session_id) for session_id in order}
    if len(tokens) > 1:  # snippets that show every word at once, where one text has them
        match = " ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
        rows = conn.execute(
            "SELECT session_id, kind, snippet(journal_search, 0, ?, ?, '…', ?) AS snip "
            "FROM journal_search WHERE journal_search MATCH ?",
            (MATCH_START, MATCH_END, snippet_words, match)).fetchall() + rows
    seen: set[tuple[int, str, str]] = set()
    for row in sorted(rows, key=lambda r: _KIND_ORDER.get(r["kind"], 9)):
        key = (int(row["session_id"]), row["kind"], row["snip"])
        if key[0] in hits and key not in seen and len(hits[key[0]].snippets) < 3:
            seen.add(key)
            hits[key[0]].snippets.append(Snippet(row["kind"], row["snip"]))
    return list(hits.values())
