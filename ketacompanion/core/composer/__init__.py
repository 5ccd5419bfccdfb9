"""A fresh solo-piano score for one session, composed to the infusion's arc.

``compose(length_s, arc, seed)`` returns timed notes: the same seed, arc, length and
:data:`COMPOSER_VERSION` always give the same notes; another seed gives other music.
The piece is calm, slow and sustained, piano only (no percussion): a voice-led
left hand under a sparse sung melody, its tempo, density, register, loudness and
harmonic pace following the phase (:mod:`ketacompanion.core.composer.style`).

No four bars ever repeat verbatim within a session: each bar's pitches and onsets
(on an eighth-of-a-bar grid) are checked against every earlier four-bar window, and
a bar that would repeat one is written again.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ketacompanion.core.arcs import Arc, Phase, get_arc, phase_spans
from ketacompanion.core.composer.harmony import (
    Chord,
    Key,
    left_hand_tones,
    modulate,
    next_chord,
    voice_bass,
)
from ketacompanion.core.composer.phrases import BeatNote, MelodyState, left_hand, melody_bar
from ketacompanion.core.composer.style import Style, style_at
from ketacompanion.core.fresh_piano import COMPOSER_VERSION

__all__ = ["COMPOSER_VERSION", "Note", "Score", "bar_grid_key", "compose"]

MIN_MINUTES, MAX_MINUTES = 40, 60
WINDOW_BARS = 4
FINAL_RING_S = 16.0  # the last chord rings this long before the session's end
_TONICS = (36, 37, 38, 39, 41, 43, 44, 45)  # C to A in the bass octave, warm keys
_MODES = ("major", "major", "lydian", "dorian")


@dataclass(frozen=True, order=True)
class Note:
    """One piano note: start and end in seconds, MIDI pitch, velocity 1-127."""

    start: float
    end: float
    pitch: int
    velocity: int


@dataclass(frozen=True)
class Score:
    """A composed session: its notes, where each bar starts, and what made it."""

    notes: list[Note]
    bar_starts: list[float]
    length_s: float
    seed: int
    arc: str
    version: int = COMPOSER_VERSION


def bar_grid_key(notes: list[Note], start: float, end: float) -> tuple[tuple[int, int], ...]:
    """A bar's notes as (eighth of the bar, pitch): the measure of a verbatim repeat."""
    span = end - start
    inside = (n for n in notes if start <= n.start < end)
    return tuple(sorted((round((n.start - start) / span * 8), n.pitch) for n in inside))


def compose(length_s: float, arc: Arc | str = "classic", seed: int = 0) -> Score:
    """Compose ``length_s`` seconds (40-60 minutes are the sessions) of fresh piano."""
    arc = get_arc(arc) if isinstance(arc, str) else arc
    return _Composer(float(length_s), arc, int(seed)).run()


