"""Search over everything the journal holds: intentions, notes, transcripts and marks.

Runs on the FTS5 index ``journal_search`` (migration 10), which triggers keep in
step with the tables, so any page can search without reading every session.
Matches come back with a few words around them, the matched words marked.
"""

from __future__ import annotations

import json
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



# The session a row of the index belongs to, from its rowid alone (see migration 10:
# rowid = id * 4 + kind, the id being the session's for intentions and notes, the
# take's for transcripts and the mark's for marks). Reading the session_id column
# instead reads each matching text from the index's content table: at 10,000
# sessions that is most of the file, 5x slower, and it fills SQLite's page cache.
_SESSION_OF_ROW = """CASE journal_search.rowid % 4
    WHEN 2 THEN (SELECT t.session_id FROM transcripts t
                 WHERE t.take_id = journal_search.rowid / 4)
    WHEN 3 THEN (SELECT m.session_id FROM markers m WHERE m.id = journal_search.rowid / 4)
    ELSE journal_search.rowid / 4 END"""


def _match(token: str) -> str:
    """One word as an FTS5 prefix query, quoted: operators and quotes are taken as text."""
    return '"' + token.replace('"', '""') + '"*'


def matching(conn: sqlite3.Connection, query: str, hidden: Iterable[int] = ()) -> list[int]:
    """Ids of the sessions :func:`search` would find, newest first, without snippets.

    Cheap for a long journal: the index gives ids only; a page then asks
    :func:`search` for the snippets of the few sessions it shows.
    """
    tokens = _TOKEN.findall(query)
    if not tokens:
        return []
    # Every word, each in any of the session's texts: one IN per word, all in SQL.
    each_word = " AND ".join(
        f"s.id IN (SELECT {_SESSION_OF_ROW} FROM journal_search WHERE journal_search MATCH ?)"
        for _ in tokens)
    return [row[0] for row in conn.execute(
        f"SELECT s.id FROM sessions s WHERE {each_word} "
        "AND s.id NOT IN (SELECT value FROM json_each(?)) ORDER BY s.started_at DESC, s.id DESC",
        (*(_match(token) for token in tokens), json.dumps([int(i) for i in hidden])))]


def search(conn: sqlite3.Connection, query: str, hidden: Iterable[int] = (),
           snippet_words: int = 10, only: Iterable[int] | None = None) -> list[SearchHit]:
    """Sessions whose intention, note, transcripts or marks hold every word of ``query``.

    Each word matches the start of a word (``oce`` finds "ocean"), ignoring case
    and accents; every word must occur in the session, not necessarily in the
    same text. Newest session first; an empty query matches nothing. With
    ``only``, just those sessions are looked at (snippets cost a few ms each).
    """
    tokens = _TOKEN.findall(query)
    if not tokens:
        return []
    skip = {int(i) for i in hidden}
    within, params = "", []
    if only is not None:
        within, params = f" AND {_SESSION_OF_ROW} IN (SELECT value FROM json_each(?))", [
            json.dumps([int(i) for i in only])]
    per_token: list[set[int]] = []
    rows: list[sqlite3.Row] = []
    for token in tokens:
        found = conn.execute(
            "SELECT session_id, kind, snippet(journal_search, 0, ?, ?, '…', ?) AS snip "
            f"FROM journal_search WHERE journal_search MATCH ?{within}",
            (MATCH_START, MATCH_END, snippet_words, _match(token), *params)).fetchall()
        per_token.append({int(r["session_id"]) for r in found})
        rows.extend(found)
    sessions = set.intersection(*per_token) - skip
    if not sessions:
        return []
    order = [row[0] for row in conn.execute(
        "SELECT id FROM sessions ORDER BY started_at DESC, id DESC") if row[0] in sessions]
    hits = {session_id: SearchHit(session_id) for session_id in order}
    if len(tokens) > 1:  # snippets that show every word at once, where one text has them
        match = " ".join(_match(t) for t in tokens)
        rows = conn.execute(
            "SELECT session_id, kind, snippet(journal_search, 0, ?, ?, '…', ?) AS snip "
            f"FROM journal_search WHERE journal_search MATCH ?{within}",
            (MATCH_START, MATCH_END, snippet_words, match, *params)).fetchall() + rows
    seen: set[tuple[int, str, str]] = set()
    for row in sorted(rows, key=lambda r: _KIND_ORDER.get(r["kind"], 9)):
        key = (int(row["session_id"]), row["kind"], row["snip"])
        if key[0] in hits and key not in seen and len(hits[key[0]].snippets) < 3:
            seen.add(key)
            hits[key[0]].snippets.append(Snippet(row["kind"], row["snip"]))
    return list(hits.values())
