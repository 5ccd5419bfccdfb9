"""Marks say when, in the same words on the note page, in the Journal and in the export.

Two marks in the same minute used to read the same ("09:32, during 'Drift'"): each
now says how far into the session it came and where in the track.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QFrame, QLabel

from ketacompanion.services.export import export_journal
from ketacompanion.storage.sessions import SessionRepository
from tests.builders import add_session

FIRST = "32 min in · 'Drift' at 3:41 (piano)"
SECOND = "32 min in · 'Drift' at 4:16 (piano)"
OLD = "40 min 12 s in · during 'Still Water' (piano)"  # kept before track positions


def add_marked_session(companion) -> int:
    sid = add_session(companion.database, playlist_name="Piano - 45 min", intention="Let go",
                      mood_before=3)
    sessions = SessionRepository(companion.database)
    sessions.add_marker(sid, 2412.4, datetime(2026, 3, 1, 9, 40, 12, tzinfo=UTC), "Still Water",
                        "piano")
    for offset, track in ((1925.0, 221.6), (1960.0, 256.6)):  # the same minute
        sessions.add_marker(sid, offset, datetime(2026, 3, 1, 9, 32, tzinfo=UTC), "Drift",
                            "piano", track_offset_s=track)
    return int(sid)


def test_the_note_page_and_the_journal_card_say_when_each_mark_came(qtbot, companion):
    window = companion.window
    window.show()
    sid = add_marked_session(companion)
    page = companion.notes.note_page
    page.open_session(sid)
    context = page.findChild(QLabel, "noteContext").text().splitlines()
    assert context[context.index("Moments you marked:") + 1:] == \
        [f"    {FIRST}", f"    {SECOND}", f"    {OLD}"]

    window.show_page("journal")
    journal = window.page("journal")
    cards = [c for c in journal.findChildren(QFrame, "card") if c.property("sessionId") == sid]
    assert len(cards) == 1
    body = cards[0].findChild(QLabel, "cardBody").text().splitlines()
    assert body[-3:] == [FIRST, SECOND, OLD]


@pytest.mark.needs("pdftotext")
def test_the_export_says_the_same_in_markdown_and_in_pdf(qtbot, companion, tmp_path):
    add_marked_session(companion)
    markdown = export_journal(companion.notes.journal, tmp_path / "md", "md")
    lines = markdown.read_text(encoding="utf-8").splitlines()
    assert [f"- {FIRST}", f"- {SECOND}", f"- {OLD}"] == \
        lines[lines.index("**Moments marked**") + 2:][:3]

    pdf = export_journal(companion.notes.journal, tmp_path / "pdf", "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    printed = [" ".join(line.split()) for line in text.splitlines()]
    for mark in (FIRST, SECOND, OLD):
        assert any(line.endswith(mark) for line in printed), (mark, printed)