class _Composer:
    def __init__(self, length_s: float, arc: Arc, seed: int) -> None:
        self.length_s, self.arc, self.seed = length_s, arc, seed
        self.rng = random.Random(seed)
        self.spans = phase_spans(arc, length_s)
        self.beats = self.rng.choice((3, 4, 4))
        self.home = Key(self.rng.choice(_TONICS), self.rng.choice(_MODES))
        self.key = self.home
        self.notes: list[Note] = []
        self.bar_starts: list[float] = []
        self.bar_keys: list[tuple] = []
        self.windows: set[tuple] = set()
        self.melody = MelodyState()
        self.drift = (self.rng.uniform(0, 2 * math.pi), self.rng.uniform(0, 2 * math.pi))

    def run(self) -> Score:
        t, bar = 0.1, 0  # sound from the first moment (the mix fades it in)
        chord: Chord | None = None
        chord_left, chord_bars, kind = 0, 1, ""
        bass = self.home.tonic + 7
        phase_before: Phase | None = None
        music_end = self.length_s - FINAL_RING_S
        while True:
            phase, style = style_at(self.spans, t, self.rng)
            if phase is not phase_before:
                self._enter(phase, phase_before)
                phase_before, chord_left = phase, 0
            beat_s = 60.0 / (style.bpm * self._rubato(bar, t))
            if t + self.beats * beat_s * 1.25 > music_end:
                break
            if chord_left <= 0:
                chord = next_chord(self.rng, chord, still=phase is Phase.PLATEAU)
                bass = voice_bass(self.key, chord, bass, round(style.bass_centre))
                chord_left = chord_bars = max(1, round(style.chord_bars))
                kind = self.rng.choice(style.figures)
            assert chord is not None
            tones = left_hand_tones(self.key, chord, bass)
            held = (chord_bars - chord_left, chord_left)
            self._bar(t, beat_s, bar, chord, tones, style, phase, kind, held)
            chord_left -= 1
            t += self.beats * beat_s
            bar += 1
        self._final_chord(t)
        self.notes.sort()
        return Score(self.notes, self.bar_starts, self.length_s, self.seed, self.arc.name)

    def _enter(self, phase: Phase, before: Phase | None) -> None:
        """Keys move gently at phase changes and come home for the return and close."""
        if phase in (Phase.RETURN, Phase.CLOSE) or before is None:
            self.key = self.home
        elif self.rng.random() < 0.6:
            self.key = modulate(self.rng, self.key, self.home)

    def _rubato(self, bar: int, t: float) -> float:
        """Tempo factor: a breath at each phrase's end, slow drifts, a closing ritardando."""
        factor = (1.0, 1.01, 1.0, 0.93)[bar % WINDOW_BARS]
        factor *= 1 + 0.025 * math.sin(2 * math.pi * t / 173 + self.drift[0])
        factor *= 1 + 0.015 * math.sin(2 * math.pi * t / 311 + self.drift[1])
        close = self.spans[-1]
        into_close = (t - close.start_s) / max(1.0, self.length_s - FINAL_RING_S - close.start_s)
        return factor * (1 - 0.25 * max(0.0, min(1.0, into_close)) ** 2)

    def _bar(self, t: float, beat_s: float, bar: int, chord: Chord, tones: list[int],
             style: Style, phase: Phase, kind: str, held: tuple[int, int]) -> None:
        """One bar: the chord's figure (one per chord) and, often, melody above it."""
        in_phrase = bar % WINDOW_BARS
        still = phase is Phase.PLATEAU
        saved = self.melody.index
        for attempt in range(12):
            self.melody.index = saved
            beat_notes = left_hand(
                self.rng, kind, self.beats, tones, style.velocity, in_phrase, *held
            )
            sings = self.rng.random() < (style.melody if attempt == 0 else 1.0)
            if sings:
                register = (round(style.melody_low), round(style.melody_high))
                beat_notes += melody_bar(
                    self.rng, self.melody, self.key, chord, self.beats, in_phrase, register,
                    max(1, round(style.leap)), style.velocity, still,
                )
            notes = [self._to_seconds(n, t, beat_s) for n in beat_notes]
            end = t + self.beats * beat_s
            key = bar_grid_key(notes, t, end)
            window = tuple(self.bar_keys[-(WINDOW_BARS - 1):]) + (key,)
            if len(window) < WINDOW_BARS or window not in self.windows:
                break
        self.windows.add(window)
        self.bar_keys.append(key)
        self.bar_starts.append(t)
        self.notes += notes

    def _to_seconds(self, n: BeatNote, t: float, beat_s: float) -> Note:
        start = max(0.0, t + n.onset * beat_s + n.lead + self.rng.gauss(0, 0.007))
        # Nothing held runs far into the final chord's ring.
        end = min(t + (n.onset + n.length) * beat_s - 0.01, self.length_s - FINAL_RING_S + 2)
        velocity = max(14, min(90, round(n.velocity)))
        return Note(start, max(start + 0.05, end), n.pitch, velocity)

    def _final_chord(self, t: float) -> None:
        """The home chord, rolled and soft, ringing into the session's gentle end."""
        tones = left_hand_tones(self.home, Chord(0, ninth=True), self.home.tonic + 12)
        top = [p for p in self.home.pitches(60, 72) if (p - self.home.tonic) % 12 == 0]
        end = self.length_s - 3.0
        self.bar_starts.append(t)
        for i, pitch in enumerate([*tones, top[0]]):
            start = t + i * 0.14
            self.notes.append(Note(start, end, pitch, round(30 - i + self.rng.uniform(-2, 2))))
