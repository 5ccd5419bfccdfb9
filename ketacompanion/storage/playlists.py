"""Playlists in SQLite: SQL in, :class:`Playlist` dataclasses out.

Binaural segments and silences are kept as the same one-line JSON our playlist
exports use, so one format describes them everywhere. File paths are stored
absolute, as given, so a moved music folder can be repaired by
:func:`ketacompanion.core.relocate.locate_missing` and saved back.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    Playlist,
    PlaylistItem,
)
from ketacompanion.core.special_items import special_from_json, special_to_json
from ketacompanion.core.stamps import utc_now
from ketacompanion.core.timeline import content_end
from ketacompanion.storage.database import Database

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 120
# Items are stored this many positions apart, so an item added between two others takes a
# free position between them and no other row is rewritten (a 10,000-track list stays quick
# to edit). Only when a gap is used up are the playlist's positions spread out again.
POSITION_GAP = 1024
_State = tuple[str, int]  # a playlist's updated_at and its number of stored item rows


class PlaylistNameError(ValueError):
    """A name that cannot be used (empty, too long, taken); the message says why."""


class PlaylistNotFoundError(LookupError):
    """No playlist has that id or name."""


@dataclass(frozen=True)
class PlaylistSummary:
    """One line of the library.

    ``total_s`` is how long the playlist plays, laid out on the one timeline
    (:func:`~ketacompanion.core.timeline.content_end`) with the blend it was asked
    for; None when no blend was given (then the items are not loaded).
    """

    id: int
    name: str
    target_minutes: int
    item_count: int
    total_s: float | None
    builtin_key: str | None


class PlaylistRepository:
    """Reads and writes playlists; every write is one transaction.

    Args:
        database: The open, migrated database.
    """

    def __init__(self, database: Database) -> None:
        self._db = database
        # Each playlist's state as last written or read here: (updated_at, row count) and
        # its items, and its length per blend for that state. The library lists every
        # length after each edit; laying out or reading back 10,000 rows each time would
        # cost what the list costs, not what the edit does. A write elsewhere (the
        # command line) changes updated_at or the count, and the playlist is read again.
        self._items: dict[int, tuple[_State, tuple[PlaylistItem, ...]]] = {}
        self._lengths: dict[tuple[int, float], tuple[_State, float]] = {}

    def summaries(self, crossfade_s: float | None = None) -> list[PlaylistSummary]:
        """All playlists, by name (case-insensitive).

        With ``crossfade_s`` (the person's blend between pieces), each says how long it
        plays as the fit and the player lay it out; adding the items' lengths end to
        end would say longer than is heard.
        """
        rows = self._db.connection.execute(
            "SELECT p.id, p.name, p.target_minutes, p.builtin_key, p.updated_at, "
            "COUNT(i.id) AS n "
            "FROM playlists p LEFT JOIN playlist_items i ON i.playlist_id = p.id GROUP BY p.id"
        ).fetchall()
        summaries = [
            PlaylistSummary(r["id"], r["name"], r["target_minutes"], r["n"],
                            None if crossfade_s is None
                            else self._length(r["id"], (r["updated_at"], r["n"]), crossfade_s),
                            r["builtin_key"])
            for r in rows
        ]
        return sorted(summaries, key=lambda s: s.name.casefold())

    def get(self, playlist_id: int) -> Playlist:
        """The playlist with ``playlist_id``, items in order.

        Raises:
            PlaylistNotFoundError: There is none.
        """
        conn = self._db.connection
        row = conn.execute("SELECT * FROM playlists WHERE id = ?", (playlist_id,)).fetchone()
        if row is None:
            raise PlaylistNotFoundError(f"No playlist with id {playlist_id}.")
        rows = conn.execute(
            "SELECT * FROM playlist_items WHERE playlist_id = ? ORDER BY position, id",
            (playlist_id,)
        ).fetchall()
        items = [item for item in map(_item_from_row, rows) if item is not None]
        self._keep(playlist_id, (row["updated_at"], len(rows)), items)
        bed = _bed_from_json(row["bed_json"])
        try:
            end = EndBehaviour(row["end_behaviour"])
        except ValueError:
            end = EndBehaviour.SILENCE
        return Playlist(row["name"], items, row["target_minutes"], end, bed, row["bed_level"],
                        row["id"])

    def find(self, name: str) -> Playlist | None:
        """The playlist called ``name`` (ignoring case and outer spaces), if any."""
        found = self._id_for_name(name)
        return None if found is None else self.get(found)

    def builtin_key(self, playlist_id: int) -> str | None:
        """The ready-made key of a playlist, or None for the person's own."""
        row = self._db.connection.execute(
            "SELECT builtin_key FROM playlists WHERE id = ?", (playlist_id,)
        ).fetchone()
        return None if row is None else row[0]

    def add(self, playlist: Playlist, builtin_key: str | None = None) -> Playlist:
        """Store ``playlist`` as a new one and return it with its id.

        A given ``playlist.id`` is kept (undoing a delete brings the same playlist
        back); None lets SQLite choose.

        Raises:
            PlaylistNameError: The name is empty, too long or already taken.
        """
        name = self.check_name(playlist.name)
        now = _now()
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO playlists (id, name, target_minutes, end_behaviour, bed_json, "
                "bed_level, builtin_key, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (playlist.id, name, playlist.target_minutes, playlist.end_behaviour.value,
                 _bed_to_json(playlist.bed), playlist.bed_level, builtin_key, now, now),
            )
            new_id = int(cursor.lastrowid or 0)
            _write_items(conn, new_id, playlist.items)
        return self.get(new_id)

    def save(self, playlist: Playlist) -> None:
        """Write an existing playlist's fields and the items that changed.

        Items are compared with the stored ones; only added, removed or changed
        items are written, so an edit to a long playlist stays quick.

        Raises:
            PlaylistNotFoundError: ``playlist.id`` is not stored.
            PlaylistNameError: Its name is invalid or belongs to another playlist.
        """
        if playlist.id is None:
            raise PlaylistNotFoundError("This playlist has not been stored yet.")
        name = self.check_name(playlist.name, playlist.id)
        now = _now()
        known = self._items.get(playlist.id)
        self._forget(playlist.id)  # whatever happens below, what was kept is past
        with self._db.transaction() as conn:
            stored = _state(conn, playlist.id)
            # The items kept are the stored ones if nothing else wrote them since (and
            # no stored row was unreadable, so each item is one row).
            before = (known[1] if known is not None and stored is not None
                      and known[0] == stored and len(known[1]) == stored[1] else None)
            cursor = conn.execute(
                "UPDATE playlists SET name = ?, target_minutes = ?, end_behaviour = ?, "
                "bed_json = ?, bed_level = ?, updated_at = ? WHERE id = ?",
                (name, playlist.target_minutes, playlist.end_behaviour.value,
                 _bed_to_json(playlist.bed), playlist.bed_level, now, playlist.id),
            )
            if cursor.rowcount == 0:
                raise PlaylistNotFoundError(f"No playlist with id {playlist.id}.")
            _save_item_changes(conn, playlist.id, playlist.items, before)
        # The items just written are the stored ones: their length needs no reading back.
        self._keep(playlist.id, (now, len(playlist.items)), playlist.items)

    def rename(self, playlist_id: int, name: str) -> None:
        """Give a playlist a new name.

        Raises:
            PlaylistNameError: The name is invalid or taken.
        """
        checked = self.check_name(name, playlist_id)
        now = _now()
        with self._db.transaction() as conn:
            row = conn.execute("SELECT updated_at FROM playlists WHERE id = ?",
                               (playlist_id,)).fetchone()
            conn.execute(
                "UPDATE playlists SET name = ?, updated_at = ? WHERE id = ?",
                (checked, now, playlist_id),
            )
        if row is not None:
            self._restamp(playlist_id, row["updated_at"], now)

    def delete(self, playlist_id: int) -> None:
        """Remove a playlist and its items (sessions keep their copy of its name)."""
        self._forget(playlist_id)
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM playlists WHERE id = ?", (playlist_id,))

    def unique_name(self, base: str) -> str:
        """``base`` if free, else "base (2)", "base (3)", ..."""
        base = " ".join(base.split())[: MAX_NAME_LENGTH - 8] or "Playlist"
        candidate, number = base, 2
        while self._id_for_name(candidate) is not None:
            candidate, number = f"{base} ({number})", number + 1
        return candidate

    def check_name(self, name: str, own_id: int | None = None) -> str:
        """The cleaned-up name, if ``own_id`` may use it.

        Raises:
            PlaylistNameError: Empty, too long, or used by another playlist.
        """
        cleaned = " ".join(name.split())
        if not cleaned:
            raise PlaylistNameError("A playlist needs a name.")
        if len(cleaned) > MAX_NAME_LENGTH:
            raise PlaylistNameError(f"Please keep the name under {MAX_NAME_LENGTH} characters.")
        other = self._id_for_name(cleaned)
        if other is not None and other != own_id:
            raise PlaylistNameError(f"There is already a playlist called “{cleaned}”.")
        return cleaned

    def was_seeded(self, builtin_key: str) -> bool:
        """Whether the ready-made playlist ``builtin_key`` was ever added."""
        return self._db.connection.execute(
            "SELECT 1 FROM builtin_playlists_seeded WHERE builtin_key = ?", (builtin_key,)
        ).fetchone() is not None

    def mark_seeded(self, builtin_key: str) -> None:
        """Remember that ``builtin_key`` was added, so deleting it is respected."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO builtin_playlists_seeded VALUES (?, ?)",
                (builtin_key, _now()),
            )

    def ids_for_builtin(self, builtin_key: str) -> list[int]:
        """Ids of the stored playlists made from the ready-made ``builtin_key``."""
        rows = self._db.connection.execute(
            "SELECT id FROM playlists WHERE builtin_key = ? ORDER BY id", (builtin_key,)
        )
        return [row[0] for row in rows]

    def _length(self, playlist_id: int, state: _State, crossfade_s: float) -> float:
        """How long the playlist in ``state`` plays with ``crossfade_s``, kept per state."""
        kept = self._lengths.get((playlist_id, crossfade_s))
        if kept is not None and kept[0] == state:
            return kept[1]
        known = self._items.get(playlist_id)
        items = known[1] if known is not None and known[0] == state else (
            self.get(playlist_id).items)
        length = content_end(items, crossfade_s)  # the one timeline, laid out once per state
        self._lengths[(playlist_id, crossfade_s)] = (state, length)
        return length

    def _keep(self, playlist_id: int, state: _State, items: Sequence[PlaylistItem]) -> None:
        if self._items.get(playlist_id, (None,))[0] != state:
            self._forget(playlist_id)
        self._items[playlist_id] = (state, tuple(items))

    def _forget(self, playlist_id: int) -> None:
        self._items.pop(playlist_id, None)
        for key in [key for key in self._lengths if key[0] == playlist_id]:
            del self._lengths[key]

    def _restamp(self, playlist_id: int, before: str, after: str) -> None:
        """A rename changed ``updated_at`` but not the items: what was kept still holds."""
        known = self._items.get(playlist_id)
        if known is not None and known[0][0] == before:
            self._items[playlist_id] = ((after, known[0][1]), known[1])
        for key, (state, length) in list(self._lengths.items()):
            if key[0] == playlist_id and state[0] == before:
                self._lengths[key] = ((after, state[1]), length)

    def _id_for_name(self, name: str) -> int | None:
        cleaned = " ".join(name.split()).casefold()
        for row in self._db.connection.execute("SELECT id, name FROM playlists"):
            if row["name"].casefold() == cleaned:
                return int(row["id"])
        return None


_ItemRow = tuple[str, str | None, str | None, str | None, float | None, str | None]
_COLUMNS = "kind, path, title, artist, duration_s, params_json"


def _item_row(item: PlaylistItem) -> _ItemRow:
    """The stored columns of ``item`` (position and ids aside), for writing and comparing."""
    if isinstance(item, FileItem):
        return ("file", item.path, item.title, item.artist, item.duration_s, None)
    return (item.kind, None, None, None, item.duration_s, special_to_json(item))


def _write_items(conn: sqlite3.Connection, playlist_id: int, items: list[PlaylistItem]) -> None:
    conn.executemany(
        f"INSERT INTO playlist_items (playlist_id, position, {_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(playlist_id, (n + 1) * POSITION_GAP, *_item_row(item)) for n, item in enumerate(items)],
    )


def _save_item_changes(conn: sqlite3.Connection, playlist_id: int,
                       items: Sequence[PlaylistItem],
                       before: Sequence[PlaylistItem] | None = None) -> None:
    """Make the stored items equal ``items``, writing only the rows that differ.

    ``before``, the stored items as last written or read (when nothing else wrote them
    since), narrows the work to the rows around the change: an edit of 10,000 rows
    then reads and compares a few of them, not all.
    """
    from difflib import SequenceMatcher  # on a save only, not before the first frame

    start, old_end, new_end = 0, -1, len(items)
    if before is not None:
        # The same head and tail (the very same items, mostly) are left alone; one kept
        # neighbour each side bounds the positions new items may take.
        head = _common(zip(before, items, strict=False))
        tail = _common(zip(reversed(before[head:]), reversed(items[head:]), strict=False))
        start = max(0, head - 1)
        old_end, new_end = len(before) - max(0, tail - 1), len(items) - max(0, tail - 1)
    stored = conn.execute(
        f"SELECT id, position, {_COLUMNS} FROM playlist_items WHERE playlist_id = ? "
        "ORDER BY position, id LIMIT ? OFFSET ?",
        (playlist_id, old_end if old_end < 0 else old_end - start, start)).fetchall()
    old = [tuple(row)[2:] for row in stored]
    new = [_item_row(item) for item in items[start:new_end]]
    # Unchanged runs keep their rows; the rest is deleted, updated in place or inserted.
    # An edit touches one place, mostly: the same head and tail are set aside first, so
    # the matcher compares only the middle (it is slow on 10,000 rows).
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    matcher = SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail],
                              autojunk=False)
    kept: list[tuple[int, int]] = [(k, stored[k]["position"]) for k in range(head)]
    kept.extend((len(new) - tail + k, stored[len(old) - tail + k]["position"])
                for k in range(tail))
    deleted: list[int] = []
    updated: list[tuple[int, int]] = []  # (stored row index, new index)
    inserted: list[int] = []
    for tag, o1, o2, n1, n2 in matcher.get_opcodes():
        o1, o2, n1, n2 = o1 + head, o2 + head, n1 + head, n2 + head
        if tag == "equal":
            kept.extend((n1 + k, stored[o1 + k]["position"]) for k in range(o2 - o1))
            continue
        same = min(o2 - o1, n2 - n1) if tag == "replace" else 0
        updated.extend((o1 + k, n1 + k) for k in range(same))
        deleted.extend(stored[o]["id"] for o in range(o1 + same, o2))
        inserted.extend(range(n1 + same, n2))
    kept.extend((n, stored[o]["position"]) for o, n in updated)
    kept.sort()
    positions = _positions_for(len(new), kept)
    if positions is None:
        # No room left between neighbours: spread the whole list out again, once.
        conn.execute("DELETE FROM playlist_items WHERE playlist_id = ?", (playlist_id,))
        _write_items(conn, playlist_id, list(items))
        return
    # Only the window's rows change: those before and after it keep theirs.
    conn.executemany("DELETE FROM playlist_items WHERE id = ?", [(i,) for i in deleted])
    conn.executemany(
        "UPDATE playlist_items SET kind = ?, path = ?, title = ?, artist = ?, duration_s = ?, "
        "params_json = ? WHERE id = ?",
        [(*new[n], stored[o]["id"]) for o, n in updated],
    )
    conn.executemany(
        f"INSERT INTO playlist_items (playlist_id, position, {_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(playlist_id, positions[n], *new[n]) for n in inserted],
    )


def _common(pairs: Iterable[tuple[PlaylistItem, PlaylistItem]]) -> int:
    """How many leading pairs hold equal items (the very same object, mostly)."""
    count = 0
    for a, b in pairs:
        if a is not b and a != b:
            break
        count += 1
    return count


def _state(conn: sqlite3.Connection, playlist_id: int) -> _State | None:
    """The playlist's stored state: its updated_at and its number of item rows."""
    row = conn.execute(
        "SELECT updated_at, (SELECT COUNT(*) FROM playlist_items WHERE playlist_id = ?) "
        "FROM playlists WHERE id = ?", (playlist_id, playlist_id)).fetchone()
    return None if row is None else (row[0], row[1])


