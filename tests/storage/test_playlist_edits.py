"""An edit to a long playlist writes only the items that changed (issue 18, item 5).

Rows written are counted by SQLite itself (``total_changes``) on a real file; the
playlist read back must equal the edited one, whatever the edit.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ketacompanion.core.models import FileItem, Playlist, SilenceItem
from ketacompanion.core.presets import preset
from ketacompanion.storage.database import Database
from ketacompanion.storage.playlists import PlaylistRepository

TRACKS = 10_000


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "k.sqlite3")
    yield database
    database.close()


def _tracks(count: int, prefix: str = "t") -> list[FileItem]:
    return [FileItem(f"/music/{prefix}{n:05d}.ogg", f"Title {n}", "Artist", 180.0 + n % 60)
            for n in range(count)]


def _rows_written(db: Database, action) -> int:
    before = db.connection.total_changes
    action()
    return db.connection.total_changes - before


def test_each_edit_to_a_10000_track_playlist_writes_only_what_changed(db):
    repo = PlaylistRepository(db)
    stored = repo.add(Playlist("Long", _tracks(TRACKS)))
    items = list(stored.items)
    edits = {
        "insert in the middle": lambda: items.insert(5000, FileItem("/music/new.ogg")),
        "insert at the top": lambda: items.insert(0, SilenceItem(30)),
        "append": lambda: items.append(preset("settle").segment(5)),
        "remove one": lambda: items.pop(777),
        "move one down": lambda: items.insert(9000, items.pop(10)),
        "tags read": lambda: items.__setitem__(42, FileItem(items[42].path, "Read", "Later", 99.0)),
    }
    # The playlist row itself is one change; the edit is at most two more (a move).
    for name, edit in edits.items():
        edit()
        stored.items = list(items)
        written = _rows_written(db, lambda: repo.save(stored))
        assert written <= 3, f"{name}: {written} rows written"
        assert repo.get(stored.id).items == items, name


def test_a_list_saved_before_gaps_existed_is_spread_once_then_stays_cheap(db):
    repo = PlaylistRepository(db)
    stored = repo.add(Playlist("Old", _tracks(200)))
    # As earlier versions stored it: positions 0, 1, 2... with no room between.
    with db.transaction() as conn:
        conn.execute("UPDATE playlist_items SET position = position / 1024 - 1")
    items = list(stored.items)
    items.insert(100, FileItem("/music/x.ogg"))
    stored.items = list(items)
    repo.save(stored)
    assert repo.get(stored.id).items == items
    items.insert(50, FileItem("/music/y.ogg"))
    stored.items = list(items)
    assert _rows_written(db, lambda: repo.save(stored)) <= 2
    assert repo.get(stored.id).items == items


def test_random_edits_always_read_back_as_saved(db):
    """Inserts, removals, moves, duplicates and rewrites in any mix: the stored list is right."""
    repo = PlaylistRepository(db)
    rng = random.Random(18)
    pool = [*_tracks(6, "p"), SilenceItem(10), preset("settle").segment(3)]
    stored = repo.add(Playlist("Mixed", [rng.choice(pool) for _ in range(12)]))
    items = list(stored.items)
    for _ in range(80):
        action = rng.randrange(5)
        if action == 0 or not items:
            for _ in range(rng.randint(1, 40)):  # enough to use up a gap now and then
                items.insert(rng.randint(0, len(items)), rng.choice(pool))
        elif action == 1:
            del items[rng.randrange(len(items))]
        elif action == 2:
            items.insert(rng.randint(0, len(items) - 1), items.pop(rng.randrange(len(items))))
        elif action == 3:
            items[rng.randrange(len(items))] = rng.choice(pool)
        else:
            rng.shuffle(items)
        stored.items = list(items)
        repo.save(stored)
        assert repo.get(stored.id).items == items


def test_undo_and_redo_of_an_edit_write_only_that_item(db, tmp_path: Path, qapp):
    from ketacompanion.ui.playlist_library_state import LibraryState

    repo = PlaylistRepository(db)
    stored = repo.add(Playlist("Long", _tracks(2000)))
    state = LibraryState(repo, tmp_path)
    state.open(stored.id)
    after = state.current()
    after.items = [*after.items[:1000], FileItem("/music/new.ogg"), *after.items[1000:]]
    assert _rows_written(db, lambda: state.edit(after, "add")) <= 2
    assert repo.get(stored.id).items == after.items
    assert _rows_written(db, state.undo_stack.undo) <= 2
    assert repo.get(stored.id).items == stored.items
    assert _rows_written(db, state.undo_stack.redo) <= 2
    assert repo.get(stored.id).items == after.items


def _reads(repo: PlaylistRepository, monkeypatch) -> list[int]:
    """The ids of the playlists ``repo`` reads whole from here on."""
    read: list[int] = []
    get = repo.get

    def counting(playlist_id: int):
        read.append(playlist_id)
        return get(playlist_id)

    monkeypatch.setattr(repo, "get", counting)
    return read


def _true_lengths(db: Database, crossfade_s: float) -> dict[int, float]:
    """Each playlist's length from a fresh repository: read whole, laid out afresh."""
    from ketacompanion.core.timeline import content_end

    fresh = PlaylistRepository(db)
    return {s.id: content_end(list(fresh.get(s.id).items), crossfade_s)
            for s in fresh.summaries()}


