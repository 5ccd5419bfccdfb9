"""A list of voice takes, each playable in place with one large button."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ketacompanion.core.recording import clock_text
from ketacompanion.core.records import VoiceTake

if TYPE_CHECKING:
    from ketacompanion.services.transcription import TranscriptionService
    from ketacompanion.ui.transcript_view import TranscriptView


class TakePlayerLike(Protocol):
    """What the take list needs from audio.take_player.TakePlayer."""

    playing_changed: SignalInstance

    @property
    def playing(self) -> Path | None: ...  # noqa: D102
    def toggle(self, path: Path) -> None: ...  # noqa: D102


PlayerSource = Callable[[], TakePlayerLike | None]


class TakeList(QWidget):
    """Rows of "Take 1 · 0:42 · 17:45  [Play]"; the player is fetched on first use.

    Args:
        player: Returns the shared take player (built lazily, so pygame only
            loads when a take is first played); None when sound is unavailable.
        transcription: Shows each take's words under it (None, or no engine: not shown).
        words_later: The words wait for :meth:`show_words` (the service, and the
            view's module, load only then).
    """

    delete_requested = Signal(int)

    def __init__(self, player: PlayerSource, allow_delete: bool = False,
                 parent: QWidget | None = None,
                 transcription: TranscriptionService | None = None,
                 words_later: bool = False) -> None:
        super().__init__(parent)
        self._transcription = transcription
        self._words_later = words_later
        self._takes: list[tuple[QWidget, VoiceTake]] = []  # each row, and its take
        self._words_shown = False
        self._player_source = player
        self._player: TakePlayerLike | None = None
        self._allow_delete = allow_delete
        self._buttons: dict[Path, QPushButton] = {}
        self._views: list[TranscriptView] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)

    def set_takes(self, takes: Sequence[VoiceTake]) -> None:
        """Show ``takes`` (oldest first), replacing what was shown."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleted later: a slot of its own button may be running
                widget.setProperty("discarded", True)
                widget.deleteLater()
        self._buttons.clear()
        self._views = []
        self._takes = [(self._row(number, take), take)
                       for number, take in enumerate(takes, start=1)]
        for row, _take in self._takes:
            self._layout.addWidget(row)
        self._words_shown = False
        if not self._words_later:
            self.show_words()
        self.setVisible(bool(takes))

    def words_start(self) -> int:
        """Where the first take's words would show, from the list's top (as laid out now)."""
        return self._takes[0][0].geometry().bottom() + 1 + self._layout.spacing() \
            if self._takes else 0

    @property
    def words_waiting(self) -> bool:
        """True while takes wait for :meth:`show_words` to show their words."""
        return bool(self._takes) and self._transcription is not None and not self._words_shown

    def show_words(self) -> None:
        """Show each take's words under it (or what it offers instead), once."""
        if not self.words_waiting:
            return
        self._words_shown = True
        assert self._transcription is not None
        if self._transcription.problem is not None:
            return  # no engine here: the words stay out of sight
        from ketacompanion.ui.transcript_view import TranscriptView

        for row, take in self._takes:
            self._views.append(TranscriptView(take, self._transcription))
            self._layout.insertWidget(self._layout.indexOf(row) + 1, self._views[-1])

    @property
    def playing(self) -> bool:
        """True while one of these takes plays."""
        return self._player is not None and self._player.playing in self._buttons

    def save_edits(self) -> None:
        """Store the corrections of the takes' words not saved yet (before the list goes)."""
        for view in self._views:
            if view.pending:
                view.save()

    def _row(self, number: int, take: VoiceTake) -> QWidget:
        row = QWidget(objectName="takeRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        when = take.created_at
        parts = [f"Voice note {number}", clock_text(take.duration_s or 0)]
        if when:
            parts.append(when.astimezone().strftime("%H:%M"))
        label = QLabel(" · ".join(parts), objectName="takeLabel", wordWrap=True)
        button = QPushButton("Play", objectName="playButton")
        button.setAccessibleName(f"Play voice note {number}")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setMinimumSize(110, 52)
        button.clicked.connect(lambda: self._toggle(take.path))
        self._buttons[take.path] = button
        if self._player is not None and self._player.playing == take.path:
            button.setText("Stop")
        layout.addWidget(button)
        layout.addWidget(label, 1)
        if self._allow_delete:
            remove = QPushButton("Remove", objectName="quietButton")
            remove.setAccessibleName(f"Remove voice note {number}")
            remove.clicked.connect(lambda: self.delete_requested.emit(take.id))
            layout.addWidget(remove)
        return row

    def _toggle(self, path: Path) -> None:
        if self._player is None:
            self._player = self._player_source()
            if self._player is None:
                return
            self._player.playing_changed.connect(self._on_playing)
        self._player.toggle(path)

    def _on_playing(self, path: Path | None) -> None:
        for take_path, button in self._buttons.items():
            playing = take_path == path
            button.setText("Stop" if playing else "Play")
            name = button.accessibleName().replace("Stop ", "Play ")
            button.setAccessibleName(name.replace("Play ", "Stop ") if playing else name)
