"""The journal: every session newest first, searchable, with notes and playable voice notes.

Deleting asks first, then hides the session at once with an Undo; the rows are
really deleted when the app closes (or another delete is confirmed after the
undo bar has gone), so an Undo is possible as long as the app runs.

Rehearsals are not part of the series: they wait behind one quiet line ("3
rehearsals, not part of your series. Show them") instead of a card each, and the
export lists them only while they are shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.export_markdown import session_heading
from ketacompanion.core.file_seal import PLAIN, FileSeal
from ketacompanion.core.marks import mark_text
from ketacompanion.core.records import JournalEntry
from ketacompanion.core.series import MoodSeries, series_summary
from ketacompanion.services.take_bin import TakeBin
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.search import Snippet
from ketacompanion.ui.crisis_panel import CrisisPanel, CrisisWords
from ketacompanion.ui.music_again import MusicAgain, Replays
from ketacompanion.ui.series_chart import SeriesChart
from ketacompanion.ui.take_list import PlayerSource, TakeList
from ketacompanion.ui.take_removal import TakeRemovalBar
from ketacompanion.ui.text_setting_dialog import TextSettingDialog
from ketacompanion.ui.widgets import EmptyState, PageHeader, UndoBar, scrolling_body
from ketacompanion.ui.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from ketacompanion.services.transcription import TranscriptionService
    from ketacompanion.ui.export_dialog import ExportDialog
    from ketacompanion.ui.playlist_editor import Previewer

log = logging.getLogger(__name__)

PAGE_SIZE = 10  # cards laid out at once: word-wrapped notes make each one cost a few ms
SEARCH_DELAY_MS = 250  # search once typing pauses, not on every key


class JournalPage(QWidget):
    """Sessions as cards; search, edit, delete with undo, a discreet crisis link.

    Args:
        journal: The repository.
        player: Returns the shared take player (built on first use).
        edit_note: Opens the note page for a session.
        crisis_words: What the "If you are struggling" link shows, and the choice of line.
        take_bin: Removed voice takes (None: takes cannot be removed here).
        transcription: Shows and makes the words of voice takes (None: not here).
        previewer: Plays a fresh-piano session's music again (None: no sound here).
    """

    navigate = Signal(str)
    message = Signal(str)
    key = "journal"
    title = "Journal"

    def __init__(
        self, journal: JournalRepository, player: PlayerSource,
        edit_note: Callable[[int], None], crisis_words: CrisisWords | None = None,
        take_bin: TakeBin | None = None, parent: QWidget | None = None,
        course_card: QWidget | None = None,
        transcription: TranscriptionService | None = None,
        previewer: Previewer | None = None,
        seal: FileSeal = PLAIN,
    ) -> None:
        super().__init__(parent)
        self._previewer = previewer
        self._seal = seal  # a protected journal's voice notes leave the vault decrypted
        self._replays = Replays()  # which card's music plays
        self.setObjectName("page_journal")
        self._transcription = transcription
        self._snippets: dict[int, list[Snippet]] = {}
        self._journal, self._player, self._edit = journal, player, edit_note
        self._crisis_words = crisis_words
        self.course_card = course_card  # the course, check-ins and their scores
        self._bin = take_bin
        self._hidden: list[int] = []
        self._hidden_labels: dict[int, str] = {}  # the undo bar names the last one left
        self._export_folder: Path | None = None
        self._limit = PAGE_SIZE
        self._loaded = self._total = 0  # cards shown; cards there are to show
        self._matches: list[int] | None = None  # what the search found; None: no search
        self._series_key: tuple[object, ...] = ()  # the journal's state the chart shows
        self._points = MoodSeries()
        self._refreshed: tuple[object, ...] = ()  # the state the cards were built for
        self._pending: list[JournalEntry] = []  # read for the cards coming in next
        self._card_acting = False  # a card's own button is running: keep it alive till after
        self.showing_rehearsals = False
        self._build()
        if take_bin is not None:
            take_bin.changed.connect(self.refresh)

    # -- public ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the journal again and show it (search applied), as many cards as before.

        Only counts, the chart's three figures per session and the cards' own page
        come from the database: the cost does not grow with the journal.
        """
        query = self._search.text().strip()
        self._refreshed = self._shown_state()
        self._snippets = {}
        # The ids alone: the snippets are read for each page's cards as they come in.
        self._matches = self._journal.search(query, hidden=self._hidden) if query else None
        sessions, rehearsals = self._journal.count(hidden=self._hidden, only=self._matches)
        self._total = sessions + (rehearsals if self.showing_rehearsals else 0)
        self._clear()
        self._loaded = 0
        self._load(self._limit)
        if not self._loaded:
            self._list.addWidget(EmptyState(
                "Nothing found" if query else "No sessions yet",
                "Try other words." if query else
                "After each session your notes, voice recordings and mood are kept here, "
                "private on this laptop, ready to bring to your integration therapist."))
        self._show_rehearsals_line(rehearsals)
        self._show_series(sum(self._journal.count(hidden=self._hidden)) if query
                          else sessions + rehearsals)

    def purge_deleted(self) -> None:
        """Really delete the sessions awaiting undo (at app close)."""
        if self._hidden:
            for path in self._journal.delete_sessions(self._hidden):
                path.unlink(missing_ok=True)
            self._hidden.clear()
            self._hidden_labels.clear()

    def showEvent(self, event: QShowEvent) -> None:
        """Show the latest state each time the page appears (as it was, if nothing changed)."""
        if self._shown_state() != self._refreshed:
            self.refresh()
        super().showEvent(event)

    def _shown_state(self) -> tuple[object, ...]:
        """What the cards depend on: coming back to an unchanged journal rebuilds nothing."""
        return (self._journal.version(), tuple(self._hidden), self._search.text().strip(),
                self.showing_rehearsals)

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        layout = scrolling_body(self, "journalScroll", "journalBody", (56, 40, 56, 40), 20,
                                max_width=1100)  # a readable column on a wide screen
        layout.addWidget(PageHeader("Journal", "What each session gave you, in your own words."))
        # Near the top, so it is in sight without scrolling past the cards.
        self.crisis = CrisisPanel(self._crisis_words)
        layout.addWidget(self.crisis)
        if self.course_card is not None:
            layout.addWidget(self.course_card)
        layout.addWidget(self._series_card())
        self._search = QLineEdit(objectName="searchBox")
        self._search.setPlaceholderText("Search your notes, intentions and voice notes")
        self._search.setAccessibleName("Search the journal")
        self._search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self._search.textChanged.connect(lambda _text: self._search_timer.start())
        layout.addWidget(self._search)
        if self._bin is not None:
            self._take_removal = TakeRemovalBar(self._bin)
            layout.addWidget(self._take_removal)
        self._undo_bar = UndoBar("Undo the deletion")
        self._undo_bar.undo_requested.connect(self._undo)
        layout.addWidget(self._undo_bar)
        self._list = QVBoxLayout()
        self._list.setSpacing(16)
        layout.addLayout(self._list)
        self._rehearsals = QPushButton(objectName="quietButton")
        self._rehearsals.clicked.connect(self.toggle_rehearsals)
        layout.addWidget(self._rehearsals, 0, Qt.AlignmentFlag.AlignLeft)
        self._more = QPushButton("Show older sessions", objectName="quietButton")
        self._more.setAccessibleName("Show older sessions")
        self._more.clicked.connect(self._show_more)
        layout.addWidget(self._more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        scroll = self.findChild(QScrollArea, "journalScroll")
        assert scroll is not None  # scrolling_body made it
        self._scroll = scroll
        self._scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._top_up = QTimer(self, singleShot=True, interval=0)
        self._top_up.timeout.connect(self._add_one)

    def _card(self, entry: JournalEntry) -> QFrame:
        card = QFrame(objectName="card")
        card.setProperty("sessionId", entry.session_id)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(QLabel(session_heading(entry), objectName="cardTitle"))
        mood = " → ".join("–" if m is None else str(m) for m in (entry.mood_before,
                                                                  entry.mood_after))
        facts = [f"{round(entry.minutes)} min", entry.playlist_name or "", f"mood {mood}"]
        lines = [" · ".join(f for f in facts if f)]
        if entry.intention:
            lines.append(f"Intention: {entry.intention}")
        lines.extend(mark_text(marker) for marker in entry.markers)
        layout.addWidget(WrappedLabel("\n".join(lines), "cardBody"))
        if entry.session_id in self._snippets:
            # Only a search shows these (never the first frame): their module loads then.
            from ketacompanion.ui.transcript_view import search_matches

            layout.addWidget(search_matches(self._snippets[entry.session_id]))
        note = WrappedLabel(entry.note or "No written note yet.", "journalNote", selectable=True)
        layout.addWidget(note)
        takes = TakeList(self._player, allow_delete=self._bin is not None,
                         transcription=self._transcription)
        takes.set_takes(self._bin.visible(entry.takes) if self._bin else entry.takes)
        if self._bin is not None:
            takes.delete_requested.connect(self._remove_take)
        layout.addWidget(takes)
        if self._previewer is not None and MusicAgain.offered(entry.piano):
            layout.addWidget(MusicAgain(entry.piano, entry.session_id,  # type: ignore[arg-type]
                                        self._previewer, self._replays))
        actions = QHBoxLayout()
        edit = QPushButton("Edit notes", objectName="quietButton")
        edit.setAccessibleName(f"Edit the notes of {session_heading(entry)}")
        edit.clicked.connect(lambda: self._edit(entry.session_id))
        delete = QPushButton("Delete…", objectName="quietButton")
        delete.setAccessibleName(f"Delete {session_heading(entry)}")
        delete.clicked.connect(lambda: self._delete(entry))
        actions.addWidget(edit)
        actions.addStretch(1)
        actions.addWidget(delete)
        layout.addLayout(actions)
        return card

    # -- behaviour ---------------------------------------------------------------------

    def _clear(self) -> None:
        """Take the cards away, and free them before the new ones are built.

        Left for the event loop to delete, the old cards and the new ones lived side
        by side for a moment at each search: the memory they took was kept as the
        process's, a page's worth per refresh. Only when a card's own button is
        running (Delete, Remove) is its deletion left to the loop.
        """
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            widget.hide()
            widget.setProperty("discarded", True)
            if self._card_acting:
                widget.deleteLater()  # its own button may be calling us
            else:
                shiboken6.delete(widget)

    def toggle_rehearsals(self) -> None:
        """Show the rehearsals' cards, or fold them back into one line."""
        self.showing_rehearsals = not self.showing_rehearsals
        self.refresh()

    def _show_rehearsals_line(self, count: int) -> None:
        plural = "s" if count != 1 else ""
        if self.showing_rehearsals:
            text = f"Hide the rehearsal{plural}"
        else:
            text = f"{count} rehearsal{plural}, not part of your series. Show them"
        self._rehearsals.setText(text)
        self._rehearsals.setAccessibleName(text)
        self._rehearsals.setVisible(count > 0)

    def _show_more(self) -> None:
        self._limit += PAGE_SIZE
        self._load(PAGE_SIZE)

    def _load(self, count: int) -> None:
        """Add the next ``count`` cards below those shown (one page query)."""
        self._pending = []
        if count > 0 and self._loaded < self._total:
            for entry in self._fetch(count):
                self._list.addWidget(self._card(entry))
                self._loaded += 1
        self._more.setVisible(self._loaded < self._total)

    def _fetch(self, count: int) -> list[JournalEntry]:
        """The next ``count`` sessions after those shown, as the cards need them."""
        entries = self._journal.page(self._loaded, count, hidden=self._hidden,
                                     rehearsals=self.showing_rehearsals, only=self._matches)
        query = self._search.text().strip()
        if query and entries:  # where each card matched, for these cards only
            self._snippets.update((hit.session_id, hit.snippets) for hit in
                                  self._journal.search_hits(
                                      query, hidden=self._hidden,
                                      only=[e.session_id for e in entries]))
        return entries

    def _scrolled(self, _value: int) -> None:
        """Near the end of what is shown: the next cards come in, one per pass of the loop."""
        if self._near_end() and not self._top_up.isActive():
            self._top_up.start()

    def _near_end(self) -> bool:
        bar = self._scroll.verticalScrollBar()
        return (self._loaded < self._total
                and bar.value() >= bar.maximum() - 2 * self._scroll.viewport().height())

    def _add_one(self) -> None:
        """One step of bringing cards in while scrolling; each step is one short task.

        A step either reads the next page (kept aside) or builds one card from it,
        so no frame waits for a query and a card together, let alone a whole page.
        """
        if not self._near_end():
            return
        if not self._pending:
            self._pending = self._fetch(PAGE_SIZE)
        else:
            self._list.addWidget(self._card(self._pending.pop(0)))
            self._loaded += 1
            self._limit = max(self._limit, self._loaded)  # a refresh keeps them
            self._more.setVisible(self._loaded < self._total)
        self._top_up.start()

    def _remove_take(self, take_id: int) -> None:
        """A card's Remove button: the bin's change rebuilds the cards, this one among them."""
        self._card_acting = True
        try:
            self._take_removal.request(take_id)
        finally:
            self._card_acting = False

    def _delete(self, entry: JournalEntry) -> None:
        self._card_acting = True
        try:
            self._ask_delete(entry)
        finally:
            self._card_acting = False

    def _ask_delete(self, entry: JournalEntry) -> None:
        answer = QMessageBox.question(
            self, "Delete this session?",
            f"{session_heading(entry)}\n\nIts notes, mood and voice notes will be deleted. "
            "You can undo this until you close the app.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.hide_session(entry.session_id, session_heading(entry))

    def hide_session(self, session_id: int, label: str) -> None:
        """Delete with undo: hide now, delete for real at close."""
        self._hidden.append(session_id)
        self._hidden_labels[session_id] = label
        log.info("session %d deleted (undo possible)", session_id)
        self._undo_bar.say(f"Deleted: {label}.")
        self.refresh()

    def _undo(self) -> None:
        if self._hidden:
            session_id = self._hidden.pop()
            self._hidden_labels.pop(session_id, None)
            log.info("deletion of session %d undone", session_id)
        if self._hidden:  # the next Undo brings this one back: say which
            self._undo_bar.say(f"Deleted: {self._hidden_labels[self._hidden[-1]]}.")
        else:
            self._undo_bar.hide()
        self.refresh()

    def edit_crisis_text(self) -> TextSettingDialog:
        """Open the editor for the crisis text (window-modal, not blocking)."""
        return self.crisis.edit_text()

    # -- series and export ---------------------------------------------------------------

    def _series_card(self) -> QFrame:
        self._series = QFrame(objectName="card")
        layout = QVBoxLayout(self._series)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(QLabel("Mood over the series", objectName="cardTitle"))
        top.addStretch(1)
        export = QPushButton("Export for my therapist…", objectName="quietButton")
        export.setAccessibleName("Export for my therapist")
        export.clicked.connect(self.open_export)
        top.addWidget(export)
        layout.addLayout(top)
        self._summary = QLabel(objectName="cardBody")
        layout.addWidget(self._summary)
        self.chart = SeriesChart()
        layout.addWidget(self.chart)
        self._legend = QLabel("○ before  ·  ● after  ·  0 is very low, 10 is very good",
                              objectName="cardBody")
        layout.addWidget(self._legend)
        self._exported = QLabel(objectName="cardBody")
        self._exported.setWordWrap(True)
        self._exported.setTextFormat(Qt.TextFormat.PlainText)
        self._exported.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._exported.hide()
        layout.addWidget(self._exported)
        return self._series

    def _show_series(self, sessions: int) -> None:
        """The chart and its summary, from the moods alone (``sessions``: any to show?)."""
        key = (self._journal.version(), tuple(self._hidden))
        if key != self._series_key:  # nothing written since: the same points, kept
            self._series_key = key
            self._points = self._journal.mood_series(hidden=self._hidden)
        points = self._points
        self.chart.set_points(points)
        self._summary.setText(series_summary(points) or "Your series starts with the "
                              "first session; rehearsals are not counted.")
        self.chart.setVisible(bool(points))
        self._legend.setVisible(bool(points))
        self._series.setVisible(bool(sessions))

    def open_export(self) -> ExportDialog:
        """Open the export dialog (window-modal, not blocking); returns it."""
        from ketacompanion.ui.export_dialog import ExportDialog  # loads when first asked for

        entries = [e for e in self._journal.entries(hidden=self._hidden)
                   if self.showing_rehearsals or not e.rehearsal]
        dialog = ExportDialog(entries, self._export, self._export_folder, self,
                              protected=self._seal.on)
        dialog.exported.connect(self._on_exported)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _export(self, session_ids: list[int], folder: Path, fmt: str) -> Path:
        from ketacompanion.services.export import export_journal

        hidden_takes = self._bin.hidden if self._bin else ()
        # The dialog lists rehearsals only while the Journal shows them: what is ticked goes.
        return export_journal(self._journal, folder, fmt, session_ids=session_ids,
                              hidden_takes=hidden_takes, include_rehearsals=True,
                              seal=self._seal)

    def _on_exported(self, document: Path) -> None:
        self._export_folder = document.parent.parent
        text = f"Exported to {document.parent}"
        self._exported.setText(f"{text}  ({document.name} and the voice notes).")
        self._exported.show()
        self.message.emit(text)
