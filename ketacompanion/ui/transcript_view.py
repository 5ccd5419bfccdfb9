"""The words of one voice take, under it: shown as they come, and editable.

While the take is being transcribed a quiet line says so; then its words
appear in a plain text box the person may correct. Their correction is saved
when they pause typing or leave the box, and the engine never replaces it.
An older take without words offers one button to turn it into words.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ketacompanion.core.records import VoiceTake
    from ketacompanion.services.transcription import TranscriptionService
    from ketacompanion.storage.search import Snippet

SAVE_DELAY_MS = 800  # a correction is saved once typing pauses
_FOUND_IN = {"transcript": "Said", "note": "Written", "intention": "Intention",
             "mark": "Marked during"}


def search_matches(snippets: list[Snippet]) -> QLabel:
    """Where a search matched in one session, the matched words highlighted."""
    lines = []
    for snippet in snippets:
        words = "".join(
            f"<span style='font-weight:600; text-decoration:underline'>{escape(text)}</span>"
            if match else escape(text) for text, match in snippet.parts())
        lines.append(f"{_FOUND_IN.get(snippet.kind, '')}: “{words}”")
    label = QLabel("<br>".join(lines), objectName="searchMatches")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAccessibleName("Where your search words were found")
    return label


class TranscriptView(QWidget):
    """Transcript of ``take``: waiting line, editable words, or a button to ask for them.

    The text box is made when there are words to show: a take without them (most, in
    a long journal's cards) costs a label and a button, not a text document.
    """

    def __init__(self, take: VoiceTake, service: TranscriptionService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptView")
        self._take, self._service = take, service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)  # apart from the next take
        layout.setSpacing(6)
        self._status = QLabel(objectName="transcriptStatus")
        self._status.setWordWrap(True)
        self._edit: QPlainTextEdit | None = None  # made with the first words (see _editor)
        self._ask = QPushButton("Turn into words", objectName="quietButton")
        self._ask.setAccessibleName("Turn this voice note into words")
        self._ask.clicked.connect(self._request)
        layout.addWidget(self._status)
        layout.addWidget(self._ask, 0, Qt.AlignmentFlag.AlignLeft)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        service.transcribed.connect(self._on_transcribed)
        service.failed.connect(self._on_failed)
        self._loading = False
        self._show()

    # -- public ----------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The words shown (the person's, if they corrected them)."""
        return self._edit.toPlainText() if self._edit is not None else ""

    @property
    def pending(self) -> bool:
        """True while a correction waits for the typing pause to be saved."""
        return self._timer.isActive()

    def save(self) -> None:
        """Store the person's correction now (also done when typing pauses)."""
        self._timer.stop()
        if self._edit is None:
            return  # no words shown, none typed
        stored = self._service.transcript(self._take.id)
        if stored is not None and stored.text == self.text:
            return
        self._service.save_edit(self._take.id, self.text)

    # -- behaviour -------------------------------------------------------------------

    def _show(self) -> None:
        transcript = self._service.transcript(self._take.id)
        waiting = self._service.is_waiting(self._take.id)
        if transcript is not None:
            edit = self._editor()
            self._loading = True
            edit.setPlainText(transcript.text)
            self._loading = False
            edit.setPlaceholderText("No words were heard in this voice note.")
            self._status.setText("Edited by you" if transcript.edited
                                 else "Words heard (you can correct them)")
        elif waiting:
            self._status.setText("Turning this voice note into words…")
        if self._edit is not None:
            self._edit.setVisible(transcript is not None)
        self._ask.setVisible(transcript is None and not waiting)
        self._status.setVisible(transcript is not None or waiting)

    def _editor(self) -> QPlainTextEdit:
        """The text box of the words, made the first time there are words to show."""
        if self._edit is not None:
            return self._edit
        edit = self._edit = QPlainTextEdit(objectName="transcriptEdit")
        edit.setAccessibleName("Words of this voice note (you can correct them)")
        edit.setTabChangesFocus(True)
        edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, edit)  # under the line about it, above the button
        edit.textChanged.connect(self._on_typed)
        edit.installEventFilter(self)
        edit.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        # Tab reaches it where it shows, before the button (not last in the window).
        before: QWidget | None = self._ask.previousInFocusChain()
        while before is not None and before is not self._ask and \
                not before.focusPolicy() & Qt.FocusPolicy.TabFocus:
            before = before.previousInFocusChain()
        if before is not None and before is not self._ask:
            QWidget.setTabOrder(before, edit)
        else:  # not in a window yet: in order within this view, which moves as one
            QWidget.setTabOrder(edit, self._ask)
        return edit

    def _request(self) -> None:
        if self._service.request(self._take):
            self._show()

    def _on_typed(self) -> None:
        if not self._loading:
            self._status.setText("Edited by you")
            self._timer.start()

    def _on_transcribed(self, take_id: int, _session_id: int) -> None:
        if take_id == self._take.id and (self._edit is None or not self._edit.hasFocus()):
            self._show()

    def _on_failed(self, take_id: int, message: str) -> None:
        if take_id == self._take.id:
            self._status.setText(message)
            self._status.show()
            self._ask.show()

    def _fit_height(self) -> None:
        # The whole transcript shows: the page scrolls, not a small box inside it.
        if self._edit is None:
            return
        lines = max(2, round(self._edit.document().size().height()))
        margins = self._edit.contentsMargins()
        height = (lines * self._edit.fontMetrics().lineSpacing()
                  + margins.top() + margins.bottom() + 2 * self._edit.document().documentMargin())
        self._edit.setFixedHeight(int(height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Save a correction when the person leaves the box."""
        if self._edit is not None and watched is self._edit \
                and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)
