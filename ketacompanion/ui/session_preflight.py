"""Preflight for the Session page, said in plain words a groggy person understands.

Four short lines: whether every piece of music plays (decoded in a worker thread),
whether the playlist fits the length, whether sound comes out, and whether the
screen will stay awake. Nothing here blocks a start. The sound check opens the
audio device, so it runs only when asked (the page is shown, the playlist
changes), never while the app starts up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from ketacompanion.core.fitting import describe, fit
from ketacompanion.core.models import Playlist, PlaylistItem
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.ui.audio_messages import NO_OUTPUT

log = logging.getLogger(__name__)

ItemCheck = Callable[[list[PlaylistItem], Callable[[], bool]], list[str]]
IN_ANY_CASE = "You can start in any case."


class PreflightSummary(QLabel):
    """The preflight lines, kept up to date.

    Args:
        keep_awake: Says whether the screen can be kept awake.
        audio_opens: Opens the sound output quietly; True if it works (None: not checked).
        check_items: Messages for the items that will not play (run in a thread).
        crossfade: The blend between pieces in seconds, as the player will use it.
    """

    _decoded = Signal(object)  # list of problem messages, from the worker thread

    def __init__(self, keep_awake: KeepAwake, audio_opens: Callable[[], bool] | None,
                 check_items: ItemCheck | None, parent: QWidget | None = None,
                 crossfade: Callable[[], float] = lambda: DEFAULT_CROSSFADE_S) -> None:
        super().__init__("", parent, wordWrap=True)
        self.setObjectName("preflight")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Before you start: what was checked")
        self._keep_awake, self._audio_opens, self._check_items = (
            keep_awake, audio_opens, check_items)
        self._crossfade = crossfade
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.music_line = self.length_line = ""
        self.sound_line = self.awake_line = ""
        self._decoded.connect(self._show_decoding)

    @property
    def crossfade_s(self) -> float:
        """The blend between pieces, in seconds, as the player will use it."""
        return self._crossfade()

    def run(self, playlist: Playlist | None, minutes: int) -> None:
        """Check everything again for ``playlist`` played over ``minutes``."""
        self.sound_line = "Sound: not checked."
        if self._audio_opens is not None:
            self.sound_line = "Sound: ready." if self._audio_opens() else f"Sound: {NO_OUTPUT}"
        method = self._keep_awake.available()
        log.info("preflight: keep-awake by %s", method)
        self.awake_line = ("Screen stays awake: yes." if method else
                           "Screen stays awake: not here. Set your laptop not to sleep.")
        self.set_length(playlist, minutes)
        self.stop()
        if playlist is None or self._check_items is None:
            self._show_decoding(None if playlist is None else [])
            return
        self.music_line = "Music: checking that every piece plays…"
        self._render()
        items, check, stop = list(playlist.items), self._check_items, threading.Event()
        self._stop = stop

        def work() -> None:
            problems = check(items, stop.is_set)
            if not stop.is_set():
                self._decoded.emit(problems)

        self._thread = threading.Thread(target=work, name="preflight", daemon=True)
        self._thread.start()

    def set_length(self, playlist: Playlist | None, minutes: int) -> None:
        """Say how the playlist fits a session of ``minutes``."""
        if playlist is None:
            self.length_line = ""
        else:
            report = fit(playlist, minutes, crossfade_s=self.crossfade_s)
            self.length_line = f"Length: {describe(report)}"
        self._render()

    def stop(self) -> None:
        """Stop a decoding check still running (page hidden, app closing)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _show_decoding(self, problems: list[str] | None) -> None:
        if problems is None:
            self.music_line = "Music: no playlist chosen; the session will be silent."
        elif problems:
            # One named, the rest counted: the checks must fit beside Start at 1024x600.
            more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
            pieces = "1 piece" if len(problems) == 1 else f"{len(problems)} pieces"
            self.music_line = (f"Music: {pieces} will not play and will be skipped quietly "
                               f"({problems[0]}{more}).")
        else:
            self.music_line = "Music: every piece plays."
        self._render()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep every line in sight at this width."""
        super().resizeEvent(event)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again (the length question answered): the height its lines need now."""
        super().showEvent(event)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:
        """A theme's type size changes the lines' height too."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_height()

    def _render(self) -> None:
        lines = (self.music_line, self.length_line, self.sound_line, self.awake_line, IN_ANY_CASE)
        self.setText("\n".join(line for line in lines if line))
        self._fit_height()

    def _fit_height(self) -> None:
        """Ask the footer for the height the wrapped lines need.

        A layout sizes the footer from its Start column alone and does not ask a
        wrapped label's height for its width, so long checks on a small screen were
        cut at their top and bottom. A label's height for a width is never below its
        minimum height, so the minimum is let go before asking: kept, the height the
        lines once needed at a narrow width stayed for good, and the checks took the
        whole window at 1024x600 with Start and the rehearsal pushed apart. Hidden
        (the length question in Start's place), its width is an old one: it holds no
        minimum then, and takes the one its shown width needs when it is shown.
        """
        self.setMinimumHeight(0)
        if self.width() > 0 and self.isVisible():
            self.setMinimumHeight(max(0, self.heightForWidth(self.width())))
