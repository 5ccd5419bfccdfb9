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
    _at_first_frame,
    _built,
    _fill,
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
    page = companion.notes.journal_page

    def first_frame() -> dict[str, object]:
        card = _built(page)[0]
        return {"newest": card.property("sessionId"), "words": _words(card),
                "view": _viewport(page).grab().toImage()}

    return _at_first_frame(qtbot, companion.window, size, first_frame)


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
