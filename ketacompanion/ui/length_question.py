"""The plain choice, in large type, when the playlist and the infusion length disagree.

Shown in the Session page's footer in place of Start until it is answered, so
the session never starts on a length that would cut the music or leave a gap
the person did not choose. Each answer says what it does: "Use 60 min", or
"Keep 45 min, the music ends gently at 45". When no length fits the playlist,
the other answer leads to Prepare. Where the answers do not fit side by side on
one line (1024x600), they stand one under the other; where one alone is wider than
the footer, its words wrap onto a second line rather than being cut.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QVBoxLayout, QWidget

from ketacompanion.core.length_choice import LengthQuestion
from ketacompanion.ui.wrap_button import WrapButton


class LengthQuestionCard(QFrame):
    """"This playlist lasts 56 min 17 s. Your infusion is set to 45 min." and two answers."""

    use_length = Signal(int)
    """Make the infusion this many minutes."""
    keep_length = Signal()
    """Keep the infusion length; the music fits itself to it."""
    prepare_requested = Signal()
    """Change the playlist on Prepare (offered when no length fits it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lengthQuestion")
        self.question: LengthQuestion | None = None
        self.text = QLabel(objectName="lengthQuestionText", wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.use_button = WrapButton(object_name="lengthUseButton")
        self.use_button.setAccessibleName("Use the playlist's length for the infusion")
        self.use_button.clicked.connect(self._use)
        self.keep_button = WrapButton(object_name="lengthKeepButton")
        self.keep_button.setAccessibleName("Keep the infusion's length")
        self.keep_button.clicked.connect(self.keep_length)
        self.prepare_button = WrapButton("Change the playlist on Prepare",
                                         object_name="lengthKeepButton")
        self.prepare_button.setAccessibleName("Change the playlist on the Prepare page")
        self.prepare_button.clicked.connect(self.prepare_requested)
        for button in (self.use_button, self.keep_button, self.prepare_button):
            button.setMinimumHeight(60)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._answers = (self.use_button, self.prepare_button, self.keep_button)
        self.answers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.answers.setSpacing(16)
        for button in self._answers:
            self.answers.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.answers.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.text)
        layout.addLayout(self.answers)
        self.hide()

    def ask(self, question: LengthQuestion) -> None:
        """Show ``question`` and its answers."""
        self.question = question
        self.text.setText(question.text)
        self.setAccessibleName(question.text)
        use = question.use_text
        self.use_button.setVisible(use is not None)
        self.prepare_button.setVisible(use is None)
        if use is not None:
            self.use_button.setText(use)
            self.use_button.setAccessibleName(f"{use} for the infusion")
        self.keep_button.setText(question.keep_text)
        self.keep_button.setAccessibleName(question.keep_text)
        self._arrange(self.width())
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width: the answers side by side, or one under the other."""
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        """Side by side where every answer fits on one line, else one under another.

        Squeezed side by side, "Keep 45 min, the beats carry on alone for the last
        44 min 30 s" broke before its last word; one under another, each answer
        reads on one line (and still wraps, whole words, where even that is too narrow).
        """
        shown = [button for button in self._answers if not button.isHidden()]
        needed = (sum(button.sizeHint().width() for button in shown)
                  + self.answers.spacing() * (len(shown) - 1))
        side_by_side = needed <= width
        self.answers.setDirection(QBoxLayout.Direction.LeftToRight if side_by_side
                                  else QBoxLayout.Direction.TopToBottom)

    def _use(self) -> None:
        if self.question is not None and self.question.suggested is not None:
            self.use_length.emit(self.question.suggested)
