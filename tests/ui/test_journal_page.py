from __future__ import annotations

from journal_cards import card_for, listed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton

from ketacompanion.ui.journal_page import JournalPage
from tests.builders import add_session


def _add(companion, started: str, note: str, intention: str = "", rehearsal: int = 0) -> int:
    return add_session(companion.database, started, playlist_name="Drift", intention=intention,
                       mood_before=3, mood_after=6, rehearsal=bool(rehearsal), note=note)


def _cards(page: JournalPage) -> list[int]:
    """The sessions listed, as scrolling through them shows them."""
    return listed(page)


def _discarded(widget) -> bool:
    while widget is not None:
        if widget.property("discarded"):
            return True
        widget = widget.parentWidget()
    return False


def _titles(page) -> list[QLabel]:
    return [t for t in page.findChildren(QLabel, "cardTitle")
            if t.parentWidget().property("sessionId") is not None
            and not t.parentWidget().property("discarded")]


def _button(page, name: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton)
                if b.accessibleName() == name and not _discarded(b))


def test_journal_lists_searches_deletes_with_undo(qtbot, companion, monkeypatch):
    page = companion.notes.journal_page
    first = _add(companion, "2026-03-02T09:00:00Z", "A green swamp", "Meet grief gently")
    rehearsal = _add(companion, "2026-03-03T09:00:00Z", "headphones ok", rehearsal=1)
    second = _add(companion, "2026-03-05T09:00:00Z", "Purple light, grief lifting")
    companion.window.show()
    companion.window.show_page("journal")
    assert _cards(page) == [second, first]  # the rehearsal waits behind one quiet line
    qtbot.mouseClick(_button(page, "1 rehearsal, not part of your series. Show them"),
                     Qt.MouseButton.LeftButton)
    assert _cards(page) == [second, rehearsal, first]
    titles = [t.text() for t in _titles(page)]
    assert titles[0].startswith("Session 2 · ") and titles[1].startswith("Rehearsal · ")
    search = page.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(search, "grief")
    qtbot.waitUntil(lambda: _cards(page) == [second, first], timeout=2000)
    search.clear()
    qtbot.waitUntil(lambda: _cards(page) == [second, rehearsal, first], timeout=2000)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    heading = _titles(page)[0].text()
    qtbot.mouseClick(_button(page, f"Delete {heading}"), Qt.MouseButton.LeftButton)
    assert _cards(page) == [rehearsal, first]
    qtbot.mouseClick(_button(page, "Undo the deletion"), Qt.MouseButton.LeftButton)
    assert _cards(page) == [second, rehearsal, first]
    qtbot.mouseClick(_button(page, f"Delete {heading}"), Qt.MouseButton.LeftButton)
    page.purge_deleted()
    assert companion.notes.journal.entry(second) is None


def test_after_one_undo_the_bar_names_the_deletion_still_waiting(qtbot, companion, monkeypatch):
    page = companion.notes.journal_page
    first = _add(companion, "2026-03-02T09:00:00Z", "one")
    second = _add(companion, "2026-03-05T09:00:00Z", "two")
    companion.window.show()
    companion.window.show_page("journal")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    headings = {}
    for sid in (first, second):  # delete Session 1, then Session 2
        title = card_for(page, sid).findChild(QLabel, "cardTitle").text()
        headings[sid] = title
        qtbot.mouseClick(_button(page, f"Delete {title}"), Qt.MouseButton.LeftButton)
    undo = _button(page, "Undo the deletion")
    bar = undo.parentWidget().findChild(QLabel, "bannerText")
    assert bar.text() == f"Deleted: {headings[second]}."
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert _cards(page) == [second]
    assert bar.text() == f"Deleted: {headings[first]}."  # what the next Undo brings back
    assert undo.isVisible()
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert _cards(page) == [second, first]
    assert not undo.isVisible()


def test_cancelled_delete_keeps_the_session(qtbot, companion, monkeypatch):
    page = companion.notes.journal_page
    sid = _add(companion, "2026-03-02T09:00:00Z", "x")
    companion.window.show()
    companion.window.show_page("journal")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    heading = _titles(page)[0].text()
    _button(page, f"Delete {heading}").click()
    page.purge_deleted()
    assert _cards(page) == [sid]


def test_edit_opens_the_note_page_and_crisis_text_is_the_users(qtbot, companion):
    page = companion.notes.journal_page
    sid = _add(companion, "2026-03-02T09:00:00Z", "x")
    companion.settings.set("crisis_text", "Call 112 or your clinic on 555-0100.")
    companion.window.show()
    companion.window.show_page("journal")
    heading = _titles(page)[0].text()
    _button(page, f"Edit the notes of {heading}").click()
    assert companion.window.current_page() == "note"
    assert companion.notes.note_page.session_id == sid
    companion.window.show_page("journal")
    _button(page, "If you are struggling: where to find help").click()
    crisis = page.findChild(QLabel, "crisisText")
    assert crisis.isVisible() and crisis.text() == "Call 112 or your clinic on 555-0100."


def test_every_journal_control_is_named(companion):
    _add(companion, "2026-03-02T09:00:00Z", "x")
    companion.notes.journal_page.refresh()
    for button in companion.notes.journal_page.findChildren(QPushButton):
        assert button.accessibleName(), button.text()


def test_search_runs_once_typing_pauses_and_sessions_come_as_they_are_needed(
        qtbot, companion, monkeypatch):
    page = companion.notes.journal_page
    ids = [_add(companion, f"2026-03-{day:02d}T09:00:00Z", f"note {day}") for day in range(1, 13)]
    companion.window.show()
    companion.window.show_page("journal")
    held = page.cards.session_ids()
    assert held == ids[::-1][:len(held)] and len(held) < 10  # the newest, as the view needs
    qtbot.mouseClick(_button(page, "Show older sessions"), Qt.MouseButton.LeftButton)
    assert page.cards.session_ids() == ids[::-1][:len(held) + 10]  # ten more, on request
    assert _cards(page) == ids[::-1]
    searches: list[str] = []
    real = companion.notes.journal.search_hits  # the page's search, with highlights
    monkeypatch.setattr(companion.notes.journal, "search_hits",
                        lambda query, **kw: searches.append(query) or real(query, **kw))
    qtbot.keyClicks(page.findChild(QLineEdit, "searchBox"), "note 1")
    qtbot.waitUntil(lambda: searches == ["note 1"], timeout=2000)  # once, for the whole word
    qtbot.waitUntil(lambda: set(_cards(page)) == {ids[0], ids[9], ids[10], ids[11]},
                    timeout=2000)
