"""The person's own questions and crisis text, and removing one voice take with undo."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from ketacompanion.settings import DEFAULT_PROMPTS, user_settings
from ketacompanion.ui.text_setting_dialog import TextSettingDialog
from tests.ui.test_journal_export import add_session, button, open_journal


def test_edited_questions_are_saved_and_shown_on_the_note_page(qtbot, companion):
    sid = add_session(companion, "2026-03-02T09:00:00Z", 3, None)
    page = companion.notes.note_page
    companion.window.show()
    page.open_session(sid)
    qtbot.mouseClick(button(page, "Edit the integration questions"), Qt.MouseButton.LeftButton)
    dialog = page.findChild(TextSettingDialog)
    assert dialog.editor.toPlainText().splitlines() == list(DEFAULT_PROMPTS)
    dialog.editor.setPlainText("· What did the music do?\n\n  Who did I think of?  \n")
    qtbot.mouseClick(button(dialog, "Save"), Qt.MouseButton.LeftButton)
    wanted = ["What did the music do?", "Who did I think of?"]
    assert companion.settings.get("integration_prompts") == wanted
    on_disk = json.loads(companion.paths.settings.read_text(encoding="utf-8"))
    assert on_disk["integration_prompts"] == wanted  # saved, not only in memory
    assert page.findChild(QLabel, "prompts").text() == "·  What did the music do?\n" \
                                                       "·  Who did I think of?"
    assert user_settings(companion.paths.settings).get("integration_prompts") == wanted


def test_cancel_keeps_the_questions_and_usual_text_restores_them(qtbot, companion):
    companion.settings.set("integration_prompts", ["Mine"])
    page = companion.notes.note_page
    dialog = page._prompts.open_editor()
    dialog.editor.setPlainText("something else")
    button(dialog, "Cancel, keep it as it was").click()
    assert companion.settings.get("integration_prompts") == ["Mine"]
    dialog = page._prompts.open_editor()
    button(dialog, "Put back the usual text").click()
    button(dialog, "Save").click()
    assert companion.settings.get("integration_prompts") == list(DEFAULT_PROMPTS)


def test_crisis_text_is_edited_in_the_crisis_panel(qtbot, companion):
    add_session(companion, "2026-03-02T09:00:00Z", 3, 6)
    page = open_journal(companion)
    change = button(page, "Change the crisis-line text")
    assert not change.isVisible()  # only with the crisis text, never in the way
    qtbot.mouseClick(button(page, "If you are struggling: where to find help"),
                     Qt.MouseButton.LeftButton)
    assert change.isVisible()
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    dialog = page.findChild(TextSettingDialog)
    dialog.editor.setPlainText("Samaritans: 116 123, any time.")
    qtbot.mouseClick(button(dialog, "Save"), Qt.MouseButton.LeftButton)
    assert companion.settings.get("crisis_text") == "Samaritans: 116 123, any time."
    assert page.findChild(QLabel, "crisisText").text() == "Samaritans: 116 123, any time."


def test_a_voice_take_is_removed_after_asking_and_can_be_undone(qtbot, companion, monkeypatch):
    sid = add_session(companion, "2026-03-02T09:00:00Z", 3, 6, takes=2)
    first, second = companion.notes.journal.takes(sid)
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
               QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", answer)
    page = companion.notes.note_page
    companion.window.show()
    page.open_session(sid)
    button(page, "Remove voice note 1").click()  # cancelled: nothing happens
    assert len(asked) == 1 and button(page, "Play voice note 2")
    button(page, "Remove voice note 1").click()
    assert [b.accessibleName() for b in _plays(page)] == ["Play voice note 1"]
    journal = open_journal(companion)
    assert [b.accessibleName() for b in _plays(journal)] == ["Play voice note 1"]
    button(page, "Undo removing the voice note").click()  # undo on the note page...
    assert len(_plays(journal)) == 2  # ...and the journal shows it again
    button(journal, "Remove voice note 2").click()
    assert len(_plays(journal)) == 1 and second.path.exists()  # kept until close
    companion.notes.close()  # what closing the app does
    assert not second.path.exists() and first.path.exists()
    assert [t.id for t in companion.notes.journal.takes(sid)] == [first.id]


def _plays(page):
    return [b for b in page.findChildren(type(button(page, "Play voice note 1")))
            if b.accessibleName().startswith("Play voice note") and not _gone(b)]


def _gone(widget) -> bool:
    while widget is not None:
        if widget.property("discarded"):
            return True
        widget = widget.parentWidget()
    return False
