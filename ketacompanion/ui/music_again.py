"""A journal card's "Play this music again": a fresh-piano session's music, from its seed.

The seed, arc and length kept with the session (``plan_json["piano"]``) give the
same notes again as long as the composer is the same version; the music plays
through the player's preview path (fades in, fades out, a second press stops it,
never while a session runs). A session whose composer was another version says
so plainly instead of playing something else under its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    # Types only: the editor's module is heavy, and a Journal card needs none of it.
    from ketacompanion.core.fresh_piano import PianoSeed
    from ketacompanion.ui.playlist_editor import Previewer

PLAY_TEXT = "▶ Play this music again"
STOP_TEXT = "■ Stop the music"
STOP_FADE_S = 3.0  # Stop fades the music out, never cuts it
REPLAY_VOLUME = 0.5  # a calm listen at home; the player keeps it under the person's volume
OTHER_COMPOSER = ("This music came from another version of the composer, so it cannot "
                  "be played exactly again.")


class Replays:
    """Which card's music plays now (one player, one music at a time)."""

    def __init__(self) -> None:
        self.session_id: int | None = None


class MusicAgain(QWidget):
    """The quiet button (or the plain sentence) on one session's card.

    Args:
        piano: The session's fresh piano (its seed, composer, arc and length).
        session_id: The session, to tell this card's music from another's.
        previewer: The player's preview path (as Prepare's preview uses).
        replays: Shared by the cards of one page.
    """

    def __init__(self, piano: PianoSeed, session_id: int, previewer: Previewer,
                 replays: Replays, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item = piano.item()
        self._session_id, self._previewer, self._replays = session_id, previewer, replays
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button: QPushButton | None = None
        self.note: QLabel | None = None
        if not piano.same_composer:
            self.note = QLabel(OTHER_COMPOSER, objectName="cardBody", wordWrap=True)
            layout.addWidget(self.note)
            return
        self.button = QPushButton(PLAY_TEXT, objectName="quietButton")
        self.button.setAccessibleName("Play this session's music again")
        self.button.clicked.connect(self.toggle)
        layout.addWidget(self.button)
        layout.addStretch(1)
        previewer.preview_changed.connect(self._show)
        self._show(previewer.previewing)  # a card rebuilt while its music plays says so

    @staticmethod
    def offered(piano: PianoSeed | None) -> bool:
        """Whether a card shows this: its session played fresh piano with a known arc and length."""
        return piano is not None and piano.item() is not None

    @property
    def playing(self) -> bool:
        """True while this card's music plays."""
        return self._previewer.previewing and self._replays.session_id == self._session_id

    def toggle(self) -> None:
        """Play the music from its start; while it plays, fade it out."""
        if self._item is None:
            return
        if self.playing:
            self._previewer.stop_preview(STOP_FADE_S)
            return
        self._replays.session_id = self._session_id
        self._previewer.preview(self._item, self._item.duration_s, REPLAY_VOLUME)

    def _show(self, _playing: bool) -> None:
        if self.button is None:
            return
        self.button.setText(STOP_TEXT if self.playing else PLAY_TEXT)
        self.button.setAccessibleName("Stop this session's music (it fades out)" if self.playing
                                      else "Play this session's music again")
