"""What each phase of the arc asks of the piano, and the smooth way from one to the next.

Settle is warm and unhurried; deepen slows and lowers; the plateau is sparse, low and
mid register, long chords, few and stepwise melody notes; the return is warmer, a
little faster, with more melodic shape; the close slows into the gentle end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace

from ketacompanion.core.arcs import Phase, PhaseSpan, phase_at


@dataclass(frozen=True)
class Style:
    """The piano's manner at one moment of the session."""

    bpm: float
    velocity: float  # the accompaniment's base velocity (melody sits a little above)
    melody: float  # chance that a bar carries melody notes
    melody_low: int  # melody register, MIDI pitches
    melody_high: int
    bass_centre: int  # where the bass line lives
    chord_bars: float  # bars per chord: the pace of the harmony
    leap: float  # largest melodic step, in scale steps
    figures: tuple[str, ...] = ()  # left-hand figures this phase draws from


STYLES: dict[Phase, Style] = {
    Phase.SETTLE: Style(58, 40, 0.6, 62, 76, 45, 2, 2, ("rolled-calm", "sway", "flow-calm")),
    Phase.DEEPEN: Style(53, 38, 0.5, 58, 72, 43, 2, 2, ("sway", "rolled-calm", "pad")),
    Phase.PLATEAU: Style(46, 33, 0.3, 55, 67, 41, 4, 1, ("pad", "rolled-calm")),
    Phase.RETURN: Style(60, 44, 0.85, 62, 79, 45, 1, 3, ("flow", "rolled", "sway")),
    Phase.CLOSE: Style(50, 35, 0.45, 60, 72, 43, 2, 2, ("rolled-calm", "pad")),
}
_NUMERIC = [f.name for f in fields(Style) if f.name != "figures"]


def style_at(spans: list[PhaseSpan], t_s: float, rng: random.Random) -> tuple[Phase, Style]:
    """The phase at ``t_s`` and its style, eased in from the previous phase's.

    The first stretch of a phase (a third of it, at most 150 s) blends the two
    styles with a smoothstep, so tempo, loudness and register glide rather than
    step; the left-hand figure is drawn from either, more often the new one.
    """
    span = phase_at(spans, t_s)
    index = spans.index(span)
    style = STYLES[span.phase]
    if index == 0:
        return span.phase, style
    ease = min(150.0, (span.end_s - span.start_s) / 3)
    w = _smooth((t_s - span.start_s) / ease) if ease > 0 else 1.0
    if w >= 1.0:
        return span.phase, style
    before = STYLES[spans[index - 1].phase]
    mixed = {n: getattr(before, n) + w * (getattr(style, n) - getattr(before, n)) for n in _NUMERIC}
    figures = style.figures if rng.random() < w else before.figures
    return span.phase, replace(style, **mixed, figures=figures)


def _smooth(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)
