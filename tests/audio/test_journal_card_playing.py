"""A Journal card whose voice note plays stays built when scrolled far, and says Stop.

Cards far from the view are let go (ui/card_column.py). A card let go while its
voice note played would come back saying "Play" over the sound still playing; it
is kept instead, and let go once the voice note has stopped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import shiboken6
import soundfile
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLineEdit, QPushButton, QScrollArea
from pytestqt.qtbot import QtBot

from ketacompanion.audio.take_player import TakePlayer
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.ui.journal_page import JournalPage
from tests.builders import add_session


def _settle() -> None:
    for _ in range(30):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _card(page: JournalPage, session_id: int) -> QFrame | None:
    return next((c for c in page.cards.cards() if c.property("sessionId") == session_id), None)


def test_a_card_playing_its_voice_note_is_kept_far_away_and_still_says_stop(
        qtbot: QtBot, disk_output: Any, tmp_path: Path) -> None:
    database = Database.open(tmp_path / "db.sqlite3")
    journal = JournalRepository(database, tmp_path)
    rate = 16000
    voice = 0.3 * np.sin(2 * np.pi * 220 * np.arange(30 * rate) / rate)  # 30 s, played in part
    soundfile.write(tmp_path / "take.flac", voice, rate, subtype="PCM_16")
    ids = [add_session(database, f"2026-01-{1 + n // 4:02d}T{6 + 4 * (n % 4):02d}:00:00Z",
                       note="a long walk in a green swamp " * 6) for n in range(60)]
    for sid in ids:
        journal.add_take(sid, tmp_path / "take.flac", 30.0)
    player = TakePlayer()
    page = JournalPage(journal, lambda: player, lambda _sid: None)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    _settle()
    newest = ids[-1]
    play = next(b for b in _card(page, newest).findChildren(QPushButton)
                if b.accessibleName() == "Play voice note 1")
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    disk_output.wait_sounding(qtbot, 0.5)
    assert player.playing is not None and play.text() == "Stop"
    search = page.findChild(QLineEdit, "searchBox")
    search.setFocus()  # not kept for the focus (see test_journal_cards_in_view): for the sound
    bar = page.findChild(QScrollArea, "journalScroll").verticalScrollBar()
    for _ in range(120):  # far down: the cards passed are let go, not this one
        bar.setValue(bar.value() + 120)
        _settle()
    assert _card(page, ids[-10]) is None  # a card passed, let go
    assert shiboken6.isValid(play) and _card(page, newest) is not None
    assert play.text() == "Stop" and player.playing is not None  # what is true, still shown
    bar.setValue(0)
    _settle()
    assert _card(page, newest).isAncestorOf(play)  # the same card, never built again
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)  # stop
    qtbot.waitUntil(lambda: player.playing is None, timeout=3000)
    assert play.text() == "Play"
    search.setFocus()
    for _ in range(120):  # stopped, and the focus elsewhere: it goes like the others
        bar.setValue(bar.value() + 120)
        _settle()
    assert _card(page, newest) is None
    page.close()
    database.close()
