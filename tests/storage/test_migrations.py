"""Each numbered migration, tested on its own: from the version before it to its own."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketacompanion.core.marks import mark_text
from ketacompanion.storage.database import Database, DatabaseError
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.migrations import LATEST_VERSION, MIGRATIONS
from ketacompanion.storage.sessions import SessionRepository


def _open_at(path: Path, version: int, _monkeypatch: object = None) -> Database:
    """Open a database migrated only up to ``version`` (the third argument is not used)."""
    return Database.open(path, {n: sql for n, sql in MIGRATIONS.items() if n <= version})


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_migrations_are_numbered_without_gaps():
    assert sorted(MIGRATIONS) == list(range(1, LATEST_VERSION + 1))


def test_migration_1_creates_playlists(tmp_path: Path, monkeypatch):
    db = _open_at(tmp_path / "k.sqlite3", 1, monkeypatch)
    assert db.schema_version == 1
    assert {"playlists", "playlist_items"} <= _tables(db.connection)
    assert "sessions" not in _tables(db.connection)
    db.close()


def test_migration_2_adds_sessions_and_keeps_playlists(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 1, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (name, created_at, updated_at) VALUES ('p','x','x')")
    db.close()
    db = _open_at(path, 2, monkeypatch)
    assert db.schema_version == 2
    assert {"sessions", "markers", "notes", "voice_takes"} <= _tables(db.connection)
    assert db.connection.execute("SELECT name FROM playlists").fetchone()[0] == "p"
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, mood_before) "
            "VALUES ('2026-01-01T10:00:00Z', 45, 15, 4)"
        )
    with pytest.raises(sqlite3.IntegrityError):
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, mood_before)"
                " VALUES ('x', 45, 15, 11)"
            )
    db.close()


def test_failed_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 1, monkeypatch)
    db.close()
    broken = dict(MIGRATIONS)
    broken[2] = MIGRATIONS[2] + "; CREATE TABLE playlists (x)"  # fails: exists
    with pytest.raises(DatabaseError, match="left as it was"):
        Database.open(path, broken)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "sessions" not in _tables(conn)
    conn.close()


def test_migration_3_records_seeded_ready_made_playlists(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 2, monkeypatch)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO playlists (name, builtin_key, created_at, updated_at) "
            "VALUES ('Piano - 45 min', 'piano-45', 'x', 'x')"
        )
    db.close()
    db = _open_at(path, 3, monkeypatch)
    assert db.schema_version == 3
    assert "builtin_playlists_seeded" in _tables(db.connection)
    assert db.connection.execute("SELECT builtin_key FROM playlists").fetchone()[0] == "piano-45"
    with db.transaction() as conn:
        conn.execute("INSERT INTO builtin_playlists_seeded VALUES ('piano-45', 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        with db.transaction() as conn:
            conn.execute("INSERT INTO builtin_playlists_seeded VALUES ('piano-45', 'y')")
    db.close()


def test_migration_4_keeps_markers_and_adds_their_kind(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 3, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes) "
                     "VALUES ('2026-03-02T09:00:00Z', 45, 15)")
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (1, 60, '2026-03-02T09:01:00Z', 'Drift')")
    db.close()
    db = _open_at(path, 4, monkeypatch)
    assert db.schema_version == 4
    row = db.connection.execute("SELECT playing, playing_kind FROM markers").fetchone()
    assert tuple(row) == ("Drift", None)  # an older marker simply has no kind
    db.close()


def test_migration_5_keeps_sessions_and_what_hangs_on_them_and_never_reuses_an_id(
        tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 4, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (id, name, created_at, updated_at) "
                     "VALUES (4, 'Drift', 'x', 'x')")
        for sid in (1, 2, 3):
            conn.execute(
                "INSERT INTO sessions (id, started_at, planned_minutes, recovery_minutes, "
                "playlist_id, intention, mood_before, rehearsal, state) "
                "VALUES (?, ?, 45, 15, 4, 'let go', 3, 0, 'ended')",
                (sid, f"2026-03-0{sid}T09:00:00Z"))
            conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing, "
                         "playing_kind) VALUES (?, 60, 'x', 'Drift', 'piano')", (sid,))
            conn.execute("INSERT INTO notes VALUES (?, ?, 'x')", (sid, f"note {sid}"))
            conn.execute("INSERT INTO voice_takes (session_id, path, duration_s, created_at) "
                         "VALUES (?, ?, 2.0, 'x')", (sid, f"take-{sid}.flac"))
        conn.execute("DELETE FROM sessions WHERE id = 3")  # deleted before the update
    db.close()

    db = _open_at(path, 5, monkeypatch)
    conn = db.connection
    assert db.schema_version == 5
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # back on after migrating
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = conn.execute("SELECT id, started_at, playlist_id, intention, mood_before, state "
                        "FROM sessions ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [
        (1, "2026-03-01T09:00:00Z", 4, "let go", 3, "ended"),
        (2, "2026-03-02T09:00:00Z", 4, "let go", 3, "ended"),
    ]
    # Rebuilding the table must not cascade: every marker, note and take is still there.
    for table in ("markers", "notes", "voice_takes"):
        assert [r[0] for r in conn.execute(f"SELECT session_id FROM {table} ORDER BY 1")] \
            == [1, 2]
    assert "AUTOINCREMENT" in conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'sessions'").fetchone()[0]

    with db.transaction() as conn:
        conn.execute("DELETE FROM sessions WHERE id = 2")  # still cascades
        new = conn.execute("INSERT INTO sessions (started_at, planned_minutes, "
                           "recovery_minutes) VALUES ('2026-03-09T09:00:00Z', 45, 15)").lastrowid
    assert new == 3  # 2 is never given again
    assert [r[0] for r in conn.execute("SELECT session_id FROM notes")] == [1]
    with pytest.raises(sqlite3.IntegrityError):  # the checks came along
        with db.transaction() as conn:
            conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                         "mood_after) VALUES ('x', 45, 15, 11)")
    with db.transaction() as conn:  # and so did ON DELETE SET NULL for the playlist
        conn.execute("DELETE FROM playlists WHERE id = 4")
    assert conn.execute("SELECT playlist_id FROM sessions WHERE id = 1").fetchone()[0] is None
    db.close()


def test_a_migration_that_would_leave_rows_pointing_at_nothing_is_refused(tmp_path: Path,
                                                                         monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 4, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes) "
                     "VALUES ('2026-03-02T09:00:00Z', 45, 15)")
        conn.execute("INSERT INTO notes VALUES (1, 'kept', 'x')")
    db.close()
    broken = dict(MIGRATIONS)
    # Foreign keys are off while migrating: a rebuild that lost its rows would not cascade,
    # it would orphan them; the check before commit refuses that.
    broken[5] = MIGRATIONS[5].replace("FROM sessions", "FROM sessions WHERE 0")
    with pytest.raises(DatabaseError, match="left as it was"):
        Database.open(path, broken)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    assert conn.execute("SELECT text FROM notes").fetchall() == [("kept",)]
    assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    conn.close()


def test_migration_6_adds_where_in_the_track_and_old_marks_still_read_well(
        tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 5, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                     "state) VALUES ('2026-03-02T09:00:00Z', 45, 15, 'completed')")
        for offset, created in ((1925.6, "09:32:05"), (1950.2, "09:32:30")):
            conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing, "
                         "playing_kind) VALUES (1, ?, ?, 'Still Water', 'piano')",
                         (offset, f"2026-03-02T{created}.000+00:00"))
    db.close()

    db = _open_at(path, 6, monkeypatch)
    assert db.schema_version == 6
    rows = db.connection.execute(
        "SELECT offset_s, playing, playing_kind, track_offset_s FROM markers ORDER BY id")
    assert [tuple(r) for r in rows] == [(1925.6, "Still Water", "piano", None),
                                        (1950.2, "Still Water", "piano", None)]
    # Older marks have their session offset (kept since migration 2) but no place in the
    # track: they say the seconds, so two of the same minute still read apart.
    old = JournalRepository(db, tmp_path / "rec").entry(1).markers
    assert [mark_text(m) for m in old] == [
        "32 min 5 s in · during 'Still Water' (piano)",
        "32 min 30 s in · during 'Still Water' (piano)",
    ]
    sessions = SessionRepository(db)
    sessions.add_marker(1, 2040.0, datetime(2026, 3, 2, 9, 34, tzinfo=UTC), "Drift", "piano",
                        track_offset_s=221.4)
    assert sessions.markers(1)[-1].track_offset_s == pytest.approx(221.4)
    assert mark_text(JournalRepository(db, tmp_path / "rec").entry(1).markers[-1]) == \
        "34 min in · 'Drift' at 3:41 (piano)"
    db.close()


def test_migration_7_adds_one_course_plan_row_with_its_checks(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    _open_at(path, 6, monkeypatch).close()
    db = _open_at(path, 7, monkeypatch)
    assert db.schema_version == 7 and "course_plan" in _tables(db.connection)
    with db.transaction() as conn:
        conn.execute("INSERT INTO course_plan (id, infusions, started_on, updated_at) "
                     "VALUES (1, 6, '2026-03-02', 'x')")
    assert db.connection.execute("SELECT rhythm FROM course_plan").fetchone()[0] == "weekly"
    for bad in ("(2, 6, '2026-03-02', 'x')", "(1, 0, '2026-03-02', 'x')"):
        with pytest.raises(sqlite3.IntegrityError):
            with db.transaction() as conn:
                conn.execute("INSERT OR ABORT INTO course_plan (id, infusions, started_on, "
                             f"updated_at) VALUES {bad}")
    db.close()


def test_migration_8_adds_checkins_with_their_checks(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    _open_at(path, 7, monkeypatch).close()
    db = _open_at(path, 8, monkeypatch)
    assert db.schema_version == 8 and "checkins" in _tables(db.connection)
    with db.transaction() as conn:
        conn.execute("INSERT INTO checkins (measure, taken_at, answers, total) "
                     "VALUES ('PHQ-9', '2026-03-02T09:00:00+00:00', '000000001', 1)")
    for bad in ("('PHQ-8', 'x', '0', 0)", "('GAD-7', 'x', '0', 28)"):
        with pytest.raises(sqlite3.IntegrityError):
            with db.transaction() as conn:
                conn.execute("INSERT INTO checkins (measure, taken_at, answers, total) "
                             f"VALUES {bad}")
    db.close()


def test_migration_9_adds_integration_offers_that_go_with_their_session(tmp_path: Path,
                                                                         monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 8, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes) "
                     "VALUES ('2026-03-02T09:00:00Z', 45, 15)")
    db.close()
    db = _open_at(path, 9, monkeypatch)
    assert db.schema_version == 9 and "integration_offers" in _tables(db.connection)
    with db.transaction() as conn:
        conn.execute("INSERT INTO integration_offers VALUES (1, '2026-03-03T10:00:00+00:00')")
        conn.execute("DELETE FROM sessions WHERE id = 1")
    assert db.connection.execute("SELECT count(*) FROM integration_offers").fetchone()[0] == 0
    db.close()


def test_migration_10_adds_transcripts_and_indexes_what_was_there(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 9, monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, "
                     "intention) VALUES ('2026-03-02T09:00:00Z', 45, 15, 'meet my fear')")
        conn.execute("INSERT INTO notes VALUES (1, 'a green swamp', 'x')")
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (1, 60, 'x', 'Gymnopédie No. 1')")
        conn.execute("INSERT INTO voice_takes (session_id, path, created_at) "
                     "VALUES (1, 't.flac', 'x')")
    db.close()
    db = _open_at(path, 10)  # the index as 10 made it; 14 splits it in two
    assert db.schema_version == 10 and "transcripts" in _tables(db.connection)
    conn = db.connection
    for word, kind in (("fear", "intention"), ("swamp", "note"), ("gymnopedie", "mark")):
        assert conn.execute("SELECT session_id, kind FROM journal_search "
                            "WHERE journal_search MATCH ?", (word,)).fetchall()[0][:] == (1, kind)
    with db.transaction() as c:
        c.execute("INSERT INTO transcripts VALUES (1, 1, 'the ocean spoke', 0, 'e', 'x')")
    assert conn.execute("SELECT kind FROM journal_search WHERE journal_search MATCH 'ocean'"
                        ).fetchone()[0] == "transcript"
    with db.transaction() as c:
        c.execute("DELETE FROM sessions WHERE id = 1")  # cascades, and the index follows
    assert conn.execute("SELECT count(*) FROM journal_search").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 0
    db.close()


def test_migration_11_keeps_each_files_loudness_by_path_size_and_time(
        tmp_path: Path, monkeypatch):
    from ketacompanion.core.loudness import Loudness
    from ketacompanion.storage.loudness import LoudnessCache

    path = tmp_path / "k.sqlite3"
    db = _open_at(path, max(n for n in MIGRATIONS if n < 11), monkeypatch)
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (name, created_at, updated_at) "
                     "VALUES ('Mine', '2026-03-02', '2026-03-02')")
    db.close()

    db = _open_at(path, 11, monkeypatch)
    assert db.schema_version == 11
    assert "loudness" in _tables(db.connection)
    assert db.connection.execute("SELECT name FROM playlists").fetchone()[0] == "Mine"
    cache = LoudnessCache(db.connection)
    song = "/music/song.flac"
    assert cache.get(song, (1000, 5)) == (False, None)
    cache.put(song, (1000, 5), Loudness(-9.5, 0.99))
    cache.put("/music/silence.wav", (10, 1), None)
    assert cache.get(song, (1000, 5)) == (True, Loudness(-9.5, 0.99))
    assert cache.get("/music/silence.wav", (10, 1)) == (True, None)
    # The file changed (a new size or time): measured again, the old row replaced.
    assert cache.get(song, (1000, 6)) == (False, None)
    cache.put(song, (1000, 6), Loudness(-12.0, 0.8))
    assert db.connection.execute("SELECT COUNT(*) FROM loudness WHERE path = ?",
                                 (song,)).fetchone()[0] == 1
    db.close()


def test_migration_12_names_fresh_piano_and_nature_rows_for_what_they_are(
        tmp_path: Path, monkeypatch):
    from ketacompanion.core.models import FreshPiano
    from ketacompanion.core.special_items import special_to_json
    from ketacompanion.storage.playlists import PlaylistRepository

    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 11, monkeypatch)
    piano = special_to_json(FreshPiano(2700.0, seed=0))
    nature = '{"kind": "nature", "sound": "rain", "duration_s": 600.0, "label": "Soft rain"}'
    beats = '{"kind": "binaural", "carrier_hz": 200, "beat_hz": 6, "duration_s": 60}'
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (id, name, created_at, updated_at) "
                     "VALUES (1, 'Fresh', '2026-03-02', '2026-03-02')")
        # As the app before migration 12 kept them: everything generated under 'binaural'.
        conn.executemany(
            "INSERT INTO playlist_items (playlist_id, position, kind, path, duration_s, "
            "params_json) VALUES (1, ?, ?, ?, ?, ?)",
            [(0, "binaural", None, 2700.0, piano), (1, "binaural", None, 600.0, nature),
             (2, "binaural", None, 60.0, beats), (3, "file", "/m/a.flac", 30.0, None),
             (4, "binaural", None, 5.0, "not json")])
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO playlist_items (playlist_id, position, kind) "
                         "VALUES (1, 9, 'nature')")
    db.close()

    db = _open_at(path, 12, monkeypatch)
    kinds = [r[0] for r in db.connection.execute(
        "SELECT kind FROM playlist_items ORDER BY position")]
    assert kinds == ["fresh piano", "nature", "binaural", "file", "binaural"]
    assert db.connection.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                 "AND name = 'playlist_items_order'").fetchone()[0] == 1
    items = PlaylistRepository(db).get(1).items
    assert [item.kind for item in items][:4] == ["fresh piano", "nature", "binaural", "music"]
    # A new fresh piano is written under its own kind, and the CHECK still refuses nonsense.
    with db.transaction() as conn:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO playlist_items (playlist_id, position, kind) "
                         "VALUES (1, 9, 'jingle')")
    db.close()


def _stamps(conn: sqlite3.Connection) -> dict[str, list[str | None]]:
    """Every stored time, by table and column, in row order."""
    columns = {"playlists": ("created_at", "updated_at"),
               "builtin_playlists_seeded": ("seeded_at",), "sessions": ("started_at", "ended_at"),
               "markers": ("created_at",), "notes": ("updated_at",),
               "voice_takes": ("created_at",), "course_plan": ("updated_at",),
               "checkins": ("taken_at",), "integration_offers": ("offered_at",),
               "transcripts": ("updated_at",), "transcription_queue": ("requested_at",),
               "loudness": ("measured_at",)}
    return {f"{table}.{column}": [r[0] for r in conn.execute(
                f"SELECT {column} FROM {table} ORDER BY rowid")]
            for table, names in columns.items() for column in names}


def test_migration_13_keeps_one_time_format_and_checks_the_session_state(
        tmp_path: Path, monkeypatch):
    import re
    import shutil

    from ketacompanion.core.records import SessionState, parse_time, stamp
    from ketacompanion.storage.course import CourseRepository

    old = tmp_path / "old.sqlite3"
    db = _open_at(old, 12, monkeypatch)
    # Rows as versions up to 12 wrote them: sessions and markers in milliseconds with
    # "+00:00", notes, takes, transcripts and the course with "Z", playlists and loudness
    # in seconds with "+00:00", check-ins in the person's own offset.
    with db.transaction() as conn:
        conn.execute("INSERT INTO playlists (id, name, created_at, updated_at) VALUES "
                     "(1, 'Drift', '2026-02-27T20:15:03+00:00', '2026-02-28T07:01:59+00:00')")
        conn.execute("INSERT INTO builtin_playlists_seeded VALUES "
                     "('calm', '2026-02-27T20:15:03+00:00')")
        for sid, start, state, intention in (
                (1, "2026-03-02T09:00:00.250+00:00", "completed", "meet my fear"),
                (2, "2026-03-05T09:00:00.000+00:00", "ended", "let the swamp be"),
                (3, "2026-03-09T09:00:00.000+00:00", "running", ""),
                (4, "2026-03-12T09:00:00.000+00:00", "completed", "")):
            conn.execute("INSERT INTO sessions (id, started_at, planned_minutes, "
                         "recovery_minutes, playlist_id, intention, rehearsal, state, ended_at) "
                         "VALUES (?, ?, 45, 15, 1, ?, 0, ?, ?)",
                         (sid, start, intention, state,
                          "2026-03-02T09:45:00.500+00:00" if sid == 1 else None))
        conn.execute("DELETE FROM sessions WHERE id = 4")  # its id is never given again
        conn.execute("INSERT INTO markers (session_id, offset_s, created_at, playing) "
                     "VALUES (1, 600, '2026-03-02T09:10:00.250+00:00', 'Gymnopédie No. 1')")
        conn.execute("INSERT INTO notes VALUES (1, 'a green swamp', '2026-03-02T10:05:07Z')")
        conn.execute("INSERT INTO notes VALUES (2, 'hand-edited', 'not a time')")
        conn.execute("INSERT INTO voice_takes (id, session_id, path, duration_s, created_at) "
                     "VALUES (1, 1, 't.flac', 3.0, '2026-03-02T10:01:00Z')")
        conn.execute("INSERT INTO transcripts VALUES (1, 1, 'the ocean spoke', 0, 'e', "
                     "'2026-03-02T10:02:00Z')")
        conn.execute("INSERT INTO transcription_queue VALUES (1, '2026-03-02T10:01:30Z')")
        conn.execute("INSERT INTO course_plan VALUES (1, 6, '2026-03-02', NULL, 'weekly', "
                     "'2026-03-01T18:00:00Z')")
        # 10:30 in Athens is 08:30 UTC: before the 09:00 UTC one, though it sorts after as text.
        conn.execute("INSERT INTO checkins (measure, taken_at, answers, total) VALUES "
                     "('PHQ-9', '2026-03-02T10:30:00+02:00', '000000000', 0)")
        conn.execute("INSERT INTO checkins (measure, taken_at, answers, total) VALUES "
                     "('PHQ-9', '2026-03-02T09:00:00+00:00', '111111111', 9)")
        conn.execute("INSERT INTO integration_offers VALUES (1, '2026-03-03T08:00:00+01:00')")
        conn.execute("INSERT INTO loudness VALUES ('/m/a.flac', 10, 5, -20.0, 0.5, "
                     "'2026-02-28T07:02:00+00:00')")
    before = _stamps(db.connection)
    db.close()
    copy = tmp_path / "copy.sqlite3"  # the old database as a person has it, copied
    shutil.copy(old, copy)

    db = _open_at(copy, 13, monkeypatch)
    conn = db.connection
    assert db.schema_version == 13
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    after = _stamps(conn)
    one_format = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00")
    for column, values in before.items():
        assert len(after[column]) == len(values), column
        for was, now in zip(values, after[column], strict=True):
            if parse_time(was) is None:
                assert now == was, column  # what cannot be read is left as it was
            else:
                assert one_format.fullmatch(now) and parse_time(now) == parse_time(was), column
                assert now == stamp(parse_time(was)), column
    # A session's start is the mark its drafts and takes carry: never changed.
    assert after["sessions.started_at"] == before["sessions.started_at"]
    assert after["notes.updated_at"] == ["2026-03-02T10:05:07.000+00:00", "not a time"]
    assert after["checkins.taken_at"][0] == "2026-03-02T08:30:00.000+00:00"
    assert [c.total for c in CourseRepository(db).checkins()] == [0, 9]  # in time order

    # States: one no version wrote is interrupted; the schema refuses unknown ones now.
    assert [r[0] for r in conn.execute("SELECT state FROM sessions ORDER BY id")] == [
        "completed", "interrupted", "running"]
    assert SessionRepository(db).get(2).state is SessionState.INTERRUPTED
    with db.transaction() as c, pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        c.execute("INSERT INTO sessions (started_at, planned_minutes, recovery_minutes, state) "
                  "VALUES ('2026-03-20T09:00:00.000+00:00', 45, 15, 'ended')")

    # The search index and its triggers work on the rebuilt table (one FTS5 table until 14).
    journal = JournalRepository(db, tmp_path)

    def found(word: str) -> list[int]:
        return [r[0] for r in conn.execute(
            "SELECT DISTINCT s.id FROM journal_search j JOIN sessions s ON s.id = j.session_id "
            "WHERE journal_search MATCH ? ORDER BY s.started_at DESC", (word,))]

    for word, ids in (("fear", [1]), ("swamp", [2, 1]), ("ocean", [1]),
                        ("gymnopedie", [1])):
        assert found(word) == ids, word
    with db.transaction() as c:
        c.execute("UPDATE sessions SET intention = 'a purple light' WHERE id = 1")
    assert found("fear") == [] and found("purple") == [1]
    new = SessionRepository(db).create(
        _plan(), datetime(2026, 3, 20, 9, tzinfo=UTC), 1, "Drift", intention="rest now")
    assert new == 5 and found("rest") == [5]  # 4 was deleted: not given again
    entry = journal.entry(1)
    assert entry.started_at == datetime(2026, 3, 2, 9, 0, 0, 250000, tzinfo=UTC)
    assert entry.note_updated_at == datetime(2026, 3, 2, 10, 5, 7, tzinfo=UTC)
    assert [t.created_at for t in entry.takes] == [datetime(2026, 3, 2, 10, 1, tzinfo=UTC)]
    journal.delete_sessions([1])  # cascades to what hangs on it, and the index follows
    assert found("purple") == [] and found("ocean") == []
    assert conn.execute("SELECT count(*) FROM markers").fetchone()[0] == 0
    db.close()


def _plan():
    from ketacompanion.core.session_flow import SessionPlan

    return SessionPlan(45, 15)


def test_migration_14_splits_the_index_keeps_what_it_held_and_routes_each_kind(
        tmp_path: Path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    db = _open_at(path, 13, monkeypatch)
    sessions = SessionRepository(db)
    old = sessions.create(_plan(), datetime(2026, 3, 2, 9, tzinfo=UTC), None, "Drift",
                          intention="meet my fear")
    sessions.add_marker(old, 60.0, datetime(2026, 3, 2, 9, 1, tzinfo=UTC), "Gymnopédie No. 1")
    JournalRepository(db, tmp_path).save_note(old, "a green swamp")
    with db.transaction() as c:
        c.execute("INSERT INTO voice_takes (session_id, path, created_at) VALUES (?, 't.flac', "
                  "'2026-03-02T10:00:00.000+00:00')", (old,))
        c.execute("INSERT INTO transcripts VALUES (1, ?, 'the ocean spoke', 0, 'e', 'x')", (old,))
    db.close()

    db = _open_at(path, 14, monkeypatch)
    conn, journal, sessions = db.connection, JournalRepository(db, tmp_path), SessionRepository(db)
    assert db.schema_version == 14 and "journal_recent" in {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    # What was indexed stays where it was (settled), and is found as before.
    assert conn.execute("SELECT count(*) FROM journal_search").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM journal_recent").fetchone()[0] == 0
    for word in ("fear", "swamp", "ocean", "gymnopedie"):
        assert journal.search(word) == [old], word
    # Each kind, written or changed, goes to the hot part and leaves the settled one.
    new = sessions.create(_plan(), datetime(2026, 3, 9, 9, tzinfo=UTC), None, "Drift",
                          intention="rest now")
    with db.transaction() as c:
        c.execute("UPDATE sessions SET intention = 'a purple light' WHERE id = ?", (old,))
        c.execute("UPDATE notes SET text = 'a violet forest' WHERE session_id = ?", (old,))
        c.execute("UPDATE transcripts SET text = 'the wind sang' WHERE take_id = 1")
        c.execute("UPDATE markers SET playing = 'Clair de Lune' WHERE session_id = ?", (old,))
    hot = sorted(tuple(r) for r in conn.execute("SELECT kind, session_id FROM journal_recent"))
    assert hot == [("intention", old), ("intention", new), ("mark", old), ("note", old),
                   ("transcript", old)]
    assert conn.execute("SELECT count(*) FROM journal_search").fetchone()[0] == 0
    assert journal.search("rest") == [new] and journal.search("purple violet wind lune") == [old]
    assert journal.search("fear") == journal.search("swamp") == journal.search("ocean") == []
    # Removing each kind takes it out of the index.
    journal.delete_sessions([old, new])
    assert conn.execute("SELECT count(*) FROM journal_recent").fetchone()[0] == 0
    db.close()


def test_migration_15_reads_a_page_of_sessions_in_order_without_sorting_them_all(
        tmp_path: Path, monkeypatch):
    # Each page of the Journal (and its deepest scroll steps) sorted every session
    # (a temporary B-tree at 10,000 sessions: 3-6 ms a page); the index gives them in order.
    path = tmp_path / "k.sqlite3"
    _open_at(path, 14, monkeypatch).close()
    db = _open_at(path, 15, monkeypatch)
    assert db.schema_version == 15
    plan = " ".join(str(row[-1]) for row in db.connection.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM sessions ORDER BY started_at DESC, id DESC "
        "LIMIT 10 OFFSET 20"))
    assert "INDEX sessions_by_start" in plan and "TEMP B-TREE" not in plan
    db.close()