def _positions_for(count: int, kept: Sequence[tuple[int, int]]) -> list[int] | None:
    """A position for each of ``count`` items, keeping those of ``kept`` (index, position).

    New items share the free positions between their kept neighbours evenly. None when a
    gap is too small for them, or kept positions are not strictly rising.
    """
    positions: list[int] = [0] * count
    lo_index, lo_pos = -1, 0
    for hi_index, hi_pos in kept:
        positions[hi_index] = hi_pos
        between = hi_index - lo_index - 1
        if between == 0:
            if hi_pos <= lo_pos and hi_index > 0:
                return None
        else:
            step = (hi_pos - lo_pos) // (between + 1)
            if step < 1:
                return None
            for k in range(between):
                positions[lo_index + 1 + k] = lo_pos + step * (k + 1)
        lo_index, lo_pos = hi_index, hi_pos
    # After the last kept item the room is unbounded.
    for k in range(count - lo_index - 1):
        positions[lo_index + 1 + k] = lo_pos + POSITION_GAP * (k + 1)
    return positions


def _item_from_row(row: sqlite3.Row) -> PlaylistItem | None:
    if row["kind"] == "file":
        return FileItem(row["path"], row["title"], row["artist"], row["duration_s"])
    try:
        return special_from_json(row["params_json"])
    except (ValueError, TypeError) as exc:
        # Only a hand-edited database gets here; skip the row, keep the playlist usable.
        log.warning("playlist item %s unreadable, skipped: %s", row["id"], exc)
        return None


def _bed_to_json(bed: BinauralSegment | None) -> str | None:
    return None if bed is None else special_to_json(bed)


def _bed_from_json(text: str | None) -> BinauralSegment | None:
    if not text:
        return None
    try:
        bed = special_from_json(text)
    except (ValueError, TypeError):
        log.warning("playlist bed unreadable, ignored")
        return None
    return bed if isinstance(bed, BinauralSegment) else None


def _now() -> str:
    return utc_now()
