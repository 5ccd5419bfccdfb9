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

This module holds the :class:`Mixer` (the commands, the render loop, the
binaural bed, the clips and the transport and volume stages). The playlist's
own voices (items opened in turn, crossfades, gapless joins, failures) are in
:mod:`ketacompanion.audio.item_queue`; the settings, :class:`ChunkInfo` and
the timeline maths in :mod:`ketacompanion.audio.mix_timeline`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ketacompanion.audio.item_queue import ItemQueue, Voice
from ketacompanion.audio.mix_timeline import ChunkInfo, MixerSettings, locate, to_frames
from ketacompanion.audio.sources import ClipSource, ToneSource
from ketacompanion.core.binaural import BinauralGenerator, Ramp
from ketacompanion.core.models import BinauralSegment, EndBehaviour, PlaylistItem


class Mixer:
    """Turns a playlist and commands into a stream of float32 stereo chunks."""

    def __init__(self, settings: MixerSettings | None = None) -> None:
        self.settings = settings or MixerSettings()
        self._queue = ItemQueue(self.settings, self.settings.sample_rate, self._end_of_list)
        self._bed: BinauralSegment | None = None
        self._bed_voice: Voice | None = None
        self._fill: BinauralSegment | None = None
        self._clips: list[Voice] = []
        self._transport = Ramp(0.0)
        self._volume = Ramp(1.0)
        self._bed_level = 0.3
        self._paused = False
        self._stopping = False
        self._fade_out_in: int | None = None
        self._scheduled_fade_s = 0.0

    @property
    def rate(self) -> int:
        """Frames per second of the mix (the player sets the output's rate)."""
        return self._queue.rate

    @rate.setter
    def rate(self, rate: int) -> None:
        self._queue.set_rate(rate)

    # ----------------------------------------------------------- commands
    def load(
        self,
        items: Sequence[PlaylistItem],
        *,
        bed: BinauralSegment | None = None,
        bed_level: float = 0.3,
        end: EndBehaviour = EndBehaviour.SILENCE,
        fill: BinauralSegment | None = None,
    ) -> None:
        """Set what to play, placed on the one timeline; nothing sounds until :meth:`start`.

        ``fill`` is the bed that carries on alone after a list ending on the bed when
        no bed plays under it (it fades in as the last item fades out).
        """
        self._close_all()
        self._bed, self._bed_level, self._fill = bed, float(bed_level), fill
        self._queue.load(list(items), EndBehaviour(end))

    def start(self, index: int = 0, offset_s: float = 0.0, paused: bool = False) -> None:
        """Begin at item ``index``, ``offset_s`` into it, fading in (held silent if ``paused``)."""
        self._close_all()
        self._paused, self._stopping = paused, False
        self._fade_out_in = None
        self._transport = Ramp(0.0)
        if not paused:
            self._transport.to(1.0, self._frames(self.settings.fade_in_s))
        if self._bed is not None:
            starts = self._queue.starts
            bed_offset = (starts[index] if index < len(starts) else 0) + offset_s
            self._bed_voice = self._open_bed(bed_offset % self._bed.duration_s)
        self._queue.start(index, offset_s)

    def skip(self) -> None:
        """Fade the current item out and the next one in."""
        self._queue.skip()

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

    def set_item_gains(self, gain_of: Callable[[PlaylistItem], float]) -> None:
        """Bring each item (and the bed) to one loudness: ``gain_of`` gives its linear gain.

        It is asked every block (keep it a look-up); a changed answer glides in.
        """
        self._queue.set_gains(gain_of)

    def add_clip(self, clip: np.ndarray) -> None:
        """Play a short float32 stereo clip over the mix (not subject to pause or stop fades)."""
        self._clips.append(Voice(ClipSource(clip), -1, Ramp(1.0)))

    def soften_restart(self) -> None:
        """After an interruption (underrun), bring the sound back with a fade-in."""
        if not self._stopping:
            self._transport = Ramp(0.0)
            self._transport.to(0.0 if self._paused else 1.0, self._frames(self.settings.fade_in_s))

    # ------------------------------------------------------------- output
    @property
    def items(self) -> list[PlaylistItem]:
        """The items loaded."""
        return self._queue.items

    def locate(self, offset_s: float) -> tuple[int, float]:
        """Item index and offset inside it for a playlist offset in seconds."""
        return locate(self._queue.starts, offset_s)

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
        return self._queue.silent and self._bed_voice is None

    def render(self, frames: int) -> tuple[np.ndarray, ChunkInfo]:
        """The next ``frames`` frames of the mix and what they hold."""
        queue = self._queue
        info = queue.info(frames)
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
                due = queue.frames_until_crossfade()
                if due is not None and due <= 0:
                    queue.begin_crossfade()
                    continue
                if due is not None:
                    step = min(step, due)
                block = out[pos : pos + step]
                queue.mix_items(block)
                self._bed_into(block)
                self._transport.apply(block)
                if self._fade_out_in is not None:
                    self._fade_out_in -= step
                pos += step
        if self._clips:
            queue.mix(self._clips, out)  # a clip read also ends a run of failures
            self._clips = [c for c in self._clips if not c.ended]
        self._volume.apply(out)
        info.notices = queue.take_notices()
        info.finished = self.finished
        return out, info

    # ----------------------------------------------------------- internals
    def _frames(self, seconds: float) -> int:
        return to_frames(seconds, self.rate)

    def _end_of_list(self) -> None:
        """The list ran out: the bed fades too, unless the list ends on the bed.

        Ending on the bed with none under the list, the fill bed fades in alone: the
        fit said the bed carries on, and silence would make that untrue.
        """
        if self._queue.end is not EndBehaviour.BED:
            if self._bed_voice is not None:
                self._bed_voice.ramp.to(0.0, self._frames(self.settings.end_fade_s))
                self._bed_voice.leaving = True
        elif self._bed_voice is None and self._fill is not None:
            source = ToneSource(BinauralGenerator(self._fill, self.rate))
            self._bed_voice = Voice(source, -1, Ramp(0.0))
            self._bed_voice.ramp.to(self._bed_level, self._frames(self.settings.fade_in_s))

    def _bed_into(self, out: np.ndarray) -> None:
        bed = self._bed_voice
        if bed is None:
            return
        pos = 0
        while pos < len(out):
            chunk = bed.source.read(len(out) - pos)
            assert isinstance(bed.source, ToneSource)
            chunk *= np.float32(self._queue.gain_of(bed.source.generator.segment))
            bed.ramp.apply(chunk)
            out[pos : pos + len(chunk)] += chunk
            pos += len(chunk)
            if len(chunk) == 0:  # loop the bed, phase-continuous
                assert isinstance(bed.source, ToneSource)
                generator = bed.source.generator
                bed.source = ToneSource(BinauralGenerator(generator.segment, self.rate,
                                                          phases=generator.phases))
        if bed.leaving and bed.ramp.settled:
            self._bed_voice = None

    def _open_bed(self, offset_s: float) -> Voice:
        assert self._bed is not None
        source = ToneSource(BinauralGenerator(self._bed, self.rate), round(offset_s * self.rate))
        return Voice(source, -1, Ramp(self._bed_level))

    def _close_all(self) -> None:
        self._queue.close_all()
        self._bed_voice = None
