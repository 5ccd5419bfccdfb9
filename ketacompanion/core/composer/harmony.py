"""Keys, diatonic chords, a calm chord-to-chord walk and voice-led left-hand voicings.

Grown from ``tools/piano_compose.py``: the same chords and open voicings, but the
progression is a weighted walk (mostly plagal and deceptive steps, few cadences
that push) instead of a fixed list, so an hour never loops.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SCALES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
}

# Degree (0 = I) -> weighted next degrees. No diminished chord; V is used sparingly.
_WALK = {
    0: ((3, 30), (5, 25), (1, 15), (4, 14), (2, 6), (0, 4)),
    1: ((4, 40), (3, 22), (5, 22), (0, 16)),
    2: ((5, 50), (3, 40), (1, 10)),
    3: ((0, 34), (4, 18), (1, 16), (5, 20), (2, 8), (3, 4)),
    4: ((0, 45), (5, 35), (3, 20)),
    5: ((3, 40), (1, 25), (4, 12), (2, 10), (0, 13)),
}
# The plateau keeps to the softest colours: no dominant, nothing that pulls.
_STILL = {0: (3, 5, 1), 1: (3, 5, 0), 2: (5, 3), 3: (0, 5, 1), 4: (0, 5), 5: (3, 1, 0)}


@dataclass(frozen=True)
class Key:
    """A tonic (MIDI pitch in the bass octave) and a seven-note scale."""

    tonic: int
    mode: str

    @property
    def scale(self) -> tuple[int, ...]:
        """Semitone steps of the scale above the tonic."""
        return SCALES[self.mode]

    def contains(self, pitch: int) -> bool:
        """Whether ``pitch`` belongs to the scale."""
        return (pitch - self.tonic) % 12 in self.scale

    def pitches(self, low: int, high: int) -> list[int]:
        """Scale pitches from ``low`` to ``high`` inclusive."""
        return [p for p in range(low, high + 1) if self.contains(p)]


@dataclass(frozen=True)
class Chord:
    """A diatonic chord: scale degree (0-6) and its colour."""

    degree: int
    sevenths: bool = False
    ninth: bool = False
    sus2: bool = False
    third_in_bass: bool = False

    def steps(self) -> list[int]:
        """Scale steps above the root that sound in this chord."""
        steps = [0, 1 if self.sus2 else 2, 4]
        if self.sevenths:
            steps.append(6)
        if self.ninth and not self.sus2:
            steps.append(1)
        return steps

    def classes(self, key: Key) -> set[int]:
        """Pitch classes of the chord in ``key``."""
        return {(key.tonic + key.scale[(self.degree + s) % 7]) % 12 for s in self.steps()}


def next_chord(rng: random.Random, previous: Chord | None, still: bool) -> Chord:
    """The next chord of the walk; ``still`` keeps to the plateau's soft colours."""
    degree = 0 if previous is None else previous.degree
    if still:
        degree = rng.choice(_STILL[degree])
    else:
        options, weights = zip(*_WALK[degree], strict=True)
        degree = rng.choices(options, weights)[0]
    return Chord(
        degree=degree,
        sevenths=degree in (1, 3, 5) and rng.random() < 0.35,
        ninth=degree in (0, 3) and rng.random() < 0.4,
        sus2=degree == 4 and rng.random() < 0.4,
        third_in_bass=degree == 0 and not still and rng.random() < 0.12,
    )


def voice_bass(key: Key, chord: Chord, previous: int, centre: int) -> int:
    """The bass nearest the last one, within about an octave around ``centre``."""
    step = 2 if chord.third_in_bass else 0
    pitch_class = (key.tonic + key.scale[(chord.degree + step) % 7]) % 12
    candidates = [p for p in range(centre - 6, centre + 7) if p % 12 == pitch_class]
    return min(candidates, key=lambda p: (abs(p - previous), p))


def left_hand_tones(key: Key, chord: Chord, bass: int) -> list[int]:
    """Bass plus three open upper tones (fifth, ninth or octave, tenth): warm, not muddy."""
    classes = chord.classes(key) - {bass % 12}
    chosen: list[int] = []
    for pitch in range(bass + 6, bass + 22):
        if pitch % 12 in classes and pitch % 12 not in {c % 12 for c in chosen}:
            chosen.append(pitch)
    if len(chosen) < 3:
        chosen.append(bass + 12)
    return [bass, *sorted(chosen[:3])]


def modulate(rng: random.Random, key: Key, home: Key) -> Key:
    """A neighbouring key a fifth away (a gentle move), kept in the bass octave."""
    tonic = key.tonic + rng.choice((5, 7))
    while tonic > home.tonic + 6:
        tonic -= 12
    return Key(tonic, key.mode)
