from __future__ import annotations

from datetime import UTC
from pathlib import Path

from ketacompanion.core.export_markdown import render_markdown
from ketacompanion.core.marks import during_text
from ketacompanion.core.records import JournalEntry, Marker, VoiceTake
from ketacompanion.core.records import parse_time as _at

GOLDEN = Path(__file__).parent / "data" / "export_golden.md"


def _entries() -> list[JournalEntry]:
    second = JournalEntry(
        session_id=2, number=2, started_at=_at("2026-03-05T09:00:00Z"),
        ended_at=_at("2026-03-05T09:40:00Z"), planned_minutes=45, playlist_name="Theta 6 Hz",
        intention="Let go of *managing* it", mood_before=4, mood_after=7, rehearsal=False,
        note="Purple and white light.\n\n- not a list\n1. not a list either",
        markers=[Marker(1920, _at("2026-03-05T09:32:00Z"), "'Drift' (piano)"),
                 Marker(1925.5, _at("2026-03-05T09:32:05Z"), "Still Water [live]", "piano", 221.4),
                 Marker(2400, _at("2026-03-05T09:40:00Z"), None)],
        takes=[VoiceTake(5, 2, Path("/x/a.flac"), 42.4, _at("2026-03-05T10:05:00Z")),
               VoiceTake(6, 2, Path("/x/b.flac"), 61.0, _at("2026-03-05T10:07:00Z"))],
    )
    rehearsal = JournalEntry(
        session_id=1, number=None, started_at=_at("2026-03-01T18:00:00Z"), ended_at=None,
        planned_minutes=45, playlist_name=None, intention="", mood_before=None,
        mood_after=None, rehearsal=True,
    )
    return [second, rehearsal]


def test_markdown_export_matches_the_golden_file():
    text = render_markdown(_entries(), {5: "voice-notes/s2-1.flac"}, zone=UTC)
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_marker_wording_quotes_the_stored_title():
    # The session engine stores only a short title (services.session.describe_item).
    assert during_text("Drift") == "during 'Drift'"
    assert during_text("Binaural 6 Hz") == "during 'Binaural 6 Hz'"
    assert during_text("'Drift' (piano)") == "during 'Drift' (piano)"  # already quoted
    assert during_text(None) == "" and during_text("  ") == ""
    assert during_text("Drift", "piano") == "during 'Drift' (piano)"  # with the kind stored
    assert during_text("Silence", None) == "during 'Silence'"


def test_the_export_names_the_fresh_pianos_seed_and_composer(tmp_path):
    from datetime import datetime

    from ketacompanion.core.fresh_piano import COMPOSER_VERSION, PianoSeed
    from ketacompanion.core.session_flow import SessionPlan
    from ketacompanion.storage.database import Database
    from ketacompanion.storage.journal import JournalRepository
    from ketacompanion.storage.sessions import SessionRepository

    database = Database.open(tmp_path / "j.sqlite")
    sessions = SessionRepository(database)
    start = datetime(2026, 3, 5, 9, tzinfo=UTC)
    fresh = sessions.create(SessionPlan(45), start, None, "Fresh piano",
                            piano=PianoSeed(1234567))
    sessions.create(SessionPlan(45), start, None, "Theta 6 Hz")
    journal = JournalRepository(database, tmp_path / "rec")
    entries = journal.entries()
    assert [e.piano for e in entries if e.session_id == fresh] == [PianoSeed(1234567)]
    text = render_markdown(entries, {}, zone=UTC)
    assert text.count(f"- Fresh piano: seed 1234567, composer {COMPOSER_VERSION}") == 1
    database.close()
