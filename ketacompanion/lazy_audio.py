"""Audio parts that load pygame on first use, so the window opens without it.

The GUI start-up never imports ``ketacompanion.audio`` (pygame, numpy, soundfile):
the preview player, the voice recorder, the take player and the decode checks are
built the first time they are wanted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ketacompanion.core.models import FileItem, PlaylistItem
from ketacompanion.ui.audio_messages import plain_audio_message

if TYPE_CHECKING:  # types only: importing them here would load pygame at start-up
    from ketacompanion.audio.player import PlayerService
    from ketacompanion.audio.recorder import Recorder
    from ketacompanion.audio.take_player import TakePlayer
    from ketacompanion.core.loudness import Loudness
    from ketacompanion.services.loudness import LoudnessLevels


class LazyAudio:
    """Builds the voice recorder and take player on first use.

    pygame loads only when a voice note is first recorded or played, which
    keeps it out of the GUI start-up (and out of app.py's imports).
    """

    def __init__(self, seal: Any = None) -> None:
        """``seal``: a protected journal's core.file_seal.FileSeal (takes sealed)."""
        self._seal = seal
        self._recorder: Recorder | None = None
        self._player: TakePlayer | None = None

    def recorder(self) -> Recorder:
        """The one audio.recorder.Recorder."""
        if self._recorder is None:
            module = importlib.import_module("ketacompanion.audio.recorder")
            self._recorder = (module.Recorder() if self._seal is None
                              else module.Recorder(writer=self._seal.wav_writer))
        return self._recorder

    def take_player(self) -> TakePlayer:
        """The one audio.take_player.TakePlayer."""
        if self._player is None:
            module = importlib.import_module("ketacompanion.audio.take_player")
            self._player = module.TakePlayer(
                open_audio=None if self._seal is None else self._seal.audio)
        return self._player


class LazyPreviewer(QObject):
    """Builds the audio engine's PlayerService on the first preview.

    pygame then loads only when sound is first wanted, which keeps it out of the
    GUI start-up (and out of app.py's imports). The player's messages reach the
    screen in plain words (the raw ones are logged).

    Args:
        crossfade: The person's blend between pieces in seconds, read each time a
            playlist starts (None: the player's default).
    """

    error = Signal(str)
    preview_changed = Signal(bool)  # a preview is (or is no longer) playing

    def __init__(self, crossfade: Callable[[], float] | None = None,
                 levels: Callable[[], LoudnessLevels] | None = None) -> None:
        super().__init__()
        self._crossfade = crossfade
        self._levels = levels
        self._player: PlayerService | None = None
        self._quiet = False
        self._session_running: Callable[[], bool] = lambda: False

    def hold_during(self, session_running: Callable[[], bool]) -> None:
        """Refuse previews while ``session_running()``: the session owns the sound."""
        self._session_running = session_running

    def player(self) -> PlayerService:
        """The one audio.player.PlayerService."""
        if self._player is None:
            module = importlib.import_module("ketacompanion.audio.player")
            self._player = module.PlayerService(parent=self, crossfade=self._crossfade)
            self._player.error.connect(self._say)
            self._player.preview_changed.connect(self.preview_changed)
            if self._levels is not None:  # every item at one loudness
                levels = self._levels()
                self._player.set_item_gains(levels.gain_of, levels.request)
        return self._player

    @property
    def previewing(self) -> bool:
        """True while a preview plays (the player's own word; False before any sound)."""
        return self._player is not None and bool(self._player.previewing)

    def check_output(self) -> bool:
        """Open the sound output for preflight; True if it works (preflight says so, no notice)."""
        self._quiet = True
        try:
            return bool(self.player().open())
        finally:
            self._quiet = False

    def preview(self, item: PlaylistItem, seconds: float = 15.0, volume: float = 0.3) -> None:
        """Play ``item`` quietly for about ``seconds``, with fades (never during a session)."""
        if self._session_running():
            self.error.emit("Preview waits until the session is over, so its music goes on "
                            "undisturbed.")
            return
        self.player().preview(item, seconds, volume)

    def stop_preview(self, fade_s: float = 2.0) -> None:
        """Fade a playing preview out; a session's music is never stopped from here."""
        if self._player is not None:
            self._player.stop_preview(fade_s)

    def stop(self, fade_s: float | None = None) -> None:
        """Fade out whatever plays."""
        if self._player is not None:
            self._player.stop(fade_s)

    def shutdown(self) -> None:
        """Close the sound device, if it was opened."""
        if self._player is not None:
            self._player.shutdown()

    def _say(self, raw: str) -> None:
        message = plain_audio_message(raw)
        if not self._quiet:
            self.error.emit(message)


class LazyLevels:
    """Builds the loudness levels (services.loudness) on first use, measuring with audio's meter.

    Args:
        database_path: The app's database, where measurements are kept.
        key: The journal's data key when it is protected (core.keychain.DataKey).
    """

    def __init__(self, database_path: Path, key: Any = None) -> None:
        self._database_path = database_path
        self._key = key
        self._levels: LoudnessLevels | None = None
        self._closed = False

    def get(self) -> LoudnessLevels:
        """The one services.loudness.LoudnessLevels (once closed, it never measures)."""
        if self._levels is None:
            module = importlib.import_module("ketacompanion.services.loudness")
            from ketacompanion.paths import assets_dir

            # The bundled pieces' loudness ships with them: right from the first sample.
            known = module.bundled_loudness(assets_dir() / "audio")
            self._levels = module.LoudnessLevels(self._database_path, _measure_file, known=known,
                                                 key=self._key)
            if self._closed:
                self._levels.close()
        return self._levels

    def checking(self, check: Callable[[list[str], Callable[[], bool]], dict[str, str]]
                 ) -> Callable[[list[str], Callable[[], bool]], dict[str, str]]:
        """``check`` (the decode check), then the files that play are measured in turn."""

        def check_then_measure(paths: list[str], should_stop: Callable[[], bool]
                               ) -> dict[str, str]:
            problems = check(paths, should_stop)
            if not should_stop() and not self._closed:
                self.get().request([FileItem(p) for p in paths if p not in problems])
            return problems

        return check_then_measure

    def close(self) -> None:
        """Stop measuring (at quit); nothing is measured after."""
        self._closed = True
        if self._levels is not None:
            self._levels.close()


def _measure_file(path: str, should_stop: Callable[[], bool]) -> Loudness | None:
    meter = importlib.import_module("ketacompanion.audio.loudness_meter")
    return meter.measure_file(path, should_stop, pause_s=0.002)


def undecodable_items(items: list[PlaylistItem], should_stop: Callable[[], bool]) -> list[str]:
    """Messages for the items that will not play (decoded in a worker thread)."""
    preflight = importlib.import_module("ketacompanion.audio.preflight")
    return [p.message for p in preflight.preflight(items, should_stop=should_stop)]


def file_problems(paths: list[str], should_stop: Callable[[], bool]) -> dict[str, str]:
    """{path: why it will not play} for the files that fail to decode (in a worker thread)."""
    preflight = importlib.import_module("ketacompanion.audio.preflight")
    found = preflight.preflight([FileItem(path) for path in paths], should_stop=should_stop)
    return {problem.item.path: problem.message for problem in found}
