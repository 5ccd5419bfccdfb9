"""One session's card in the Journal: what it was, the note, the voice notes, its buttons.

The page builds a card when it comes near the view and lets it go when it is far
(see ``card_column``), so a card holds nothing the journal needs once it is gone:
its buttons only ask the page, by signals, to edit, delete or remove a take.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ketacompanion.core.export_markdown import session_heading
from ketacompanion.core.marks import mark_text
from ketacompanion.core.records import JournalEntry, VoiceTake
from ketacompanion.ui.music_again import MusicAgain, Replays
from ketacompanion.ui.take_list import PlayerSource, TakeList
from ketacompanion.ui.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from ketacompanion.services.transcription import TranscriptionService
    from ketacompanion.storage.search import Snippet
    from ketacompanion.ui.playlist_editor import Previewer


class Shown(NamedTuple):
    """What one card shows: the session, and where a search matched in it (if one ran)."""

    entry: JournalEntry
    snippets: list[Snippet] | None = None


class JournalCard(QFrame):
    """A session's card: heading, facts and marks, the note, voice notes, Edit and Delete.

    Args:
        shown: The session (and the search's matches in it).
        takes: Its voice takes still shown (those being removed are left out).
        player: Returns the shared take player (built on first use).
        allow_removal: Voice takes have a Remove button.
        transcription: Shows and makes the words of voice takes (None: not here).
        previewer: Plays a fresh-piano session's music again (None: no sound here).
        replays: Which card's music plays, shared by the page's cards.
    """

    edit_requested = Signal(int)
    """Open the note page for this session (its id)."""
    delete_requested = Signal(object)
    """Ask whether to delete this session (its JournalEntry)."""
    take_removal_requested = Signal(int)
    """Ask whether to remove a voice take (its id)."""

    def __init__(self, shown: Shown, takes: list[VoiceTake], player: PlayerSource, *,
                 allow_removal: bool = False,
                 transcription: TranscriptionService | None = None,
                 previewer: Previewer | None = None, replays: Replays | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entry = shown.entry
        heading = session_heading(entry)
        self.setObjectName("card")
        self.setProperty("sessionId", entry.session_id)
        self.setAccessibleName(heading)  # a screen reader names the card it is in
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(WrappedLabel(heading, "cardTitle"))  # a long one wraps
        layout.addWidget(WrappedLabel(_facts(entry), "cardBody"))
        if shown.snippets is not None:
            # Only a search shows these (never the first frame): their module loads then.
            from ketacompanion.ui.transcript_view import search_matches

            layout.addWidget(search_matches(shown.snippets))
        layout.addWidget(WrappedLabel(entry.note or "No written note yet.", "journalNote",
                                      selectable=True))
        # Made inside the card: shown while it had no parent, it became a window of its
        # own for a moment (a native window made and destroyed, per card).
        # The words under the voice notes wait for show_words(): the column shows them
        # at once, or (before the first frame, below the view) just after it.
        self.takes = TakeList(player, allow_delete=allow_removal, parent=self,
                              transcription=transcription, words_later=True)
        self.takes.set_takes(takes)
        self.takes.delete_requested.connect(self.take_removal_requested)
        layout.addWidget(self.takes)
        self.music: MusicAgain | None = None
        if previewer is not None and MusicAgain.offered(entry.piano):
            self.music = MusicAgain(entry.piano, entry.session_id,  # type: ignore[arg-type]
                                    previewer, replays or Replays())
            layout.addWidget(self.music)
        actions = QHBoxLayout()
        edit = QPushButton("Edit notes", objectName="quietButton")
        edit.setAccessibleName(f"Edit the notes of {heading}")
        edit.clicked.connect(lambda: self.edit_requested.emit(entry.session_id))
        delete = QPushButton("Delete…", objectName="quietButton")
        delete.setAccessibleName(f"Delete {heading}")
        delete.clicked.connect(lambda: self.delete_requested.emit(entry))
        actions.addWidget(edit)
        actions.addStretch(1)
        actions.addWidget(delete)
        layout.addLayout(actions)

    @property
    def busy(self) -> bool:
        """True while one of its voice notes or its music plays: its Stop button says so."""
        return self.takes.playing or (self.music is not None and self.music.playing)

    def show_words(self) -> None:
        """Show the words of its voice notes (their module and service load then)."""
        self.takes.show_words()

    def words_start(self, width: int) -> int | None:
        """Where its voice notes' words would start at ``width`` (None: none wait to show)."""
        if not self.takes.words_waiting:
            return None
        self.resize(width, self.heightForWidth(width))
        for part in (self, self.takes):  # its parts placed at that width, not left for later
            layout = part.layout()
            if layout is not None:
                layout.activate()
        return self.takes.y() + self.takes.words_start()

    def focusables(self) -> list[QWidget]:
        """The controls Tab stops at, top to bottom (hidden ones too: they may show later)."""
        # Children are found in the order they were laid out, which is the order they show.
        return [widget for widget in self.findChildren(QWidget)
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus]

    def let_go(self) -> None:
        """Before the card is freed: keep what the person typed in it (transcript words)."""
        self.takes.save_edits()


def _facts(entry: JournalEntry) -> str:
    """Length, playlist and mood on one line; the intention and the marks below."""
    mood = " → ".join("–" if m is None else str(m) for m in (entry.mood_before,
                                                              entry.mood_after))
    facts = [f"{round(entry.minutes)} min", entry.playlist_name or "", f"mood {mood}"]
    lines = [" · ".join(f for f in facts if f)]
    if entry.intention:
        lines.append(f"Intention: {entry.intention}")
    lines.extend(mark_text(marker) for marker in entry.markers)
    return "\n".join(lines)