def test_the_library_keeps_each_length_and_reads_no_playlist_again_after_an_edit(
        db, monkeypatch):
    repo = PlaylistRepository(db)
    stored = [repo.add(Playlist(f"P{n}", _tracks(300 + n, f"p{n}-"))) for n in range(6)]
    repo.summaries(4.0)
    read = _reads(repo, monkeypatch)
    assert repo.summaries(4.0) and read == []
    long = stored[2]
    long.items = [*long.items[:100], FileItem("/music/new.ogg", duration_s=200.0),
                  *long.items[100:]]
    repo.save(long)
    lengths = {s.id: s.total_s for s in repo.summaries(4.0)}
    assert read == []  # the saved items are the playlist's own: laid out, not read back
    assert lengths == pytest.approx(_true_lengths(db, 4.0))


def test_the_library_lengths_follow_every_change(db, monkeypatch):
    repo = PlaylistRepository(db)
    a = repo.add(Playlist("A", _tracks(40, "a")))
    b = repo.add(Playlist("B", [SilenceItem(60), *_tracks(5, "b")]))
    for crossfade in (4.0, 0.0, 8.0, 4.0):
        assert {s.id: s.total_s for s in repo.summaries(crossfade)} == pytest.approx(
            _true_lengths(db, crossfade))
    a.items = a.items[:10]
    repo.save(a)
    repo.delete(b.id)
    c = repo.add(Playlist("C", _tracks(3, "c")))
    repo.rename(c.id, "See")
    assert {s.id: s.total_s for s in repo.summaries(4.0)} == pytest.approx(
        _true_lengths(db, 4.0))
    # Another repository on the same file (the command line) changes one: it is seen.
    other = PlaylistRepository(db)
    changed = other.get(c.id)
    changed.items = [*changed.items, SilenceItem(600)]
    other.save(changed)
    assert {s.id: s.total_s for s in repo.summaries(4.0)} == pytest.approx(
        _true_lengths(db, 4.0))
    assert {s.id: s.total_s for s in repo.summaries(0.0)} == pytest.approx(
        _true_lengths(db, 0.0))


def test_an_edit_compares_only_the_rows_around_the_change(db, monkeypatch):
    from ketacompanion.storage import playlists

    repo = PlaylistRepository(db)
    stored = repo.add(Playlist("Long", _tracks(TRACKS)))
    compared: list[int] = []
    item_row = playlists._item_row
    monkeypatch.setattr(playlists, "_item_row",
                        lambda item: (compared.append(1), item_row(item))[1])
    items = list(stored.items)
    for edit in (lambda: items.insert(5000, FileItem("/music/new.ogg")),
                 lambda: items.pop(10),
                 lambda: items.insert(9000, items.pop(20)),
                 lambda: items.__setitem__(7, SilenceItem(5))):
        edit()
        stored.items = list(items)
        compared.clear()
        repo.save(stored)
        # The rows between the first and the last change, and a neighbour each side.
        assert len(compared) <= 2 * (9000 - 20 + 3)
        assert repo.get(stored.id).items == items
    items.insert(3000, SilenceItem(7))
    stored.items = list(items)
    compared.clear()
    repo.save(stored)
    assert len(compared) <= 6
    assert repo.get(stored.id).items == items


def test_edits_from_two_repositories_on_one_file_read_back_as_saved(db):
    """What one repository kept of a playlist is not trusted once another has written it."""
    here, there = PlaylistRepository(db), PlaylistRepository(db)
    rng = random.Random(5)
    pool = [*_tracks(5, "q"), SilenceItem(10)]
    stored = here.add(Playlist("Shared", [rng.choice(pool) for _ in range(30)]))
    for n in range(40):
        repo = here if rng.random() < 0.5 else there
        playlist = repo.get(stored.id) if n % 3 == 0 else stored
        items = list(playlist.items)
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5 or not items:
                items.insert(rng.randint(0, len(items)), rng.choice(pool))
            else:
                del items[rng.randrange(len(items))]
        playlist.items = items
        repo.save(playlist)
        stored = playlist
        assert here.get(stored.id).items == items
        assert there.get(stored.id).items == items
