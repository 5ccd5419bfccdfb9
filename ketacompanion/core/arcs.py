"""The infusion's arc: settle, deepen, plateau, return, close, scaled to the session length.

Mindbloom describes the ketamine arc as an onset around minute 7, a build-up from
minute 10 to 20, then a plateau and a long return. An :class:`Arc` keeps that shape
as fractions of the session, so a 40-minute and a 60-minute session have the same
proportions. The fresh piano's tempo, density, register, dynamics and harmonic pace
follow the phase (:mod:`ketacompanion.core.composer`); :func:`phase_spans` is the one
place that says where each phase lies, for the composer, Prepare's timeline and the
Session page alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    """One stretch of the arc, in the order they come."""

    SETTLE = "settle"
    DEEPEN = "deepen"
    PLATEAU = "plateau"
    RETURN = "return"
    CLOSE = "close"


PHASE_LABELS = {
    Phase.SETTLE: "Settle",
    Phase.DEEPEN: "Deepen",
    Phase.PLATEAU: "Plateau",
    Phase.RETURN: "Return",
    Phase.CLOSE: "Close",
}


@dataclass(frozen=True)
class Arc:
    """A named arc shape: the share of the session each phase takes (sums to 1)."""

    name: str
    label: str
    shares: tuple[float, float, float, float, float]  # settle, deepen, plateau, return, close


ARCS: dict[str, Arc] = {
    arc.name: arc
    for arc in (
        # 45 minutes: settle to 7:12, deepen to 18:00, plateau to 31:30, return to 41:24.
        Arc("classic", "Classic", (0.16, 0.24, 0.30, 0.22, 0.08)),
        # A slower way in and out, a shorter plateau.
        Arc("gentle", "Gentle", (0.22, 0.24, 0.22, 0.22, 0.10)),
        # Most of the time in the still middle.
        Arc("long-plateau", "Long plateau", (0.12, 0.16, 0.46, 0.18, 0.08)),
    )
}
DEFAULT_ARC = "classic"


@dataclass(frozen=True)
class PhaseSpan:
    """Where one phase lies in a session, in seconds from its start."""

    phase: Phase
    start_s: float
    end_s: float

    @property
    def label(self) -> str:
        """The phase's name for a person."""
        return PHASE_LABELS[self.phase]


def get_arc(name: str) -> Arc:
    """The arc called ``name``.

    Raises:
        ValueError: No arc has that name (the message lists those that do).
    """
    try:
        return ARCS[name]
    except KeyError:
        raise ValueError(f"unknown arc {name!r} (choose from {', '.join(ARCS)})") from None


def phase_spans(arc: Arc | str, length_s: float) -> list[PhaseSpan]:
    """The five phases of ``arc`` laid over a session of ``length_s`` seconds."""
    arc = get_arc(arc) if isinstance(arc, str) else arc
    spans: list[PhaseSpan] = []
    start = 0.0
    total = sum(arc.shares)
    for phase, share in zip(Phase, arc.shares, strict=True):
        end = start + length_s * share / total
        spans.append(PhaseSpan(phase, start, end))
        start = end
    # Rounding never leaves a sliver after the close.
    spans[-1] = PhaseSpan(Phase.CLOSE, spans[-1].start_s, float(length_s))
    return spans


def phase_at(spans: list[PhaseSpan], t_s: float) -> PhaseSpan:
    """The span that holds the moment ``t_s`` (the last one past the end)."""
    for span in spans:
        if t_s < span.end_s:
            return span
    return spans[-1]
