"""Search over everything the journal holds: intentions, notes, transcripts and marks.

Runs on the FTS5 index (migrations 10 and 14), which triggers keep in step with the
tables, so any page can search without reading every session. The index is in two
parts, each text in one of them: ``journal_search`` for settled texts and
``journal_recent`` for those written lately; every query reads both.
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



# The two parts of the index (migration 14); every text is in exactly one.
_PARTS = ("journal_search", "journal_recent")


# The session a row of the index belongs to, from its rowid alone (see migration 10:
# rowid = id * 4 + kind, the id being the session's for intentions and notes, the
# take's for transcripts and the mark's for marks). Reading the session_id column
# instead reads each matching text from the index's content table: at 10,000
# sessions that is most of the file, 5x slower, and it fills SQLite's page cache.
def _session_of_row(part: str) -> str:
    return f"""CASE {part}.rowid % 4
    WHEN 2 THEN (SELECT t.session_id FROM transcripts t WHERE t.take_id = {part}.rowid / 4)
    WHEN 3 THEN (SELECT m.session_id FROM markers m WHERE m.id = {part}.rowid / 4)
    ELSE {part}.rowid / 4 END"""


def _sessions_matching() -> str:
    """A subquery: the sessions of the rows of both parts that match one ``?``."""
    return " UNION ALL ".join(
        f"SELECT {_session_of_row(part)} FROM {part} WHERE {part} MATCH ?" for part in _PARTS)


def _snippets(only: bool) -> str:
    """A query: session, kind and snippet of each row of both parts that matches ``?``.

    Rows come in the index's own order (rowid), as one table gave them before it
    was split, so the same snippets are picked. Its parameters, for each part: the
    snippet marks and length, the match and, with ``only``, the sessions to look at.
    """
    within = " AND {} IN (SELECT value FROM json_each(?))" if only else ""
    return "SELECT session_id, kind, snip FROM (" + " UNION ALL ".join(
        f"SELECT {part}.rowid AS r, session_id, kind, snippet({part}, 0, ?, ?, '…', ?) AS snip "
        f"FROM {part} WHERE {part} MATCH ?" + within.format(_session_of_row(part))
        for part in _PARTS) + ") ORDER BY r"


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
    each_word = " AND ".join(f"s.id IN ({_sessions_matching()})" for _ in tokens)
    return [row[0] for row in conn.execute(
        f"SELECT s.id FROM sessions s WHERE {each_word} "
        "AND s.id NOT IN (SELECT value FROM json_each(?)) ORDER BY s.started_at DESC, s.id DESC",
        (*(_match(token) for token in tokens for _ in _PARTS),
         json.dumps([int(i) for i in hidden])))]


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
    query_sql = _snippets(only is not None)
    within = [] if only is None else [json.dumps([int(i) for i in only])]

    def rows_matching(match: str) -> list[sqlite3.Row]:
        params = (MATCH_START, MATCH_END, snippet_words, match, *within)
        return conn.execute(query_sql, params * len(_PARTS)).fetchall()

    per_token: list[set[int]] = []
    rows: list[sqlite3.Row] = []
    for token in tokens:
        found = rows_matching(_match(token))
        per_token.append({int(r["session_id"]) for r in found})
        rows.extend(found)
    sessions = set.intersection(*per_token) - skip
    if not sessions:
        return []
    order = [row[0] for row in conn.execute(
        "SELECT id FROM sessions ORDER BY started_at DESC, id DESC") if row[0] in sessions]
    hits = {session_id: SearchHit(session_id) for session_id in order}
    if len(tokens) > 1:  # snippets that show every word at once, where one text has them
        rows = rows_matching(" ".join(_match(t) for t in tokens)) + rows
    seen: set[tuple[int, str, str]] = set()
    for row in sorted(rows, key=lambda r: _KIND_ORDER.get(r["kind"], 9)):
        key = (int(row["session_id"]), row["kind"], row["snip"])
        if key[0] in hits and key not in seen and len(hits[key[0]].snippets) < 3:
            seen.add(key)
            hits[key[0]].snippets.append(Snippet(row["kind"], row["snip"]))
    return list(hits.values())
