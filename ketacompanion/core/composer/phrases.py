"""Left-hand figures and a sung melody, one bar at a time, in beats.

A bar's material is a list of :class:`BeatNote` (onset and length in beats from the
bar's start). The composer turns beats into seconds with the bar's tempo.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ketacompanion.core.composer.harmony import Chord, Key


@dataclass(frozen=True)
class BeatNote:
    """One note of a bar: onset and length in beats, pitch, velocity, a small lead in s."""

    onset: float
    length: float
    pitch: int
    velocity: float
    lead: float = 0.0


def figure(kind: str, beats: int) -> list[tuple[float, int, float, float]]:
    """A left-hand figure: (onset beat, tone index, length in beats, relative velocity)."""
    if kind == "pad":  # the chord, barely rolled, held through the bar
        return [(0.0, 0, beats + 0.3, 1.0), (0.12, 2, beats + 0.2, 0.8), (0.24, 3, beats, 0.74)]
    if kind == "rolled-calm":
        return [(i * 0.1, i, beats + 0.3 - i * 0.1, 1.0 - 0.06 * i) for i in range(4)]
    if kind == "rolled":
        half = beats // 2 + (beats % 2)
        return [
            *[(i * 0.08, i, beats - i * 0.08, 1.05 - 0.07 * i) for i in range(4)],
            (half, 2, beats - half, 0.7),
            (half + 0.5, 3, beats - half - 0.5, 0.62),
        ]
    if kind == "sway":
        notes = [(0.0, 0, float(beats), 1.05)]
        for b in range(1, beats, 2 if beats == 4 else 1):
            notes += [(b, 1, beats - b, 0.76), (b + 0.04, 2, beats - b, 0.72)]
            notes.append((b + 0.08, 3, beats - b, 0.7))
        return notes
    if kind == "flow-calm":
        return [(b, (0, 1, 2, 3)[b % 4], beats - b + 0.2, 1.0 - 0.05 * b) for b in range(beats)]
    if kind == "flow":
        order = (0, 1, 2, 3, 2, 1, 3, 2)
        return [
            (i * 0.5, order[i % 8], beats - i * 0.5 + 0.2, 1.0 if i % 2 == 0 else 0.86)
            for i in range(beats * 2)
        ]
    raise ValueError(f"unknown figure {kind!r}")


HELD = ("pad", "rolled-calm")  # figures that hold a chord over all its bars


def left_hand(
    rng: random.Random,
    kind: str,
    beats: int,
    tones: list[int],
    velocity: float,
    bar_in_phrase: int,
    bar_in_chord: int = 0,
    bars_left: int = 1,
) -> list[BeatNote]:
    """The accompaniment for one bar, breathing with the phrase (fuller in its middle).

    A held figure strikes its chord and lets it ring through the chord's
    ``bars_left`` bars; piano tones fade within seconds, so each later bar
    touches the chord again, softly and each time a little differently.
    """
    base = velocity * (0.94 + 0.08 * math.sin(math.pi * (bar_in_phrase + 0.5) / 4))
    held = kind in HELD
    if held and bar_in_chord > 0:
        touches = {
            "touch": [(0.0, 0, 0.8), (1.0, 2, 0.7)],
            "roll": [(0.5, 1, 0.72), (0.62, 2, 0.7), (0.74, 3, 0.66)],
            "rise": [(float(b), b, 0.78 - 0.04 * b) for b in range(min(beats, 3))],
            "low": [(0.0, 0, 0.82), (0.1, 1, 0.7)],
        }
        notes = []
        for onset, tone, weight in touches[rng.choice(sorted(touches))]:
            length = bars_left * beats - onset
            velocity_now = base * weight + rng.uniform(-2, 2)
            notes.append(BeatNote(onset, length, tones[tone], velocity_now))
        return notes
    extra = (bars_left - 1) * beats if held else 0.0
    notes = []
    for onset, tone, length, weight in figure(kind, beats):
        if onset > 0 and rng.random() < 0.06:
            continue  # an occasional breath in the figure
        pitch = tones[min(tone, len(tones) - 1)]
        notes.append(BeatNote(onset, length + extra, pitch, base * weight + rng.uniform(-3, 3)))
    return notes


# Rhythm cells (onset, length) per bar; "end" cells close a phrase on a long note.
# Rhythm cells by beats per bar and place in the phrase: (onset, length) in beats.
_CELLS: dict[int, dict[str, list[list[tuple[float, float]]]]] = {
    4: {
        "mid": [
            [(0, 2), (2, 2)],
            [(0, 3), (3, 1)],
            [(0, 1), (1, 1), (2, 2)],
            [(0, 4)],
            [(0, 1.5), (1.5, 0.5), (2, 2)],
            [(1, 1), (2, 2)],
            [(0, 2), (2, 1), (3, 1)],
        ],
        "still": [[(0, 4)], [(0, 2), (2, 2)], [(1, 3)], [(2, 2)]],
        "end": [[(0, 4)], [(0, 3)], [(0, 2)]],
    },
    3: {
        "mid": [[(0, 3)], [(0, 2), (2, 1)], [(0, 1), (1, 2)], [(1, 2)], [(0, 1.5), (1.5, 1.5)]],
        "still": [[(0, 3)], [(1, 2)], [(0, 2)]],
        "end": [[(0, 3)], [(0, 2)]],
    },
}


@dataclass
class MelodyState:
    """Where the melody is: index into its scale pitches, carried from bar to bar."""

    index: int | None = None


def melody_bar(
    rng: random.Random,
    state: MelodyState,
    key: Key,
    chord: Chord,
    beats: int,
    bar_in_phrase: int,
    register: tuple[int, int],
    leap: int,
    velocity: float,
    still: bool,
) -> list[BeatNote]:
    """One bar of melody: an arch over the phrase, chord tones on strong beats.

    ``leap`` bounds each step in scale steps (1 on the plateau: nothing but steps).
    """
    pitches = key.pitches(*register)
    if state.index is None:
        state.index = len(pitches) // 2
    current = max(0, min(len(pitches) - 1, state.index))
    last = bar_in_phrase == 3
    pool = _CELLS[beats]["end" if last else "still" if still else "mid"]
    cell = rng.choice(pool)
    classes = chord.classes(key)
    notes = []
    for i, (onset, length) in enumerate(cell):
        rising = bar_in_phrase < 2 or (bar_in_phrase == 2 and i == 0)
        direction = 1 if rising else -1
        if rng.random() < 0.25:
            direction = -direction
        strong = onset == 0 or length >= 2
        if strong:
            options = [
                j
                for j in range(max(0, current - leap - 1), min(len(pitches), current + leap + 2))
                if pitches[j] % 12 in classes and abs(j - current) <= max(leap, 2)
            ]
            if options:
                current = min(
                    options,
                    key=lambda j: abs(j - (current + direction))
                    + (0.5 if j == current else 0)
                    + rng.random() * 0.8,
                )
        else:
            current = max(0, min(len(pitches) - 1, current + direction * rng.randint(1, leap)))
        x = (bar_in_phrase * beats + onset) / (4 * beats)
        arch = math.sin(math.pi * min(1.0, x + 0.1))
        vel = velocity + 8 + 8 * arch + (2 if length >= 2 else 0) + rng.uniform(-3, 3)
        # The melody sounds a touch before the accompaniment, as pianists voice it.
        notes.append(BeatNote(onset, length + 0.1, pitches[current], vel, lead=-0.012))
    # Drift back toward the middle of the register so a long session never pins an edge.
    middle = len(pitches) // 2
    state.index = current + (1 if current < middle - 3 else -1 if current > middle + 3 else 0)
    return notes
