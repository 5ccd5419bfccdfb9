"""The beat's path over an infusion's arc: awake, down into theta, steady, and back.

A binaural segment with an ``arc`` follows :func:`ketacompanion.core.arcs.phase_spans`
(the one place the phases are laid out): it glides from its awake beat to a third
of the way down over the settle (alpha 10 Hz to theta 6 Hz for the "follows the
arc" preset), on to its deep beat over the deepen, holds it over the plateau,
glides back up over the return and stays awake through the close. Each glide is
linear in frequency, so the synthesiser's phase stays continuous at every join.
"""

from __future__ import annotations

from ketacompanion.core.arcs import Phase, phase_spans
from ketacompanion.core.models import BinauralSegment


def beat_breakpoints(segment: BinauralSegment) -> list[tuple[float, float]]:
    """(seconds, beat Hz) points the beat moves between in straight lines.

    A segment without an arc glides once, from its start to its end.
    """
    awake, deep = segment.beat_hz, segment.end_beat_hz
    if segment.arc is None:
        return [(0.0, awake), (segment.duration_s, deep)]
    settled = deep + (awake - deep) / 3.0
    ends = {span.phase: span.end_s for span in phase_spans(segment.arc, segment.duration_s)}
    return [
        (0.0, awake),
        (ends[Phase.SETTLE], settled),
        (ends[Phase.DEEPEN], deep),
        (ends[Phase.PLATEAU], deep),
        (ends[Phase.RETURN], awake),
        (segment.duration_s, awake),
    ]


def beat_at(segment: BinauralSegment, t_s: float) -> float:
    """The beat in Hz at ``t_s`` seconds into the segment."""
    points = beat_breakpoints(segment)
    for (t0, b0), (t1, b1) in zip(points, points[1:], strict=False):
        if t_s <= t1:
            return b0 if t1 <= t0 else b0 + (b1 - b0) * max(0.0, t_s - t0) / (t1 - t0)
    return points[-1][1]
