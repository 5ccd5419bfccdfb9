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
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
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
from ketacompanion.core.records import JournalEntry
from ketacompanion.core.series import MoodSeries, series_summary
from ketacompanion.services.take_bin import TakeBin
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.ui.card_column import CardColumn, CardSource
from ketacompanion.ui.crisis_panel import CrisisPanel, CrisisWords
from ketacompanion.ui.flow_layout import FlowLayout
from ketacompanion.ui.journal_card import JournalCard, Shown
from ketacompanion.ui.music_again import Replays
from ketacompanion.ui.series_chart import SeriesChart
from ketacompanion.ui.take_list import PlayerSource
from ketacompanion.ui.take_removal import TakeRemovalBar
from ketacompanion.ui.text_setting_dialog import TextSettingDialog
from ketacompanion.ui.widgets import EmptyState, PageHeader, UndoBar, scrolling_body

if TYPE_CHECKING:
    from ketacompanion.services.transcription import TranscriptionService
    from ketacompanion.ui.export_dialog import ExportDialog
    from ketacompanion.ui.playlist_editor import Previewer

log = logging.getLogger(__name__)

PAGE_SIZE = 10  # sessions "Show older sessions" brings in (scrolling brings them too)
SEARCH_DELAY_MS = 250  # search once typing pauses, not on every key
SIDE, SIDE_NARROW = 56, 24  # px: the column's side margins, and on a narrow page
NARROW = 640  # px: a page narrower than this is narrow (a window under 860 px)


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
        self._journal, self._player, self._edit = journal, player, edit_note
        self._crisis_words = crisis_words
        self.course_card = course_card  # the course, check-ins and their scores
        self._bin = take_bin
        self._hidden: list[int] = []
        self._hidden_labels: dict[int, str] = {}  # the undo bar names the last one left
        self._export_folder: Path | None = None
        self._listed: tuple[str, bool] | None = None  # the search and rehearsals shown
        self._matches: list[int] | None = None  # what the search found; None: no search
        self._series_key: tuple[object, ...] = ()  # the journal's state the chart shows
        self._points = MoodSeries()
        self._refreshed: tuple[object, ...] = ()  # the state the cards were built for
        self.showing_rehearsals = False
        self._build()
        if take_bin is not None:
            take_bin.changed.connect(self.refresh)

    # -- public ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the journal again and show it (search applied), from where it was.

        Only counts, the chart's three figures per session, the ids of the sessions
        held and the cards in view come from the database: the cost does not grow
        with the journal. A new search starts from the top; a deletion, an undo or
        a change made elsewhere keeps the sessions held, and the view where it was.
        """
        query = self._search.text().strip()
        self._refreshed = self._shown_state()
        # The ids alone: the snippets are read for each page's cards as they come in.
        self._matches = self._journal.search(query, hidden=self._hidden) if query else None
        sessions, rehearsals = self._journal.count(hidden=self._hidden, only=self._matches)
        total = sessions + (rehearsals if self.showing_rehearsals else 0)
        listed = (query, self.showing_rehearsals)
        same = listed == self._listed
        if not same:
            self._listed = listed
            self._to_list_start()
        self._clear()
        self.cards.reset(CardSource(total, self._ids, self._fetch),
                         self.cards.loaded if same else 0)
        if not total:
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrow window: narrower side margins, so the cards keep room for their rows."""
        side = SIDE if event.size().width() >= NARROW else SIDE_NARROW
        margins = self._body_layout.contentsMargins()
        if margins.left() != side:
            self._body_layout.setContentsMargins(side, margins.top(), side, margins.bottom())
        super().resizeEvent(event)

    def _shown_state(self) -> tuple[object, ...]:
        """What the cards depend on: coming back to an unchanged journal rebuilds nothing."""
        return (self._journal.version(), tuple(self._hidden), self._search.text().strip(),
                self.showing_rehearsals)

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        layout = scrolling_body(self, "journalScroll", "journalBody", (SIDE, 40, SIDE, 40), 20,
                                max_width=1100)  # a readable column on a wide screen
        self._body_layout = layout
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
        # Only the cards near the view are built (see card_column); the rest wait.
        self.cards = CardColumn(scroll, self._card)
        self.cards.tab_from(self._undo_bar.undo_button)  # Tab: the search, then the cards
        self.cards.loaded_changed.connect(
            lambda: self._more.setVisible(self.cards.loaded < self.cards.total))
        self.cards.out_of_date.connect(self.refresh)
        self._list.addWidget(self.cards)

    def _card(self, shown: Shown) -> JournalCard:
        entry = shown.entry
        card = JournalCard(shown, self._bin.visible(entry.takes) if self._bin else entry.takes,
                           self._player, allow_removal=self._bin is not None,
                           transcription=self._transcription, previewer=self._previewer,
                           replays=self._replays)
        card.edit_requested.connect(self._edit)
        card.delete_requested.connect(self._delete)
        card.take_removal_requested.connect(self._remove_take)
        return card

    # -- behaviour ---------------------------------------------------------------------

    def _clear(self) -> None:
        """Take away the "Nothing found" or "No sessions yet" card, if one is shown.

        Freed at once: left for the event loop to delete, old widgets and new ones
        lived side by side for a moment at each search, and the process kept the
        memory of both. (The cards are the column's: it frees them the same way.)
        """
        for item in [self._list.itemAt(n) for n in range(self._list.count())]:
            widget = item.widget() if item is not None else None
            if isinstance(widget, EmptyState):
                self._list.removeWidget(widget)
                widget.hide()
                shiboken6.delete(widget)

    def _to_list_start(self) -> None:
        """A new list (a search, the rehearsals): the view goes no lower than its start."""
        bar = self._scroll.verticalScrollBar()
        if not bar.value():
            return  # at the top already (and the first show: nothing to work out)
        start = self._search.mapTo(self._scroll.viewport(), QPoint(0, 0)).y() + bar.value() - 16
        if bar.value() > start > 0:
            bar.setValue(start)

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
        self.cards.extend(PAGE_SIZE)

    def _ids(self, offset: int, count: int) -> list[int]:
        """The ids of ``count`` sessions of the list from ``offset`` (no text read)."""
        return self._journal.page_ids(offset, count, hidden=self._hidden,
                                      rehearsals=self.showing_rehearsals, only=self._matches)

    def _fetch(self, offset: int, count: int) -> list[Shown]:
        """``count`` sessions of the list from ``offset``, as their cards show them."""
        entries = self._journal.page(offset, count, hidden=self._hidden,
                                     rehearsals=self.showing_rehearsals, only=self._matches)
        query = self._search.text().strip()
        if not (query and entries):
            return [Shown(entry) for entry in entries]
        # Where each card matched, for these cards only.
        found = {hit.session_id: hit.snippets for hit in self._journal.search_hits(
            query, hidden=self._hidden, only=[e.session_id for e in entries])}
        return [Shown(entry, found.get(entry.session_id)) for entry in entries]

    def _remove_take(self, take_id: int) -> None:
        """A card's Remove button: the bin's change rebuilds the cards, this one among them."""
        self.cards.deferred = True
        try:
            self._take_removal.request(take_id)
        finally:
            self.cards.deferred = False

    def _delete(self, entry: JournalEntry) -> None:
        self.cards.deferred = True
        try:
            self._ask_delete(entry)
        finally:
            self.cards.deferred = False

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
        top = FlowLayout(last_right=True)  # the button goes below the title when narrow
        top.addWidget(QLabel("Mood over the series", objectName="cardTitle"))
        export = QPushButton("Export for my therapist…", objectName="quietButton")
        export.setAccessibleName("Export for my therapist")
        export.clicked.connect(self.open_export)
        top.addWidget(export)
        layout.addLayout(top)
        self._summary = QLabel(objectName="cardBody", wordWrap=True)
        layout.addWidget(self._summary)
        self.chart = SeriesChart()
        layout.addWidget(self.chart)
        # A narrow card breaks the line between its parts, never inside one.
        parts = ("○ before", "● after", "0 is very low, 10 is very good")
        self._legend = QLabel("  ·  ".join(p.replace(" ", "\u00a0") for p in parts),
                              objectName="cardBody", wordWrap=True)
        layout.addWidget(self._legend)
        self._exported = QLabel(objectName="cardBody", wordWrap=True)
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
