"""A voice note's words on the Journal's first frame: there when it shows them, else just after.

The words under a voice note (the transcript view and the transcription service
behind it) loaded before the first frame whenever the newest card had a voice
note, though at the usual window size the card's voice notes are below that frame.
They now come just after it, and the frame looks the same; a frame that does show
them has them (tests/ui/test_first_frame_imports.py checks what is imported).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from tests.builders import add_session
from tests.ui.test_journal_cards_in_view import (
    _built,
    _fill,
    _FirstFrame,
    _settle,
    _viewport,
)

WORDS = "the sea, and my grandmother smiling"


def _newest_with_words(companion) -> int:
    from ketacompanion.storage.transcripts import TranscriptRepository

    sid = add_session(companion.database, "2027-01-01T09:00:00Z", note="a warm green light",
                      mood_before=4, mood_after=7)
    take = companion.notes.journal.add_take(sid, companion.paths.recordings / "t.flac", 42.0)
    TranscriptRepository(companion.database, companion.paths.recordings).save_heard(
        take.id, WORDS, "faster-whisper tiny.en")
    return sid


def _words(card) -> str | None:
    edit = card.findChild(QPlainTextEdit, "transcriptEdit")
    return edit.toPlainText() if edit is not None and edit.isVisibleTo(card) else None


def _land(qtbot, companion, size: tuple[int, int]) -> dict[str, object]:
    window = companion.window
    page = companion.notes.journal_page
    seen: dict[str, object] = {}

    def first_frame() -> None:
        card = _built(page)[0]
        seen["newest"] = card.property("sessionId")
        seen["words"] = _words(card)
        seen["view"] = _viewport(page).grab().toImage()

    window.resize(*size)
    window.show_page("journal")
    watcher = _FirstFrame(window, first_frame)
    window.show()
    qtbot.waitUntil(lambda: "view" in seen, timeout=5000)
    del watcher
    return seen


@pytest.mark.parametrize("size, in_frame", [((1100, 720), False), ((1100, 1500), True)])
def test_the_first_frame_shows_the_words_it_reaches_and_looks_the_same(
        qtbot, companion, size, in_frame):
    _fill(companion, 12)
    sid = _newest_with_words(companion)
    seen = _land(qtbot, companion, size)
    page = companion.notes.journal_page
    assert seen["newest"] == sid
    assert seen["words"] == (WORDS if in_frame else None)
    _settle(qtbot)
    assert _words(_built(page)[0]) == WORDS  # right after the frame, in their place
    assert _viewport(page).grab().toImage() == seen["view"], "the frame changed"
