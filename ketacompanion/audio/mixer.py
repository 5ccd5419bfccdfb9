"""The session mix in numpy: playlist voices, crossfades, binaural bed, fades and volume.

The mixer is a pure, deterministic function of the commands it is given and
the number of frames asked for: ``render(n)`` returns the next ``n`` stereo
frames and a :class:`ChunkInfo` saying which item they belong to. It never
touches pygame or a clock, so every behaviour (crossfade timing, gapless joins,
skips, fades) is tested sample by sample without a sound card; the player
feeds its chunks to the real mixer.

Gain stages, all per-sample ramps (no zipper steps):
``out = (sum(voice * voice_ramp) + bed * bed_ramp) * transport * volume + clips * volume``.
``transport`` carries start, pause/resume and stop fades; ``volume`` is the
master volume, capped by ``max_volume``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ketacompanion.audio.sources import ClipSource, Source, SourceError, ToneSource, open_source
from ketacompanion.core.binaural import BinauralGenerator, Ramp
from ketacompanion.core.models import BinauralSegment, EndBehaviour, PlaylistItem

TONE_TAIL_S = 1.0  # a generated tone followed by music fades out over this, even when gapless


@dataclass
class MixerSettings:
    """Timings and levels of the mix (seconds, linear gains)."""

    sample_rate: int = 44100
    crossfade_s: float = 4.0  # 0 means gapless
    fade_in_s: float = 3.0  # every start, resume and skip
    skip_fade_s: float = 3.0  # fade-out of the item being skipped
    pause_fade_s: float = 2.0
    volume_ramp_s: float = 2.0
    end_fade_s: float = 20.0  # the bed fading after the last item when the list ends in silence
    max_volume: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.crossfade_s <= 12.0:
            raise ValueError(f"crossfade must be 0 to 12 s, not {self.crossfade_s:g}")


@dataclass
class ChunkInfo:
    """What a rendered chunk holds: the item sounding at its start and where in it."""

    frames: int
    index: int  # -1 when no playlist item sounds
    item_offset_s: float
    playlist_offset_s: float
    notices: list[str] = field(default_factory=list)
    finished: bool = False  # nothing sounds any more (the player may stop)
    moving: bool = True  # False while paused or stopped: the position does not advance


@dataclass
class _Voice:
    source: Source
    index: int
    ramp: Ramp
    frames_done: int = 0
    block_offset: int = 0  # where in the current block it starts (chained voices)
    leaving: bool = False
    ended: bool = False


class Mixer:
    """Turns a playlist and commands into a stream of float32 stereo chunks."""

    def __init__(self, settings: MixerSettings | None = None) -> None:
        self.settings = settings or MixerSettings()
        self.rate = self.settings.sample_rate
        self._items: list[PlaylistItem] = []
        self._starts: list[float] = []
        self._end = EndBehaviour.SILENCE
        self._bed: BinauralSegment | None = None
        self._bed_voice: _Voice | None = None
        self._voices: list[_Voice] = []
        self._clips: list[_Voice] = []
        self._main: _Voice | None = None
        self._transport = Ramp(0.0)
        self._volume = Ramp(1.0)
        self._bed_level = 0.3
        self._paused = False
        self._stopping = False
        self._fade_out_in: int | None = None
        self._scheduled_fade_s = 0.0
        self._list_done = True
        self._failures_in_row = 0
        self._notices: list[str] = []

    # ----------------------------------------------------------- commands
    def load(
        self,
        items: Sequence[PlaylistItem],
        *,
        bed: BinauralSegment | None = None,
        bed_level: float = 0.3,
        end: EndBehaviour = EndBehaviour.SILENCE,
        durations: Sequence[float | None] | None = None,
    ) -> None:
        """Set what to play; nothing sounds until :meth:`start`."""
        self._close_all()
        self._items = list(items)
        self._bed, self._bed_level, self._end = bed, float(bed_level), EndBehaviour(end)
        durations = durations if durations is not None else [None] * len(self._items)
        self._starts = playlist_starts(self._items, durations, self.settings.crossfade_s)

    def start(self, index: int = 0, offset_s: float = 0.0, paused: bool = False) -> None:
        """Begin at item ``index``, ``offset_s`` into it, fading in (held silent if ``paused``)."""
        self._close_all()
        self._paused, self._stopping = paused, False
        self._fade_out_in = None
        self._list_done = False
        self._failures_in_row = 0
        self._transport = Ramp(0.0)
        if not paused:
            self._transport.to(1.0, self._frames(self.settings.fade_in_s))
        if self._bed is not None:
            bed_offset = (self._starts[index] if index < len(self._starts) else 0) + offset_s
            self._bed_voice = self._open_bed(bed_offset % self._bed.duration_s)
        self._main = None
        if self._items:
            self._open_main(index, offset_s, fade_frames=0)
        else:
            self._list_done = True

    def skip(self) -> None:
        """Fade the current item out and the next one in."""
        if self._main is None:
            return
        self._retire(self._main, self._frames(self.settings.skip_fade_s))
        self._open_main(self._main.index + 1, 0.0, self._frames(self.settings.fade_in_s))

    def pause(self) -> None:
        """Fade out, then hold still (sources do not advance) until :meth:`resume`."""
        self._paused = True
        self._transport.to(0.0, self._frames(self.settings.pause_fade_s))

    def resume(self) -> None:
        """Fade back in from where the pause left off."""
        self._paused = False
        self._transport.to(1.0, self._frames(self.settings.fade_in_s))

    def fade_out(self, seconds: float) -> None:
        """Fade everything out over ``seconds``; then the mix is finished."""
        self._stopping = True
        self._transport.to(0.0, self._frames(seconds))

    def fade_out_after(self, after_s: float, fade_s: float) -> None:
        """Begin :meth:`fade_out` (over ``fade_s``) once ``after_s`` more seconds have played."""
        self._fade_out_in = self._frames(after_s)
        self._scheduled_fade_s = fade_s

    def set_volume(self, volume: float, ramp_s: float | None = None) -> float:
        """Ramp the master volume to ``volume`` (capped at max_volume); returns the value used."""
        value = min(max(0.0, float(volume)), self.settings.max_volume)
        ramp = self.settings.volume_ramp_s if ramp_s is None else ramp_s
        self._volume.to(value, self._frames(ramp))
        return value

    def set_bed_level(self, level: float) -> None:
        """Ramp the binaural bed to ``level`` (0..1)."""
        self._bed_level = min(max(0.0, float(level)), 1.0)
        if self._bed_voice is not None:
            self._bed_voice.ramp.to(self._bed_level, self._frames(self.settings.volume_ramp_s))

    def add_clip(self, clip: np.ndarray) -> None:
        """Play a short float32 stereo clip over the mix (not subject to pause or stop fades)."""
        self._clips.append(_Voice(ClipSource(clip), -1, Ramp(1.0)))

    def soften_restart(self) -> None:
        """After an interruption (underrun), bring the sound back with a fade-in."""
        if not self._stopping:
            self._transport = Ramp(0.0)
            self._transport.to(0.0 if self._paused else 1.0, self._frames(self.settings.fade_in_s))

    # ------------------------------------------------------------- output
    @property
    def items(self) -> list[PlaylistItem]:
        """The items loaded."""
        return self._items

    def locate(self, offset_s: float) -> tuple[int, float]:
        """Item index and offset inside it for a playlist offset in seconds."""
        return locate(self._starts, offset_s)

    @property
    def stopping(self) -> bool:
        """A fade-out towards the end is under way (or done)."""
        return self._stopping

    @property
    def finished(self) -> bool:
        """Nothing will sound any more."""
        if self._clips:
            return False
        if self._stopping and self._transport.settled:
            return True
        return self._list_done and not self._voices and self._bed_voice is None

    def render(self, frames: int) -> tuple[np.ndarray, ChunkInfo]:
        """The next ``frames`` frames of the mix and what they hold."""
        info = self._info(frames)
        out = np.zeros((frames, 2), dtype=np.float32)
        stopped = self._stopping and self._transport.settled
        info.moving = not (self._paused and self._transport.settled) and not stopped
        if info.moving:
            pos = 0
            while pos < frames:
                step = frames - pos
                if self._fade_out_in is not None:
                    if self._fade_out_in <= 0:
                        self._fade_out_in = None
                        self.fade_out(self._scheduled_fade_s)
                    else:
                        step = min(step, self._fade_out_in)
                due = self._frames_until_crossfade()
                if due is not None and due <= 0:
                    self._begin_crossfade()
                    continue
                if due is not None:
                    step = min(step, due)
                block = out[pos : pos + step]
                self._mix_voices(block)
                self._bed_into(block)
                self._transport.apply(block)
                if self._fade_out_in is not None:
                    self._fade_out_in -= step
                pos += step
        if self._clips:
            self._mix_list(self._clips, out)
            self._clips = [c for c in self._clips if not c.ended]
        self._volume.apply(out)
        info.notices, self._notices = self._notices, []
        info.finished = self.finished
        return out, info

    # ----------------------------------------------------------- internals
    def _frames(self, seconds: float) -> int:
        return max(0, round(seconds * self.rate))

    def _info(self, frames: int) -> ChunkInfo:
        main = self._main
        if main is None:  # the last item may still be fading out
            sounding = [v for v in self._voices if v.index >= 0 and not v.ended]
            main = sounding[-1] if sounding else None
        if main is None:
            return ChunkInfo(frames, -1, 0.0, 0.0)
        offset = main.frames_done / self.rate
        return ChunkInfo(frames, main.index, offset, self._starts[main.index] + offset)

    def _open_main(self, index: int, offset_s: float, fade_frames: int) -> None:
        """Start item ``index`` (or the next playable one) as the main voice."""
        previous = self._main
        while True:
            if index >= len(self._items):
                if self._end is EndBehaviour.REPEAT and self._failures_in_row < len(self._items):
                    index = 0
                else:
                    self._end_of_list()
                    return
            phases = (0.0, 0.0)
            if previous is not None and isinstance(previous.source, ToneSource) and not fade_frames:
                phases = previous.source.generator.phases
            try:
                source = open_source(self._items[index], self.rate, start_s=offset_s, phases=phases)
            except SourceError as exc:
                self._notices.append(f"Skipped: {exc}")
                self._failures_in_row += 1
                index, offset_s = index + 1, 0.0
                fade_frames = max(fade_frames, self._frames(self.settings.fade_in_s))
                continue
            ramp = Ramp(0.0 if fade_frames else 1.0)
            ramp.to(1.0, fade_frames)
            voice = _Voice(source, index, ramp, frames_done=round(offset_s * self.rate))
            self._voices.append(voice)
            self._main = voice
            return

    def _end_of_list(self) -> None:
        self._list_done = True
        self._main = None
        if self._bed_voice is not None and self._end is not EndBehaviour.BED:
            self._bed_voice.ramp.to(0.0, self._frames(self.settings.end_fade_s))
            self._bed_voice.leaving = True

    def _retire(self, voice: _Voice, frames: int) -> None:
        voice.leaving = True
        voice.ramp.to(0.0, frames)

    def _transition_frames(self, main: _Voice) -> int:
        """How long the main item overlaps what follows it (0: a gapless join)."""
        crossfade = self._frames(self.settings.crossfade_s)
        last = main.index + 1 >= len(self._items) and self._end is not EndBehaviour.REPEAT
        if last:  # the end of the list fades out, never stops dead
            return max(crossfade, self._frames(max(self.settings.fade_in_s, TONE_TAIL_S)))
        if crossfade:
            return crossfade
        following = self._items[(main.index + 1) % len(self._items)]
        if isinstance(self._items[main.index], BinauralSegment) and not isinstance(
            following, BinauralSegment
        ):  # a tone ends at full level: let it fade under what follows
            return self._frames(TONE_TAIL_S)
        return 0

    def _frames_until_crossfade(self) -> int | None:
        main = self._main
        if main is None or main.leaving:
            return None
        overlap = self._transition_frames(main)
        remaining = main.source.remaining()
        if remaining is None or overlap == 0:
            return None
        # A short item gives at most half of itself to a crossfade.
        overlap = min(overlap, (main.frames_done + remaining) // 2)
        return remaining - overlap

    def _begin_crossfade(self) -> None:
        main = self._main
        assert main is not None
        remaining = main.source.remaining() or 0
        overlap = min(self._transition_frames(main), (main.frames_done + remaining) // 2)
        frames = max(1, min(overlap, remaining))
        self._retire(main, frames)
        self._open_main(main.index + 1, 0.0, frames)

    def _mix_voices(self, block: np.ndarray) -> None:
        self._mix_list(self._voices, block)
        self._voices = [v for v in self._voices if not v.ended]

    def _mix_list(self, voices: list[_Voice], block: np.ndarray) -> None:
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
                self._notices.append(f"Skipped: {exc}")
                chunk = np.zeros((0, 2), dtype=np.float32)
                failed = True
                self._failures_in_row += 1
            else:
                if len(chunk):
                    self._failures_in_row = 0
            voice.ramp.apply(chunk)
            block[start : start + len(chunk)] += chunk
            voice.frames_done += len(chunk)
            if voice.leaving and voice.ramp.settled and voice.ramp.value == 0.0:
                voice.ended = True
            if len(chunk) < want:
                voice.ended = True
                voice.source.close()
                if voice is self._main:
                    # Gapless join, unless the item failed or ended before its crossfade
                    # could begin: then the next one fades in.
                    gapless = self.settings.crossfade_s == 0 and not failed
                    fade = 0 if gapless else self._frames(self.settings.fade_in_s)
                    self._open_main(voice.index + 1, 0.0, fade)
                    if self._main is not None and self._main is not voice:
                        self._main.block_offset = start + len(chunk)
        for voice in voices:
            if voice.ended:
                voice.source.close()

    def _bed_into(self, out: np.ndarray) -> None:
        bed = self._bed_voice
        if bed is None:
            return
        pos = 0
        while pos < len(out):
            chunk = bed.source.read(len(out) - pos)
            bed.ramp.apply(chunk)
            out[pos : pos + len(chunk)] += chunk
            pos += len(chunk)
            if len(chunk) == 0 and self._bed is not None:  # loop the bed, phase-continuous
                assert isinstance(bed.source, ToneSource)
                phases = bed.source.generator.phases
                bed.source = ToneSource(BinauralGenerator(self._bed, self.rate, phases=phases))
        if bed.leaving and bed.ramp.settled:
            self._bed_voice = None

    def _open_bed(self, offset_s: float) -> _Voice:
        assert self._bed is not None
        source = ToneSource(BinauralGenerator(self._bed, self.rate), round(offset_s * self.rate))
        return _Voice(source, -1, Ramp(self._bed_level))

    def _close_all(self) -> None:
        for voice in self._voices:
            voice.source.close()
        self._voices, self._main, self._bed_voice = [], None, None
        self._list_done = True


def playlist_starts(
    items: Sequence[PlaylistItem], durations: Sequence[float | None], crossfade_s: float
) -> list[float]:
    """Start time of each item in the playlist, crossfades overlapping neighbours."""
    starts, t = [], 0.0
    for item, known in zip(items, durations, strict=True):
        starts.append(t)
        duration = known if known is not None else getattr(item, "duration_s", None)
        if duration is None:
            duration = 0.0
        t += max(0.0, duration - (crossfade_s if duration > crossfade_s else 0.0))
    return starts


def locate(starts: Sequence[float], offset_s: float) -> tuple[int, float]:
    """The item index and the offset inside it for a playlist offset."""
    index = 0
    for i, start in enumerate(starts):
        if start <= offset_s + 1e-9:
            index = i
    return index, max(0.0, offset_s - starts[index]) if starts else 0.0


