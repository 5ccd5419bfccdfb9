"""Compose calm, original solo-piano pieces as timed MIDI notes.

Each piece is a short form (intro, A, B, returns, interlude, coda) over its own
diatonic progressions. The left hand plays a per-piece accompaniment figure with
voice-led bass; the right hand sings a sparse, mostly stepwise melody whose strong
beats land on chord tones, remembered and varied when a section returns. Rubato,
phrase-end breaths, a final ritardando, humanised timing and soft velocities
make it sound played rather than sequenced. Only General MIDI program 0
(Acoustic Grand Piano) on channel 0 is ever used: no percussion.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

SCALES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
}
PHRASE_BARS = 4


@dataclass(frozen=True, order=True)
class Note:
    """One piano note in seconds; velocity 1-127."""

    start: float
    end: float
    pitch: int
    velocity: int


@dataclass(frozen=True)
class PieceSpec:
    """Everything that gives a piece its own character."""

    slug: str
    title: str
    tonic: int  # MIDI pitch of the tonic in the bass octave
    scale: str
    bpm: float
    beats_per_bar: int
    figure: str  # left-hand figure: "flow", "sway" or "rolled"
    progressions: dict[str, str]
    form: tuple[tuple[str, str, float], ...]  # (progression, role, intensity)
    melody_range: tuple[int, int]
    seed: int


@dataclass(frozen=True)
class Chord:
    """A diatonic chord: scale degree (0-6), added tones, optional bass on the third."""

    degree: int
    sevenths: bool = False
    ninth: bool = False
    sus2: bool = False
    third_in_bass: bool = False

    @classmethod
    def parse(cls, token: str) -> Chord:
        """Read tokens such as "1+9", "6+7", "5s" or "5/3" (degrees count from 1)."""
        return cls(
            degree=int(token[0]) - 1,
            sevenths="+7" in token,
            ninth="+9" in token,
            sus2=token[1:].startswith("s"),
            third_in_bass="/3" in token,
        )

    def steps(self) -> list[int]:
        """Scale steps above the root that sound in this chord."""
        steps = [0, 1 if self.sus2 else 2, 4]
        if self.sevenths:
            steps.append(6)
        if self.ninth and not self.sus2:
            steps.append(1)
        return steps


@dataclass
class _Score:
    """Notes in beats while composing; converted to seconds by the tempo map."""

    notes: list[tuple[float, float, int, int, float]] = field(default_factory=list)
    chord_starts: list[float] = field(default_factory=list)

    def add(self, beat: float, length: float, pitch: int, velocity: float, lead: float = 0.0):
        self.notes.append((beat, length, pitch, max(18, min(96, round(velocity))), lead))


def compose(spec: PieceSpec) -> tuple[list[Note], list[float], float]:
    """Compose a piece.

    Returns:
        Notes in seconds, the times at which the sustain pedal changes, and the end
        time (seconds) including the final chord's ring.
    """
    rng = random.Random(spec.seed)
    scale = SCALES[spec.scale]
    score = _Score()
    memory: dict[tuple[str, int], list[tuple[float, float, int]]] = {}
    bar = 0
    bass = spec.tonic
    for name, role, intensity in spec.form:
        chords = [Chord.parse(token) for token in spec.progressions[name].split()]
        if role in ("intro", "interlude"):
            chords = chords[:PHRASE_BARS]
        for index, chord in enumerate(chords):
            start = (bar + index) * spec.beats_per_bar
            score.chord_starts.append(start)
            bass = _voice_bass(spec, scale, chord, bass)
            tones = _left_hand_tones(spec, scale, chord, bass)
            level = intensity * (0.9 if role in ("intro", "interlude") else 1.0)
            variant = "-b" if name == "B" else ""
            _left_hand(score, spec, rng, tones, start, level, role, index, variant)
        if role in ("melody", "return", "sparse"):
            for phrase in range(len(chords) // PHRASE_BARS):
                bars = chords[phrase * PHRASE_BARS : (phrase + 1) * PHRASE_BARS]
                key = (name, phrase)
                if role == "melody" or key not in memory:
                    line = _melody(spec, rng, scale, bars, phrase)
                    memory.setdefault(key, line)
                else:
                    line = _vary(spec, rng, scale, memory[key], bars)
                if role == "sparse":
                    line = [note for i, note in enumerate(line) if i % 3 != 1]
                _place_melody(score, spec, rng, line, bar + phrase * PHRASE_BARS, intensity)
        bar += len(chords)
    final_beat = bar * spec.beats_per_bar
    _final_chord(score, spec, scale, rng, final_beat)
    seconds = _tempo_map(spec, rng, final_beat + 24, final_beat)
    notes = sorted(
        Note(
            start=max(0.0, seconds(beat) + lead + rng.gauss(0, 0.007)),
            end=seconds(beat + length) - 0.01,
            pitch=pitch,
            velocity=velocity,
        )
        for beat, length, pitch, velocity, lead in score.notes
    )
    pedals = [seconds(beat) for beat in score.chord_starts]
    return notes, pedals, seconds(final_beat + 24)


def _scale_pitches(spec: PieceSpec, scale: tuple[int, ...], low: int, high: int) -> list[int]:
    return [p for p in range(low, high + 1) if (p - spec.tonic) % 12 in scale]


def _chord_classes(spec: PieceSpec, scale: tuple[int, ...], chord: Chord) -> set[int]:
    return {(spec.tonic + scale[(chord.degree + s) % 7]) % 12 for s in chord.steps()}


def _voice_bass(spec: PieceSpec, scale: tuple[int, ...], chord: Chord, previous: int) -> int:
    step = 2 if chord.third_in_bass else 0
    pitch_class = (spec.tonic + scale[(chord.degree + step) % 7]) % 12
    # Nearest bass note to the last one inside about an octave and a half: smooth, never muddy.
    candidates = [p for p in range(spec.tonic - 5, spec.tonic + 12) if p % 12 == pitch_class]
    return min(candidates, key=lambda p: (abs(p - previous), p))


def _left_hand_tones(spec: PieceSpec, scale: tuple[int, ...], chord: Chord, bass: int) -> list[int]:
    """Bass plus three open upper tones (fifth, ninth or octave, tenth): warm, not muddy."""
    classes = _chord_classes(spec, scale, chord) - {bass % 12}
    chosen: list[int] = []
    for pitch in range(bass + 6, bass + 22):
        if pitch % 12 in classes and pitch % 12 not in {c % 12 for c in chosen}:
            chosen.append(pitch)
    if len(chosen) < 3:
        chosen.append(bass + 12)
    return [bass, *sorted(chosen[:3])]


FIGURES = {
    # (offset in beats, tone index, length in beats, relative velocity); "-b" plays in
    # B sections, "-calm" in intros, interludes and sparse returns.
    "flow": [
        (i * 0.5, idx, 4 - i * 0.5, 1.0 if i % 2 == 0 else 0.86)
        for i, idx in enumerate((0, 1, 2, 3, 2, 1, 3, 2))
    ],
    "flow-b": [
        (i * 0.5, idx, 4 - i * 0.5, 1.0 if i % 2 == 0 else 0.84)
        for i, idx in enumerate((0, 2, 1, 3, 1, 2, 3, 1))
    ],
    "flow-calm": [(0, 0, 4, 1.0), (1, 1, 3, 0.85), (2, 2, 2, 0.9), (3, 3, 1, 0.8)],
    "sway": [(0, 0, 3, 1.05), (1, 1, 2, 0.78), (1.04, 2, 1.96, 0.74), (1.08, 3, 1.92, 0.72)],
    "sway-b": [(0, 0, 3, 1.05), (1, 1, 1, 0.76), (1.04, 2, 1.96, 0.72), (2, 3, 1, 0.66)],
    "sway-calm": [(0, 0, 3, 1.0), (1, 2, 2, 0.72), (1.05, 3, 1.95, 0.7)],
    "rolled": [
        (0, 0, 4, 1.05),
        (0.08, 1, 3.92, 0.88),
        (0.16, 2, 3.84, 0.84),
        (0.24, 3, 3.76, 0.8),
        (2, 2, 2, 0.7),
        (2.5, 3, 1.5, 0.62),
    ],
    "rolled-b": [
        (0, 0, 4, 1.05),
        (0.1, 1, 3.9, 0.86),
        (0.2, 3, 3.8, 0.8),
        (1.5, 2, 2.5, 0.66),
        (3, 3, 1, 0.6),
    ],
    "rolled-calm": [(0, 0, 4, 1.0), (0.1, 1, 3.9, 0.84), (0.2, 2, 3.8, 0.8), (0.3, 3, 3.7, 0.76)],
}


def _left_hand(
    score: _Score,
    spec: PieceSpec,
    rng: random.Random,
    tones: list[int],
    start: float,
    level: float,
    role: str,
    index: int,
    variant: str,
) -> None:
    calm = role in ("intro", "interlude", "sparse") or (role == "return" and index % 4 == 3)
    figure = FIGURES[spec.figure + ("-calm" if calm else variant)]
    # The accompaniment breathes with the phrase: a little fuller in its middle.
    base = 44 * level * (0.94 + 0.08 * math.sin(math.pi * ((index % PHRASE_BARS) + 0.5) / 4))
    for offset, tone, length, weight in figure:
        if offset > 0 and rng.random() < 0.06:
            continue  # an occasional breath in the figure
        pitch = tones[min(tone, len(tones) - 1)]
        score.add(start + offset, length, pitch, base * weight + rng.uniform(-3, 3))


def _melody(
    spec: PieceSpec, rng: random.Random, scale: tuple[int, ...], bars: list[Chord], phrase: int
) -> list[tuple[float, float, int]]:
    """A phrase of (beat-in-phrase, length, pitch): arch contour, chord tones on strong beats."""
    low, high = spec.melody_range
    pitches = _scale_pitches(spec, scale, low, high)
    cells = _cells(spec.beats_per_bar)
    onsets: list[tuple[float, float]] = []
    for b in range(PHRASE_BARS):
        last = b == PHRASE_BARS - 1
        pool = cells["end"] if last or (b == 1 and rng.random() < 0.4) else cells["mid"]
        cell = rng.choice(pool)
        onsets += [(b * spec.beats_per_bar + o, d) for o, d in cell]
    current = rng.randrange(len(pitches) // 3, 2 * len(pitches) // 3)
    line: list[tuple[float, float, int]] = []
    for i, (beat, length) in enumerate(onsets):
        chord = bars[int(beat // spec.beats_per_bar)]
        classes = _chord_classes(spec, scale, chord)
        rising = i < len(onsets) * (0.55 if phrase % 2 == 0 else 0.4)
        direction = 1 if rising else -1
        if rng.random() < 0.25:
            direction = -direction
        strong = beat % spec.beats_per_bar == 0 or length >= 2 or i == len(onsets) - 1
        if strong:
            options = [
                j
                for j in range(max(0, current - 3), min(len(pitches), current + 4))
                if pitches[j] % 12 in classes
            ]
            if options:
                current = min(
                    options,
                    key=lambda j: (
                        abs(j - (current + direction))
                        + (0.5 if j == current else 0)
                        + rng.random() * 0.8
                    ),
                )
        else:
            current = max(0, min(len(pitches) - 1, current + direction))
        line.append((beat, length, pitches[current]))
    return line


def _vary(
    spec: PieceSpec,
    rng: random.Random,
    scale: tuple[int, ...],
    line: list[tuple[float, float, int]],
    bars: list[Chord],
) -> list[tuple[float, float, int]]:
    """The remembered phrase with a few notes moved to neighbouring tones that still fit."""
    low, high = spec.melody_range
    pitches = _scale_pitches(spec, scale, low, high)
    varied = []
    for beat, length, pitch in line:
        if rng.random() < 0.3 and pitch in pitches:
            classes = _chord_classes(spec, scale, bars[int(beat // spec.beats_per_bar)])
            j = pitches.index(pitch)
            near = [
                pitches[k]
                for k in (j - 2, j - 1, j + 1, j + 2)
                if 0 <= k < len(pitches) and (length < 1 or pitches[k] % 12 in classes)
            ]
            pitch = rng.choice(near) if near else pitch
        varied.append((beat, length, pitch))
    return varied


def _place_melody(
    score: _Score,
    spec: PieceSpec,
    rng: random.Random,
    line: list[tuple[float, float, int]],
    bar: int,
    intensity: float,
) -> None:
    span = PHRASE_BARS * spec.beats_per_bar
    for beat, length, pitch in line:
        arch = math.sin(math.pi * min(1.0, beat / span + 0.1))
        velocity = (48 + 9 * arch + (2 if length >= 2 else 0)) * intensity + rng.uniform(-3, 3)
        # The melody sounds a touch before the accompaniment, as pianists voice it.
        score.add(bar * spec.beats_per_bar + beat, length + 0.1, pitch, velocity, lead=-0.012)


def _final_chord(
    score: _Score, spec: PieceSpec, scale: tuple[int, ...], rng: random.Random, beat: float
) -> None:
    score.chord_starts.append(beat)
    tonic = Chord(0, ninth=True)
    tones = _left_hand_tones(spec, scale, tonic, spec.tonic)
    top = [p for p in _scale_pitches(spec, scale, *spec.melody_range) if p % 12 == spec.tonic % 12]
    # A very low root rumbles on this soundfont; the tonic octave is low enough.
    for i, pitch in enumerate([*tones, top[0]]):
        # As soft as the coda before it: the ending must not swell.
        score.add(beat + i * 0.11, 20, pitch, 27 - i + rng.uniform(-2, 2))


def _cells(beats: int) -> dict[str, list[list[tuple[float, float]]]]:
    if beats == 3:
        return {
            "mid": [[(0, 3)], [(0, 2), (2, 1)], [(0, 1), (1, 2)], [(1, 2)], [(0, 1.5), (1.5, 1.5)]],
            "end": [[(0, 3)], [(0, 2)]],
        }
    return {
        "mid": [
            [(0, 2), (2, 2)],
            [(0, 3), (3, 1)],
            [(0, 1), (1, 1), (2, 2)],
            [(0, 4)],
            [(0, 1.5), (1.5, 0.5), (2, 2)],
            [(1, 1), (2, 2)],
            [(0, 2), (2, 1), (3, 1)],
        ],
        "end": [[(0, 4)], [(0, 3)], [(0, 2)]],
    }


def _tempo_map(spec: PieceSpec, rng: random.Random, total: float, final: float):
    """Beats to seconds with gentle rubato, breaths at phrase ends and a closing ritardando."""
    step = 1 / 48
    phase = (rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi))
    phrase = PHRASE_BARS * spec.beats_per_bar
    times = [0.0]
    beat = 0.0
    while beat < total:
        x = (beat % phrase) / phrase
        factor = 1 + 0.03 * math.sin(math.pi * x) - 0.12 * _smooth((x - 0.82) / 0.18)
        factor *= 1 + 0.02 * math.sin(2 * math.pi * beat / 37 + phase[0])
        factor *= 1 + 0.015 * math.sin(2 * math.pi * beat / 61 + phase[1])
        factor *= 1 - 0.45 * _smooth(
            (beat - (final - 3 * spec.beats_per_bar)) / (3 * spec.beats_per_bar)
        )
        times.append(times[-1] + step * 60 / (spec.bpm * factor))
        beat += step

    def seconds(at: float) -> float:
        position = max(0.0, at / step)
        index = min(int(position), len(times) - 2)
        return times[index] + (position - index) * (times[index + 1] - times[index])

    return seconds


def _smooth(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)
