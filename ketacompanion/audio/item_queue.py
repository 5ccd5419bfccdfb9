"""The playlist's voices in the mix: items opened in turn, crossfades, gapless joins, skips.

A :class:`Voice` is one source sounding through its own gain ramp. The
:class:`ItemQueue` owns the playlist items and their voices: it opens the
next playable item when the one sounding ends or reaches its crossfade,
joins items gaplessly or with a fade-in, skips items that cannot be read
(with a notice, and without looping for ever when every item of a repeating
list fails), and mixes its voices into a block. The mixer
(:mod:`ketacompanion.audio.mixer`) drives it and adds the bed, the clips and
the transport and volume stages.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ketacompanion.audio.mix_timeline import (
    ChunkInfo,
    MixerSettings,
    to_frames,
    transition_frames,
)
from ketacompanion.audio.sources import Source, SourceError, ToneSource, open_source
from ketacompanion.core.binaural import Ramp
from ketacompanion.core.models import EndBehaviour, FileItem, PlaylistItem
from ketacompanion.core.timeline import item_duration, item_starts

MIN_ITEM_S = 0.05  # an item shorter than this is a damaged or empty file, not music


def _unity(_item: PlaylistItem) -> float:
    return 1.0


@dataclass
class Voice:
    """One source sounding through its own gain ramp."""

    source: Source
    index: int
    ramp: Ramp
    frames_done: int = 0
    opened_at: int = 0  # frames_done when opened (an offset into the item)
    block_offset: int = 0  # where in the current block it starts (chained voices)
    leaving: bool = False
    ended: bool = False
    gain: Ramp | None = None  # the item's loudness gain (glides when a measurement lands)


class ItemQueue:
    """The playlist items and the voices sounding them, one main voice at a time.

    Args:
        settings: The mix's timings.
        rate: Frames per second (the mixer sets it again when the output opens).
        on_list_end: Called when the list has run out (the mixer fades its bed).
    """

    def __init__(
        self, settings: MixerSettings, rate: int, on_list_end: Callable[[], None]
    ) -> None:
        self.settings = settings
        self.rate = rate
        self.items: list[PlaylistItem] = []
        self.starts: list[float] = []
        self.lengths: list[float | None] = []
        self.crossfade_s = settings.crossfade_s
        self.end = EndBehaviour.SILENCE
        self.voices: list[Voice] = []
        self.main: Voice | None = None
        self.list_done = True
        self.failures_in_row = 0
        self.notices: list[str] = []
        self._on_list_end = on_list_end
        # The gain that brings an item to the session's loudness (see core.loudness);
        # asked every block, so a measurement that lands mid-item glides in.
        self.gain_of: Callable[[PlaylistItem], float] = _unity

    def load(self, items: list[PlaylistItem], end: EndBehaviour) -> None:
        """Take a new list and place its items on the one timeline (nothing sounds yet).

        The crossfade is read now and kept for this list, so its joins always match
        the starts worked out here, whatever the setting becomes meanwhile.
        """
        self.close_all()
        self.items, self.end = list(items), EndBehaviour(end)
        self.crossfade_s = self.settings.crossfade_s
        self.lengths = [item_duration(item) for item in self.items]
        self.starts = item_starts(self.items, self.crossfade_s)

    def set_rate(self, rate: int) -> None:
        """Frames per second from now on (the output's own rate once it opens)."""
        self.rate = rate

    def set_gains(self, gain_of: Callable[[PlaylistItem], float]) -> None:
        """The gain that brings each item to the session's loudness (asked every block)."""
        self.gain_of = gain_of

    def take_notices(self) -> list[str]:
        """The notices since last asked (skipped items), handed over once."""
        notices, self.notices = self.notices, []
        return notices

    @property
    def silent(self) -> bool:
        """The list has run out and no item voice sounds any more."""
        return self.list_done and not self.voices

    def start(self, index: int, offset_s: float) -> None:
        """Open item ``index`` at ``offset_s`` at full level (the transport fades it in)."""
        self.close_all()
        self.list_done = False
        self.failures_in_row = 0
        if self.items:
            self.open_main(index, offset_s, fade_frames=0)
        else:
            self.list_done = True

    def skip(self) -> None:
        """Fade the main item out and the next one in."""
        if self.main is None:
            return
        self.retire(self.main, self._frames(self.settings.skip_fade_s))
        self.open_main(self.main.index + 1, 0.0, self._frames(self.settings.fade_in_s))

    def info(self, frames: int) -> ChunkInfo:
        """What a chunk of ``frames`` starting now holds."""
        main = self.main
        if main is None:  # the last item may still be fading out
            sounding = [v for v in self.voices if v.index >= 0 and not v.ended]
            main = sounding[-1] if sounding else None
        if main is None:
            return ChunkInfo(frames, -1, 0.0, 0.0)
        offset = main.frames_done / self.rate
        return ChunkInfo(frames, main.index, offset, self.starts[main.index] + offset)

    def open_main(self, index: int, offset_s: float, fade_frames: int) -> None:
        """Start item ``index`` (or the next playable one) as the main voice."""
        previous = self.main
        while True:
            if index >= len(self.items):
                if self.end is EndBehaviour.REPEAT and self.failures_in_row < len(self.items):
                    index = 0
                else:
                    self._end_of_list()
                    return
            phases = (0.0, 0.0)
            if previous is not None and isinstance(previous.source, ToneSource) and not fade_frames:
                phases = previous.source.generator.phases
            try:
                source = open_source(self.items[index], self.rate, start_s=offset_s, phases=phases)
            except SourceError as exc:
                self.notices.append(f"Skipped: {exc}")
                self.failures_in_row += 1
                index, offset_s = index + 1, 0.0
                fade_frames = max(fade_frames, self._frames(self.settings.fade_in_s))
                continue
            ramp = Ramp(0.0 if fade_frames else 1.0)
            ramp.to(1.0, fade_frames)
            offset = round(offset_s * self.rate)
            voice = Voice(source, index, ramp, frames_done=offset, opened_at=offset,
                          gain=Ramp(self.gain_of(self.items[index])))
            self.voices.append(voice)
            self.main = voice
            return

    def retire(self, voice: Voice, frames: int) -> None:
        """Fade ``voice`` out over ``frames``; it ends when silent."""
        voice.leaving = True
        voice.ramp.to(0.0, frames)

    def frames_until_crossfade(self) -> int | None:
        """Frames before the main item's crossfade begins (None: not known or not due)."""
        main = self.main
        if main is None or main.leaving:
            return None
        remaining = main.source.remaining()
        if remaining is None:
            return None
        overlap = self._transition_frames(main, remaining)
        return remaining - overlap if overlap else None

    def begin_crossfade(self) -> None:
        """Fade the main item out and the next one in over their overlap."""
        main = self.main
        assert main is not None
        remaining = main.source.remaining() or 0
        frames = max(1, min(self._transition_frames(main, remaining), remaining))
        self.retire(main, frames)
        self.open_main(main.index + 1, 0.0, frames)

    def mix_items(self, block: np.ndarray) -> None:
        """Add the item voices into ``block``; drop those that ended."""
        self.mix(self.voices, block)
        self.voices = [v for v in self.voices if not v.ended]

    def mix(self, voices: list[Voice], block: np.ndarray) -> None:
        """Add ``voices`` into ``block``; the main voice ending opens the next item."""
        i = 0
        while i < len(voices):  # voices chained on during the loop are mixed too
            voice = voices[i]
            i += 1
            start, voice.block_offset = voice.block_offset, 0
            want = len(block) - start
            failed = False
            try:
                chunk = voice.source.read(want)
            except SourceError as exc:
                self.notices.append(f"Skipped: {exc}")
                chunk = np.zeros((0, 2), dtype=np.float32)
                failed = True
                self.failures_in_row += 1
            else:
                played = voice.frames_done + len(chunk) - voice.opened_at
                if len(chunk) < want and voice.index >= 0 and voice.opened_at == 0 \
                        and played < self._frames(MIN_ITEM_S):
                    # A (nearly) soundless item counts as a failure: a repeating list of
                    # it would reopen it thousands of times a second, or for ever.
                    why = "holds no sound" if played == 0 else "is too short to play"
                    self.notices.append(f"Skipped: {self._name(voice.index)} {why}")
                    failed = True
                    self.failures_in_row += 1
                elif len(chunk):
                    self.failures_in_row = 0
            self._apply_gain(voice, chunk)
            voice.ramp.apply(chunk)
            block[start : start + len(chunk)] += chunk
            voice.frames_done += len(chunk)
            if voice.leaving and voice.ramp.settled and voice.ramp.value == 0.0:
                voice.ended = True
            if len(chunk) < want:
                voice.ended = True
                voice.source.close()
                if voice is self.main:
                    # A join planned without overlap is gapless (and a tone goes on in
                    # phase); after a failure, or an item that ended before its crossfade
                    # could begin, the next one fades in.
                    gapless = not failed and self._transition_frames(voice, 0) == 0
                    fade = 0 if gapless else self._frames(self.settings.fade_in_s)
                    self.open_main(voice.index + 1, 0.0, fade)
                    if self.main is not None and self.main is not voice:
                        self.main.block_offset = start + len(chunk)
        for voice in voices:
            if voice.ended:
                voice.source.close()

    def _apply_gain(self, voice: Voice, chunk: np.ndarray) -> None:
        """The item's loudness gain, gliding over the volume ramp when it changes."""
        if voice.gain is None or voice.index < 0:
            return
        target = self.gain_of(self.items[voice.index])
        if abs(target - voice.gain.target) > 1e-9:
            voice.gain.to(target, self._frames(self.settings.volume_ramp_s))
        voice.gain.apply(chunk)

    def close_all(self) -> None:
        """Close every item voice; nothing of the list sounds any more."""
        for voice in self.voices:
            voice.source.close()
        self.voices, self.main = [], None
        self.list_done = True

    def _frames(self, seconds: float) -> int:
        return to_frames(seconds, self.rate)

    def _name(self, index: int) -> str:
        item = self.items[index]
        return os.path.basename(item.path) if isinstance(item, FileItem) else f"item {index + 1}"

    def _end_of_list(self) -> None:
        self.list_done = True
        self.main = None
        self._on_list_end()

    def _transition_frames(self, main: Voice, remaining: int) -> int:
        # The item's real length (its header, as decoded) and the next one's planned length.
        return transition_frames(self.settings, self.rate, self.crossfade_s, self.items,
                                 self.lengths, main.index, main.frames_done + remaining, self.end)
