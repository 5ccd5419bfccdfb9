"""Numbered schema migrations, applied in order and recorded in PRAGMA user_version.

Never edit a migration that has shipped: add the next number. Each one has a test
in tests/storage/test_migrations.py. A script may hold triggers (their bodies' ';'
are kept together, see database._statements); no other literal ';'.
"""

from __future__ import annotations


def _restamp(column: str) -> str:
    """SQL for ``column`` in the one stored time format, or as it was if it is no time.

    Part of migration 13: never change it. SQLite reads "Z", "+00:00" and any offset
    and gives UTC; the GLOB keeps it from reading a bare number as a Julian day.
    """
    return (f"CASE WHEN {column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' "
            f"THEN coalesce(strftime('%Y-%m-%dT%H:%M:%f', {column}) || '+00:00', {column}) "
            f"ELSE {column} END")


# Part of migration 14: never change them. The index's hot part holds at most
# _HOT_MOST texts and _HOT_CHARS characters (merging it then costs a few ms); past
# either, the older half of it settles, by when each text was last written.
_HOT_MOST, _HOT_CHARS = 64, 100_000
# Each kind of text the index holds: its table, its text column, the index row of a
# table row (key * 4 + kind, see migration 10) and the session it belongs to.
_INDEXED = (
    ("intention", "sessions", "intention", "{r}.id * 4 + 0", "{r}.id"),
    ("note", "notes", "text", "{r}.session_id * 4 + 1", "{r}.session_id"),
    ("transcript", "transcripts", "text", "{r}.take_id * 4 + 2", "{r}.session_id"),
    ("mark", "markers", "playing", "{r}.id * 4 + 3", "{r}.session_id"),
)


def _search_triggers() -> str:
    """SQL for the triggers that keep the search index in step with the four kinds of text.

    Part of migration 14: never change it (a later rebuild of one of these tables
    copies its three triggers from here into its own migration, as 13 did).
    """
    parts = []
    for kind, table, column, row, session in _INDEXED:
        present = f"coalesce({{r}}.{column}, '') != ''"
        add = ("INSERT INTO search_entries (row_id, text, session_id, kind) "
               f"SELECT {row}, {{r}}.{column}, {session}, '{kind}' WHERE {present}")
        parts.append(f"""
        DROP TRIGGER IF EXISTS search_{kind}_added;
        DROP TRIGGER IF EXISTS search_{kind}_changed;
        DROP TRIGGER IF EXISTS search_{kind}_removed;
        CREATE TRIGGER search_{kind}_added AFTER INSERT ON {table} BEGIN
            {add.format(r="new")};
        END;
        CREATE TRIGGER search_{kind}_changed AFTER UPDATE OF {column} ON {table}
            WHEN old.{column} IS NOT new.{column} BEGIN
            DELETE FROM search_entries WHERE row_id = {row.format(r="old")};
            {add.format(r="new")};
        END;
        CREATE TRIGGER search_{kind}_removed AFTER DELETE ON {table}
            WHEN {present.format(r="old")} BEGIN
            DELETE FROM search_entries WHERE row_id = {row.format(r="old")};
        END""")
    return ";".join(parts)


MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE playlists (
            id              INTEGER PRIMARY KEY,
            name            TEXT NOT NULL UNIQUE,
            target_minutes  INTEGER NOT NULL DEFAULT 45,
            end_behaviour   TEXT NOT NULL DEFAULT 'silence',
            bed_json        TEXT,
            bed_level       REAL NOT NULL DEFAULT 0.3,
            builtin_key     TEXT,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL
        );
        CREATE TABLE playlist_items (
            id           INTEGER PRIMARY KEY,
            playlist_id  INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
            position     INTEGER NOT NULL,
            kind         TEXT NOT NULL CHECK (kind IN ('file', 'binaural', 'silence')),
            path         TEXT,
            title        TEXT,
            artist       TEXT,
            duration_s   REAL,
            params_json  TEXT
        );
        CREATE INDEX playlist_items_order ON playlist_items (playlist_id, position);
    """,
    2: """
        CREATE TABLE sessions (
            id                 INTEGER PRIMARY KEY,
            started_at         TEXT NOT NULL,
            planned_minutes    REAL NOT NULL,
            recovery_minutes   REAL NOT NULL,
            playlist_id        INTEGER REFERENCES playlists(id) ON DELETE SET NULL,
            playlist_name      TEXT,
            plan_json          TEXT,
            intention          TEXT,
            mood_before        INTEGER CHECK (mood_before BETWEEN 0 AND 10),
            mood_after         INTEGER CHECK (mood_after BETWEEN 0 AND 10),
            rehearsal          INTEGER NOT NULL DEFAULT 0,
            state              TEXT NOT NULL DEFAULT 'running',
            ended_at           TEXT
        );
        CREATE TABLE markers (
            id          INTEGER PRIMARY KEY,
            session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            offset_s    REAL NOT NULL,
            created_at  TEXT NOT NULL,
            playing     TEXT
        );
        CREATE TABLE notes (
            session_id  INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            text        TEXT NOT NULL DEFAULT '',
            updated_at  TEXT NOT NULL
        );
        CREATE TABLE voice_takes (
            id          INTEGER PRIMARY KEY,
            session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            path        TEXT NOT NULL,
            duration_s  REAL,
            created_at  TEXT NOT NULL
        );
        CREATE INDEX markers_by_session ON markers (session_id, offset_s);
        CREATE INDEX voice_takes_by_session ON voice_takes (session_id);
    """,
    3: """
        CREATE TABLE builtin_playlists_seeded (
            builtin_key  TEXT PRIMARY KEY,
            seeded_at    TEXT NOT NULL
        );
        CREATE INDEX playlists_by_builtin ON playlists (builtin_key)
    """,
    # What kind of sound a marker fell in (piano, music, binaural beat), for the note.
    4: """
        ALTER TABLE markers ADD COLUMN playing_kind TEXT
    """,
    # Session ids are never given again (AUTOINCREMENT): files and drafts are named by
    # id, so a new session must not inherit what a deleted one left. SQLite cannot add
    # AUTOINCREMENT in place; the table is rebuilt. Migrations run with foreign keys
    # off (see Database._migrate), so dropping the old table cascades to nothing, and
    # markers, notes and takes keep pointing at "sessions", which the copy becomes.
    5: """
        CREATE TABLE sessions_new (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at         TEXT NOT NULL,
            planned_minutes    REAL NOT NULL,
            recovery_minutes   REAL NOT NULL,
            playlist_id        INTEGER REFERENCES playlists(id) ON DELETE SET NULL,
            playlist_name      TEXT,
            plan_json          TEXT,
            intention          TEXT,
            mood_before        INTEGER CHECK (mood_before BETWEEN 0 AND 10),
            mood_after         INTEGER CHECK (mood_after BETWEEN 0 AND 10),
            rehearsal          INTEGER NOT NULL DEFAULT 0,
            state              TEXT NOT NULL DEFAULT 'running',
            ended_at           TEXT
        );
        INSERT INTO sessions_new (id, started_at, planned_minutes, recovery_minutes, playlist_id,
                                  playlist_name, plan_json, intention, mood_before, mood_after,
                                  rehearsal, state, ended_at)
            SELECT id, started_at, planned_minutes, recovery_minutes, playlist_id,
                   playlist_name, plan_json, intention, mood_before, mood_after,
                   rehearsal, state, ended_at
            FROM sessions;
        DROP TABLE sessions;
        ALTER TABLE sessions_new RENAME TO sessions
    """,
    # Where in the track a marker fell (seconds into what played), so a mark can say
    # "'Drift' at 3:41"; NULL for older markers and when nothing played.
    6: """
        ALTER TABLE markers ADD COLUMN track_offset_s REAL
    """,
    # The treatment course the person planned: one row, changed in place.
    7: """
        CREATE TABLE course_plan (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            infusions   INTEGER NOT NULL CHECK (infusions BETWEEN 1 AND 30),
            started_on  TEXT NOT NULL,
            next_date   TEXT,
            rhythm      TEXT NOT NULL DEFAULT 'weekly'
                        CHECK (rhythm IN ('weekly', 'before_each', 'none')),
            updated_at  TEXT NOT NULL
        )
    """,
    # PHQ-9 and GAD-7 check-ins: the answers as given (one digit 0-3 per item) and
    # their total; the band is read from the total by core/measures.py.
    8: """
        CREATE TABLE checkins (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            measure     TEXT NOT NULL CHECK (measure IN ('PHQ-9', 'GAD-7')),
            taken_at    TEXT NOT NULL,
            answers     TEXT NOT NULL,
            total       INTEGER NOT NULL CHECK (total BETWEEN 0 AND 27),
            occasion    TEXT NOT NULL DEFAULT 'during'
                        CHECK (occasion IN ('start', 'during', 'end'))
        );
        CREATE INDEX checkins_by_time ON checkins (measure, taken_at)
    """,
    # Sessions whose "add to the note" offer was shown: it is offered once, never again.
    9: """
        CREATE TABLE integration_offers (
            session_id  INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            offered_at  TEXT NOT NULL
        )
    """,
    # Voice notes become words (issue 15): one transcript per take, the person's own
    # correction kept over the engine's (edited = 1); takes waiting to be transcribed stay
    # queued until their transcript is stored (a kill redoes them). journal_search is an FTS5 index
    # of intentions, notes, transcripts and marks (what was playing), kept in step by
    # triggers; row ids are key * 4 + kind (0 intention, 1 note, 2 transcript, 3 mark).
    # Whatever leaves the index is merged out at once ('optimize'): FTS5 would otherwise
    # keep a deleted note's words in its segments, where secure_delete cannot reach.
    10: """
        CREATE TABLE transcripts (
            take_id     INTEGER PRIMARY KEY REFERENCES voice_takes(id) ON DELETE CASCADE,
            session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            text        TEXT NOT NULL,
            edited      INTEGER NOT NULL DEFAULT 0,
            engine      TEXT,
            updated_at  TEXT NOT NULL
        );
        CREATE INDEX transcripts_by_session ON transcripts (session_id);
        CREATE TABLE transcription_queue (
            take_id       INTEGER PRIMARY KEY REFERENCES voice_takes(id) ON DELETE CASCADE,
            requested_at  TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE journal_search USING fts5(
            text, session_id UNINDEXED, kind UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER search_intention_added AFTER INSERT ON sessions
            WHEN coalesce(new.intention, '') != '' BEGIN
            INSERT INTO journal_search (rowid, text, session_id, kind)
                VALUES (new.id * 4 + 0, new.intention, new.id, 'intention');
        END;
        CREATE TRIGGER search_intention_changed AFTER UPDATE OF intention ON sessions BEGIN
            DELETE FROM journal_search WHERE rowid = old.id * 4 + 0;
            INSERT INTO journal_search (rowid, text, session_id, kind)
                SELECT new.id * 4 + 0, new.intention, new.id, 'intention'
                    WHERE coalesce(new.intention, '') != '';
            INSERT INTO journal_search (journal_search) SELECT 'optimize'
                WHERE coalesce(old.intention, '') != '';
        END;
        CREATE TRIGGER search_intention_removed AFTER DELETE ON sessions
            WHEN coalesce(old.intention, '') != '' BEGIN
            DELETE FROM journal_search WHERE rowid = old.id * 4 + 0;
            INSERT INTO journal_search (journal_search) VALUES ('optimize');
        END;
        CREATE TRIGGER search_note_added AFTER INSERT ON notes WHEN new.text != '' BEGIN
            INSERT INTO journal_search (rowid, text, session_id, kind)
                VALUES (new.session_id * 4 + 1, new.text, new.session_id, 'note');
        END;
        CREATE TRIGGER search_note_changed AFTER UPDATE OF text ON notes BEGIN
            DELETE FROM journal_search WHERE rowid = old.session_id * 4 + 1;
            INSERT INTO journal_search (rowid, text, session_id, kind)
                SELECT new.session_id * 4 + 1, new.text, new.session_id, 'note'
                    WHERE new.text != '';
            INSERT INTO journal_search (journal_search) SELECT 'optimize' WHERE old.text != '';
        END;
        CREATE TRIGGER search_note_removed AFTER DELETE ON notes WHEN old.text != '' BEGIN
            DELETE FROM journal_search WHERE rowid = old.session_id * 4 + 1;
            INSERT INTO journal_search (journal_search) VALUES ('optimize');
        END;
        CREATE TRIGGER search_transcript_added AFTER INSERT ON transcripts
            WHEN new.text != '' BEGIN
            INSERT INTO journal_search (rowid, text, session_id, kind)
                VALUES (new.take_id * 4 + 2, new.text, new.session_id, 'transcript');
        END;
        CREATE TRIGGER search_transcript_changed AFTER UPDATE OF text ON transcripts BEGIN
            DELETE FROM journal_search WHERE rowid = old.take_id * 4 + 2;
            INSERT INTO journal_search (rowid, text, session_id, kind)
                SELECT new.take_id * 4 + 2, new.text, new.session_id, 'transcript'
                    WHERE new.text != '';
            INSERT INTO journal_search (journal_search) SELECT 'optimize' WHERE old.text != '';
        END;
        CREATE TRIGGER search_transcript_removed AFTER DELETE ON transcripts
            WHEN old.text != '' BEGIN
            DELETE FROM journal_search WHERE rowid = old.take_id * 4 + 2;
            INSERT INTO journal_search (journal_search) VALUES ('optimize');
        END;
        CREATE TRIGGER search_mark_added AFTER INSERT ON markers
            WHEN coalesce(new.playing, '') != '' BEGIN
            INSERT INTO journal_search (rowid, text, session_id, kind)
                VALUES (new.id * 4 + 3, new.playing, new.session_id, 'mark');
        END;
        CREATE TRIGGER search_mark_changed AFTER UPDATE OF playing ON markers BEGIN
            DELETE FROM journal_search WHERE rowid = old.id * 4 + 3;
            INSERT INTO journal_search (rowid, text, session_id, kind)
                SELECT new.id * 4 + 3, new.playing, new.session_id, 'mark'
                    WHERE coalesce(new.playing, '') != '';
            INSERT INTO journal_search (journal_search) SELECT 'optimize'
                WHERE coalesce(old.playing, '') != '';
        END;
        CREATE TRIGGER search_mark_removed AFTER DELETE ON markers
            WHEN coalesce(old.playing, '') != '' BEGIN
            DELETE FROM journal_search WHERE rowid = old.id * 4 + 3;
            INSERT INTO journal_search (journal_search) VALUES ('optimize');
        END;
        INSERT INTO journal_search (rowid, text, session_id, kind)
            SELECT id * 4, intention, id, 'intention' FROM sessions
            WHERE coalesce(intention, '') != '';
        INSERT INTO journal_search (rowid, text, session_id, kind)
            SELECT session_id * 4 + 1, text, session_id, 'note' FROM notes WHERE text != '';
        INSERT INTO journal_search (rowid, text, session_id, kind)
            SELECT id * 4 + 3, playing, session_id, 'mark' FROM markers
            WHERE coalesce(playing, '') != ''
    """,
    # The loudness of the person's own files, measured once (BS.1770) and kept here,
    # never written to the files. Keyed by path, size and modification time: a file
    # that changed is measured again. lufs NULL: the file is silent.
    11: """
        CREATE TABLE loudness (
            path         TEXT NOT NULL,
            size         INTEGER NOT NULL,
            mtime_ns     INTEGER NOT NULL,
            lufs         REAL,
            true_peak    REAL NOT NULL,
            measured_at  TEXT NOT NULL,
            PRIMARY KEY (path, size, mtime_ns)
        )
    """,
    # A playlist may hold a fresh piano and a nature sound: each row says what it is.
    # Before this, both were kept under the 'binaural' kind (the CHECK knew no other),
    # told apart only by their JSON; those rows are put right here. The table is rebuilt
    # because SQLite cannot change a CHECK in place (foreign keys are off; see 5).
    12: """
        CREATE TABLE playlist_items_new (
            id           INTEGER PRIMARY KEY,
            playlist_id  INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
            position     INTEGER NOT NULL,
            kind         TEXT NOT NULL
                         CHECK (kind IN ('file', 'binaural', 'silence', 'fresh piano', 'nature')),
            path         TEXT,
            title        TEXT,
            artist       TEXT,
            duration_s   REAL,
            params_json  TEXT
        );
        INSERT INTO playlist_items_new (id, playlist_id, position, kind, path, title, artist,
                                        duration_s, params_json)
            SELECT id, playlist_id, position,
                   CASE WHEN kind = 'binaural' AND json_valid(params_json)
                        THEN CASE json_extract(params_json, '$.kind')
                                  WHEN 'piano' THEN 'fresh piano'
                                  WHEN 'nature' THEN 'nature'
                                  ELSE kind END
                        ELSE kind END,
                   path, title, artist, duration_s, params_json
            FROM playlist_items;
        DROP TABLE playlist_items;
        ALTER TABLE playlist_items_new RENAME TO playlist_items;
        CREATE INDEX playlist_items_order ON playlist_items (playlist_id, position)
    """,
    # One time format (core.records.stamp: UTC, milliseconds, "+00:00"), the one sessions
    # and markers were always written in, so a session's start (the mark its drafts and
    # takes carry) is never changed. Notes, takes, transcripts and course rows said "Z",
    # playlists and loudness "+00:00" without milliseconds, check-ins the local offset;
    # each becomes the same instant in the one format, and what cannot be read is left
    # as it was. The session state gets its CHECK (a rebuild, foreign keys off, see 5);
    # a state no version wrote is taken as interrupted. The rebuild keeps AUTOINCREMENT's
    # high-water mark (ids of deleted sessions are never given again) and recreates the
    # intention's search triggers (migration 10), which went with the old table.
    13: f"""
        UPDATE playlists SET created_at = {_restamp("created_at")},
                             updated_at = {_restamp("updated_at")};
        UPDATE builtin_playlists_seeded SET seeded_at = {_restamp("seeded_at")};
        UPDATE markers SET created_at = {_restamp("created_at")};
        UPDATE notes SET updated_at = {_restamp("updated_at")};
        UPDATE voice_takes SET created_at = {_restamp("created_at")};
        UPDATE course_plan SET updated_at = {_restamp("updated_at")};
        UPDATE checkins SET taken_at = {_restamp("taken_at")};
        UPDATE integration_offers SET offered_at = {_restamp("offered_at")};
        UPDATE transcripts SET updated_at = {_restamp("updated_at")};
        UPDATE transcription_queue SET requested_at = {_restamp("requested_at")};
        UPDATE loudness SET measured_at = {_restamp("measured_at")};
        CREATE TABLE sessions_new (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at         TEXT NOT NULL,
            planned_minutes    REAL NOT NULL,
            recovery_minutes   REAL NOT NULL,
            playlist_id        INTEGER REFERENCES playlists(id) ON DELETE SET NULL,
            playlist_name      TEXT,
            plan_json          TEXT,
            intention          TEXT,
            mood_before        INTEGER CHECK (mood_before BETWEEN 0 AND 10),
            mood_after         INTEGER CHECK (mood_after BETWEEN 0 AND 10),
            rehearsal          INTEGER NOT NULL DEFAULT 0,
            state              TEXT NOT NULL DEFAULT 'running'
                               CHECK (state IN ('running', 'recovery', 'completed',
                                                'ended_early', 'interrupted')),
            ended_at           TEXT
        );
        INSERT INTO sessions_new (id, started_at, planned_minutes, recovery_minutes, playlist_id,
                                  playlist_name, plan_json, intention, mood_before, mood_after,
                                  rehearsal, state, ended_at)
            SELECT id, {_restamp("started_at")}, planned_minutes, recovery_minutes, playlist_id,
                   playlist_name, plan_json, intention, mood_before, mood_after, rehearsal,
                   CASE WHEN state IN ('running', 'recovery', 'completed', 'ended_early',
                                       'interrupted') THEN state ELSE 'interrupted' END,
                   {_restamp("ended_at")}
            FROM sessions;
        DELETE FROM sqlite_sequence WHERE name = 'sessions_new';
        INSERT INTO sqlite_sequence (name, seq)
            SELECT 'sessions_new', max(coalesce((SELECT max(seq) FROM sqlite_sequence
                                                 WHERE name = 'sessions'), 0),
                                        coalesce((SELECT max(id) FROM sessions_new), 0));
        DROP TABLE sessions;
        ALTER TABLE sessions_new RENAME TO sessions;
        CREATE TRIGGER search_intention_added AFTER INSERT ON sessions
            WHEN coalesce(new.intention, '') != '' BEGIN
            INSERT INTO journal_search (rowid, text, session_id, kind)
                VALUES (new.id * 4 + 0, new.intention, new.id, 'intention');
        END;
        CREATE TRIGGER search_intention_changed AFTER UPDATE OF intention ON sessions BEGIN
            DELETE FROM journal_search WHERE rowid = old.id * 4 + 0;
            INSERT INTO journal_search (rowid, text, session_id, kind)
                SELECT new.id * 4 + 0, new.intention, new.id, 'intention'
                    WHERE coalesce(new.intention, '') != '';
            INSERT INTO journal_search (journal_search) SELECT 'optimize'
                WHERE coalesce(old.intention, '') != '';
        END;
        CREATE TRIGGER search_intention_removed AFTER DELETE ON sessions
            WHEN coalesce(old.intention, '') != '' BEGIN
            DELETE FROM journal_search WHERE rowid = old.id * 4 + 0;
            INSERT INTO journal_search (journal_search) VALUES ('optimize');
        END
    """,
    # A note saved as it is typed costs the same in a journal of 10,000 sessions as in
    # one of 10 (issue 18). Until now each save merged the whole index ('optimize', see
    # 10) to drop the old words, which grew with the journal: 50 ms at 10,000. Texts
    # now go into a small hot index, journal_recent, which is merged on every change;
    # when it holds more than _HOT_MOST texts or _HOT_CHARS characters, the older half
    # (never the text just written) moves to journal_search (adding merges nothing)
    # and the hot index is merged again, so it keeps no copy. Only removing a settled
    # text (editing an old note, deleting a session) merges journal_search, as before.
    # A text is in exactly one of the two; search reads both. FTS5's own 'secure-delete'
    # would spare the merges, but it needs SQLite 3.42 (Python's here has 3.40), and
    # once used, an older SQLite cannot read the index at all ("invalid fts5 file format").
    # The views are where the triggers put and take texts: search_entries is the whole
    # index (settled = 1 for journal_search), search_settling a door to the settling.
    14: f"""
        CREATE VIRTUAL TABLE journal_recent USING fts5(
            text, session_id UNINDEXED, kind UNINDEXED, touched UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE VIEW search_entries (row_id, text, session_id, kind, settled) AS
            SELECT rowid, text, session_id, kind, 1 FROM journal_search
            UNION ALL SELECT rowid, text, session_id, kind, 0 FROM journal_recent;
        CREATE VIEW search_settling (texts) AS SELECT 0 WHERE 0;
        CREATE TRIGGER search_entry_added INSTEAD OF INSERT ON search_entries BEGIN
            INSERT INTO journal_recent (rowid, text, session_id, kind, touched)
                VALUES (new.row_id, new.text, new.session_id, new.kind,
                        (SELECT coalesce(max(touched), 0) + 1 FROM journal_recent));
            INSERT INTO search_settling (texts)
                SELECT texts / 2 FROM (SELECT count(*) AS texts, sum(length(text)) AS chars
                                       FROM journal_recent)
                WHERE texts > {_HOT_MOST} OR chars > {_HOT_CHARS};
        END;
        CREATE TRIGGER search_entry_removed INSTEAD OF DELETE ON search_entries BEGIN
            DELETE FROM journal_search WHERE old.settled AND rowid = old.row_id;
            INSERT INTO journal_search (journal_search) SELECT 'optimize' WHERE old.settled;
            DELETE FROM journal_recent WHERE NOT old.settled AND rowid = old.row_id;
            INSERT INTO journal_recent (journal_recent) SELECT 'optimize' WHERE NOT old.settled;
        END;
        CREATE TRIGGER search_texts_settle INSTEAD OF INSERT ON search_settling BEGIN
            INSERT INTO journal_search (rowid, text, session_id, kind)
                SELECT rowid, text, session_id, kind FROM journal_recent
                ORDER BY touched LIMIT new.texts;
            DELETE FROM journal_recent WHERE rowid IN (
                SELECT rowid FROM journal_recent ORDER BY touched LIMIT new.texts);
            INSERT INTO journal_recent (journal_recent) VALUES ('optimize');
        END;
        {_search_triggers()}
    """,
    # The Journal reads its sessions a page at a time, newest first: without an index
    # each page sorted all of them (3-6 ms a page at 10,000 sessions, the most of a
    # deep scroll step). A rebuild of the sessions table must make this index again.
    15: """
        CREATE INDEX sessions_by_start ON sessions (started_at, id);
    """,
}

LATEST_VERSION = max(MIGRATIONS)
