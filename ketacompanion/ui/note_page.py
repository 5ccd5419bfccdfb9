"""The note page after recovery: mood, the moments marked, a voice note first, then text.

The person may be groggy with blurry vision: targets are large, text is big,
and nothing needs saving by hand. Text goes to an autosaved draft as it is
typed and into the journal when the page is left. The voice card (recording
and the takes) is ``voice_note_card.VoiceNoteCard``; this module holds the page
around it: the recovery banner, mood after, the session's context and the text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.marks import mark_text
from ketacompanion.core.records import JournalEntry
from ketacompanion.services.notes import NoteDrafts
from ketacompanion.services.take_bin import TakeBin
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.ui.note_prompts import PromptsPanel
from ketacompanion.ui.take_list import PlayerSource
from ketacompanion.ui.voice_note_card import RecorderLike, VoiceNoteCard
from ketacompanion.ui.widgets import PageHeader, UndoBar, scrolling_body

if TYPE_CHECKING:
    from ketacompanion.services.transcription import TranscriptionService

log = logging.getLogger(__name__)

READING_WIDTH = 1100  # on a wide screen the note is a column, not a wall of text
MOOD_NOW = "How do you feel now?  0 is very low, 10 is very good."
# A session opened later (from the Journal, or after a restart) is asked about then, not now.
MOOD_AFTERWARDS = "How did you feel afterwards?  0 is very low, 10 is very good."
RECOVERED_LINE = ("What you were writing when the app last closed unexpectedly "
                  "is back below.")
# What the status under the note says: only what is true of the disk.
SAVING = "Saving…"  # typed words are only in memory yet
SAVED = "Saved"  # every word is in the draft file (fsynced) or the journal


class NotePage(QWidget):
    """Mood after, intention, markers, voice takes and the text note of one session.

    Args:
        journal: Sessions, notes and takes.
        drafts: Autosave for the text.
        takes: Turns recordings into stored takes.
        recorder: Returns the recorder, built on first use (pygame loads then).
        player: Returns the take player, built on first use.
        prompts: Integration prompts shown above the text.
        save_prompts: Stores prompts the person edited (None: not editable here).
        take_bin: Removed voice takes (None: takes cannot be removed here).
        transcription: Turns voice takes into words (None: not here).
    """

    navigate = Signal(str)
    key = "note"
    title = "Notes"
    in_sidebar = False

    def __init__(
        self, journal: JournalRepository, drafts: NoteDrafts, takes: TakeStore,
        recorder: Callable[[], RecorderLike], player: PlayerSource, prompts: Sequence[str],
        save_prompts: Callable[[list[str]], None] | None = None,
        take_bin: TakeBin | None = None, parent: QWidget | None = None,
        crisis: QWidget | None = None,
        transcription: TranscriptionService | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_note")
        self._crisis = crisis  # "If you are struggling", under the page's title
        self._journal, self._drafts = journal, drafts
        self._session: int | None = None
        self._loading = False
        self._replaced: str | None = None  # recovered writing that "Go back" replaced
        self._voice = VoiceNoteCard(journal, takes, recorder, player, take_bin,
                                    transcription=transcription)
        self._build(prompts, save_prompts)
        drafts.draft_saved.connect(self._on_saved)
        drafts.committed.connect(self._on_saved)
        drafts.save_failed.connect(lambda _sid: self._status.setText(
            "Not saved yet: the disk may be full. Your words are still here; "
            "saving is tried again as you type."))

    # -- public ------------------------------------------------------------------------

    @property
    def session_id(self) -> int | None:
        """The session whose notes are shown."""
        return self._session

    def open_session(self, session_id: int, just_ended: bool = False) -> None:
        """Show the notes of ``session_id`` and make the page current.

        ``just_ended``: the session has just ended (mood is asked about now).
        """
        self._voice.stop_recording()
        entry = self._journal.entry(session_id)
        if entry is None:
            log.warning("note page: no session %d", session_id)
            return
        self._session = session_id
        text, draft = self._drafts.open(session_id)
        self._loading = True
        self._editor.setPlainText(text)
        # Words added to a note, recovered or not, go after what is already there.
        self._editor.moveCursor(QTextCursor.MoveOperation.End)
        self._loading = False
        self._show_entry(entry)
        self._mood_title.setText(MOOD_NOW if just_ended else MOOD_AFTERWARDS)
        self._banner_lines.clear()
        self._banner.hide()
        self._replaced = None
        self._undo_bar.hide()
        if draft is not None:
            self._add_banner(RECOVERED_LINE)
        # Only offer going back to a saved note that exists and differs: after a crash in
        # the first note, "going back" would only blank what came back.
        saved = self._journal.note(session_id) if draft is not None else ""
        self._revert.setVisible(bool(saved.strip()) and saved != text)
        self._voice.say("")
        self.navigate.emit(self.key)

    def set_prompts(self, prompts: Sequence[str]) -> None:
        """Show these integration questions above the text."""
        self._prompts.set_prompts(prompts)

    def show_recovered_takes(self, count: int) -> None:
        """Tell the person that recordings interrupted by a crash were kept."""
        if count:
            noun = "The recording" if count == 1 else f"The {count} recordings"
            verb = "was" if count == 1 else "were"
            self._add_banner(f"{noun} interrupted last time {verb} kept below.")

    def show_other_drafts(self, count: int) -> None:
        """Tell the person that what they wrote for ``count`` other sessions is in their notes."""
        if count:
            sessions = "another session" if count == 1 else f"{count} other sessions"
            notes = "its note" if count == 1 else "their notes"
            self._add_banner(f"What you wrote for {sessions} is safe too: it was kept in "
                             f"{notes} in the Journal.")

    def leave(self) -> None:
        """Finish what is under way: stop a recording, commit the text."""
        self._voice.stop_recording()
        self._drafts.commit()

    # -- Qt --------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the page stops recording and commits the note.

        A spontaneous hide comes from the window system (the window minimised, another
        desktop shown): the person has not left the note, so a recording goes on.
        """
        if not event.spontaneous():
            self.leave()
        super().hideEvent(event)

    # -- building ----------------------------------------------------------------------

    def _build(self, prompts: Sequence[str],
               save_prompts: Callable[[list[str]], None] | None) -> None:
        layout = scrolling_body(self, "noteScroll", "noteBody", (48, 40, 48, 40), 24,
                                max_width=READING_WIDTH)
        layout.addWidget(PageHeader(
            "After the session", "Take your time. Everything here is kept as you go."))
        if self._crisis is not None:
            layout.addWidget(self._crisis)

        self._banner = QFrame(objectName="banner")
        self._banner_lines: list[str] = []
        banner_layout = QHBoxLayout(self._banner)
        self._banner_text = QLabel(objectName="bannerText")
        self._banner_text.setWordWrap(True)
        self._revert = QPushButton("Go back to the note as last saved",
                                   objectName="quietButton")
        self._revert.setAccessibleName("Go back to the note as last saved")
        self._revert.clicked.connect(self._revert_draft)
        banner_layout.addWidget(self._banner_text, 1)
        banner_layout.addWidget(self._revert)
        self._banner.hide()
        layout.addWidget(self._banner)
        self._undo_bar = UndoBar("Undo going back: bring the recovered writing back")
        self._undo_bar.undo_requested.connect(self._undo_revert)
        layout.addWidget(self._undo_bar)

        layout.addWidget(self._mood_card())
        self._context = QLabel(objectName="noteContext")
        self._context.setWordWrap(True)
        self._context.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self._context)
        layout.addWidget(self._voice)
        layout.addWidget(self._text_card(prompts, save_prompts))

        done = QPushButton("Done, go to the journal", objectName="primary")
        done.setAccessibleName("Done, go to the journal")
        done.clicked.connect(lambda: self.navigate.emit("journal"))
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

    def _card(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        card = QFrame(objectName="card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 24, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(QLabel(title, objectName="cardTitle"))
        return card, layout

    def _mood_card(self) -> QFrame:
        card, layout = self._card(MOOD_NOW)
        title = card.findChild(QLabel, "cardTitle")
        assert title is not None  # _card made it
        self._mood_title = title
        row = QHBoxLayout()
        row.setSpacing(6)  # eleven large targets side by side on a 1024x600 screen
        self._mood = QButtonGroup(self)
        for value in range(11):
            button = QPushButton(str(value), objectName="moodButton")
            button.setCheckable(True)
            button.setAccessibleName(f"Mood after: {value} of 10")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setMinimumSize(50, 56)
            self._mood.addButton(button, value)
            row.addWidget(button)
        self._mood.idClicked.connect(self._set_mood)
        layout.addLayout(row)
        return card

    def _text_card(self, prompts: Sequence[str],
                   save_prompts: Callable[[list[str]], None] | None) -> QFrame:
        card, layout = self._card("Or write it down")
        self._prompts = PromptsPanel(prompts, save_prompts)
        self._editor = QPlainTextEdit(objectName="noteEditor")
        self._editor.setAccessibleName("Your note")
        self._editor.setPlaceholderText("Anything at all, in your own words.")
        self._editor.setMinimumHeight(220)
        # A tab character is of no use in a note; Tab must lead on to "Done", not trap the keyboard.
        self._editor.setTabChangesFocus(True)
        self._editor.textChanged.connect(self._text_changed)
        self._status = QLabel("", objectName="saveStatus")
        layout.addWidget(self._prompts)
        layout.addWidget(self._editor)
        layout.addWidget(self._status)
        return card

    # -- behaviour ---------------------------------------------------------------------

    def _show_entry(self, entry: JournalEntry) -> None:
        checked = self._mood.checkedButton()
        if entry.mood_after is not None:
            self._mood.button(entry.mood_after).setChecked(True)
        elif checked is not None:
            self._mood.setExclusive(False)
            checked.setChecked(False)
            self._mood.setExclusive(True)
        lines = []
        if entry.intention:
            lines.append(f"Your intention: {entry.intention}")
        if entry.markers:
            lines.append("Moments you marked:")
            lines.extend(f"    {mark_text(marker)}" for marker in entry.markers)
        self._context.setText("\n".join(lines))
        self._context.setVisible(bool(lines))
        self._voice.show_session(entry.session_id, entry.takes)
        self._status.setText("")

    def _set_mood(self, value: int) -> None:
        if self._session is not None:
            self._journal.set_mood_after(self._session, value)

    def _text_changed(self) -> None:
        if self._loading:
            return
        text = self._editor.toPlainText()
        self._drafts.edit(text)
        self._status.setText(SAVING if self._drafts.is_pending(self._session) else "")
        if self._replaced is not None and text == self._replaced:
            self._recovered_back()  # Ctrl+Z (or Undo) undid going back

    def _on_saved(self, session_id: int) -> None:
        """A draft was written or the note committed: "Saved" once nothing typed is pending."""
        if session_id == self._session and not self._drafts.is_pending(session_id):
            self._status.setText(SAVED)

    def _revert_draft(self) -> None:
        """Show the note as last saved; what it replaces is kept for Undo."""
        self._replaced = self._editor.toPlainText()
        saved = self._drafts.revert()
        self._loading = True  # the saved note is in the journal already: no new draft
        self._replace_text(saved)
        self._loading = False
        self._revert.hide()
        self._status.setText("")  # the note as the journal holds it: nothing to save
        self._banner_lines.remove(RECOVERED_LINE)
        self._show_banner()
        self._undo_bar.say("Your note is back as it was last saved.")

    def _undo_revert(self) -> None:
        if self._replaced is None:
            self._undo_bar.hide()
        elif self._editor.toPlainText() == self._replaced:
            self._recovered_back()
        else:
            self._replace_text(self._replaced)  # an edit like typing: autosave keeps it

    def _recovered_back(self) -> None:
        """The recovered writing is in the editor again: offer going back again."""
        self._replaced = None
        self._undo_bar.hide()
        self._revert.show()
        self._banner_lines.insert(0, RECOVERED_LINE)
        self._show_banner()

    def _replace_text(self, text: str) -> None:
        # A cursor edit, unlike setPlainText, keeps the undo history: Ctrl+Z brings it back.
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

    def _add_banner(self, line: str) -> None:
        self._banner_lines.append(line)
        self._show_banner()

    def _show_banner(self) -> None:
        self._banner_text.setText("\n".join(self._banner_lines))
        self._banner.setVisible(bool(self._banner_lines))
