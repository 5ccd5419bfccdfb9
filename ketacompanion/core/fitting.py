"""How a playlist fits a session: the planned timeline and what happens at the end.

Pure maths shared by the Prepare page (to show the fit) and the Session page (to
check it): :func:`fit` places the items on the one timeline the player follows
(:mod:`ketacompanion.core.timeline`, crossfades overlapping neighbours), then
either fills the time left after an early end (repeat, the binaural bed, or
silence) or cuts the items that would still be playing when the session ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import takewhile

from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    Playlist,
    PlaylistItem,
)
from ketacompanion.core.presets import default_bed
from ketacompanion.core.timeline import (
    DEFAULT_CROSSFADE_S,
    content_end,
    item_duration,
    lay_out,
    slots,
)

# Within this much either way, a playlist "fits": the session's own fade-out
# (30 s by default) covers a small overrun and a short quiet end is no gap.
FIT_TOLERANCE_S = 60.0
# An early end the ending fills (the playlist again from the top, or the bed going
# on) leaves no silence, so up to this much of it still fits: whole pieces of a few
# minutes each, every one played in turn, cannot always land within a minute.
FILLED_END_TOLERANCE_S = 300.0
_MAX_REPEAT_ENTRIES = 10_000  # a playlist of tiny files must not plan forever


class FitOutcome(StrEnum):
    """The one-word answer: does the playlist fill the session?"""

    EMPTY = "empty"
    FITS = "fits"
    ENDS_EARLY = "ends_early"
    RUNS_OVER = "runs_over"


@dataclass(frozen=True)
class PlannedItem:
    """One item placed on the session timeline.

    Attributes:
        index: Position of the item in the playlist (-1 for the bed filling the end).
        item: The item itself.
        start_s: Offset from the session start.
        end_s: Offset where it stops (cut short when ``cut``).
        cut: The session ends before the item does; it fades out with the session.
        repeat: 0 for the first pass, 1 for the first repetition, ...
    """

    index: int
    item: PlaylistItem
    start_s: float
    end_s: float
    cut: bool = False
    repeat: int = 0


@dataclass(frozen=True)
class FitReport:
    """What will happen when ``playlist`` plays for ``session_s`` seconds."""

    session_s: float
    content_s: float
    outcome: FitOutcome
    fill: EndBehaviour | None = None
    unknown_count: int = 0
    crossfade_s: float = DEFAULT_CROSSFADE_S  # the overlap the timeline was laid out with
    # What the timeline is placed from: the items as fitted, and the playlist's own bed.
    items: tuple[PlaylistItem, ...] = field(default=(), repr=False, compare=False)
    bed: BinauralSegment | None = field(default=None, repr=False, compare=False)

    @cached_property
    def timeline(self) -> list[PlannedItem]:
        """Each item placed on the session's timeline, then what fills the end.

        Placed when first asked for: the Prepare page shows the fit of a long playlist
        at each edit but never reads its 10,000 places.
        """
        if self.outcome == FitOutcome.EMPTY:
            return []
        session_s = self.session_s
        if self.fill == EndBehaviour.REPEAT:
            placed = slots(self.items, self.crossfade_s, repeat=True, until_s=session_s,
                           limit=_MAX_REPEAT_ENTRIES)
        else:  # one pass: the list's own layout, as far as the session reaches
            placed = takewhile(lambda slot: slot.start_s < session_s,
                               lay_out(self.items, self.crossfade_s).slots[:_MAX_REPEAT_ENTRIES])
        timeline = [
            PlannedItem(slot.index, self.items[slot.index], slot.start_s,
                        min(slot.end_s, session_s), slot.end_s > session_s, slot.repeat)
            for slot in placed
        ]
        if self.fill == EndBehaviour.BED:
            minutes = (session_s - self.content_s) / 60.0
            timeline.append(PlannedItem(-1, _stretched_bed(self.bed, minutes), self.content_s,
                                        session_s))
        return timeline

    @property
    def gap_s(self) -> float:
        """Seconds between the playlist's end and the session's end (0 if none)."""
        return max(0.0, self.session_s - self.content_s)

    @property
    def over_s(self) -> float:
        """Seconds of playlist that will not be heard (0 if none)."""
        return max(0.0, self.content_s - self.session_s)


def total_duration(items: list[PlaylistItem],
                   crossfade_s: float = DEFAULT_CROSSFADE_S) -> float:
    """How long ``items`` sound played once, crossfades overlapping (unknown lengths: 0 s)."""
    return content_end(items, crossfade_s)


def fit(
    playlist: Playlist, session_minutes: float | None = None, tolerance_s: float = FIT_TOLERANCE_S,
    *, crossfade_s: float = DEFAULT_CROSSFADE_S,
) -> FitReport:
    """Plan ``playlist`` against a session of ``session_minutes`` (default: its own target).

    ``crossfade_s`` is the person's setting (0: gapless), as the player will use it.
    Items of unknown length count as 0 s and are reported in ``unknown_count``.
    """
    session_s = float(session_minutes or playlist.target_minutes) * 60.0
    content_s = total_duration(playlist.items, crossfade_s)
    unknown = sum(1 for item in playlist.items if item_duration(item) is None)
    if content_s <= 0:
        return FitReport(session_s, 0.0, FitOutcome.EMPTY, unknown_count=unknown,
                         crossfade_s=crossfade_s)
    outcome = fit_outcome(content_s, session_s, playlist.end_behaviour, tolerance_s)
    fill = playlist.end_behaviour if content_s < session_s else None
    return FitReport(session_s, content_s, outcome, fill, unknown, crossfade_s,
                     tuple(playlist.items), playlist.bed)


def fit_outcome(
    content_s: float, session_s: float, ending: EndBehaviour,
    tolerance_s: float = FIT_TOLERANCE_S,
) -> FitOutcome:
    """Whether ``content_s`` of playing fits a session of ``session_s`` with ``ending``.

    ``content_s`` is how long the music sounds on the one timeline, crossfades
    overlapping (:func:`total_duration`, or :attr:`FitReport.content_s`).

    Within ``tolerance_s`` either way it fits; an early end that ``ending`` fills
    (repeat or bed, not silence) fits up to :data:`FILLED_END_TOLERANCE_S`.
    """
    if content_s <= 0:
        return FitOutcome.EMPTY
    difference = content_s - session_s
    if difference > tolerance_s:
        return FitOutcome.RUNS_OVER
    filled = ending != EndBehaviour.SILENCE
    if difference < -(max(tolerance_s, FILLED_END_TOLERANCE_S) if filled else tolerance_s):
        return FitOutcome.ENDS_EARLY
    return FitOutcome.FITS


def bed_for(playlist: Playlist, minutes: float) -> BinauralSegment:
    """The playlist's bed stretched to ``minutes``, or the default bed when it has none."""
    return _stretched_bed(playlist.bed, minutes)


def _stretched_bed(bed: BinauralSegment | None, minutes: float) -> BinauralSegment:
    if bed is None:
        return default_bed(minutes)
    return BinauralSegment(
        carrier_hz=bed.carrier_hz,
        beat_hz=bed.beat_hz,
        duration_s=minutes * 60.0,
        to_carrier_hz=bed.to_carrier_hz,
        to_beat_hz=bed.to_beat_hz,
        noise=bed.noise,
        noise_level=bed.noise_level,
        label=bed.label,
    )


_AFTER = {
    EndBehaviour.REPEAT: "then it plays again from the top",
    EndBehaviour.BED: "then the binaural bed carries on alone",
    EndBehaviour.SILENCE: "then it is quiet until the end",
}
# What fills the end of a playlist that fits, in few words: the Prepare page gives it one line.
_LAST = {
    EndBehaviour.REPEAT: "It plays again",
    EndBehaviour.BED: "The bed carries on alone",
    EndBehaviour.SILENCE: "It is quiet",
}


def describe(report: FitReport) -> str:
    """One or two plain sentences saying what will happen, for the page and the CLI."""
    session = format_duration(report.session_s)
    if report.outcome == FitOutcome.EMPTY:
        text = f"Nothing to play yet. Add music or beats to fill {session}."
    elif report.outcome == FitOutcome.RUNS_OVER:
        text = (
            f"Runs {format_duration(report.over_s)} over {session}. "
            "The end fades out gently with the session."
        )
    elif report.outcome == FitOutcome.ENDS_EARLY:
        assert report.fill is not None
        text = f"Ends {format_duration(report.gap_s)} before {session}; {_AFTER[report.fill]}."
    else:
        text = f"Fits {session}."
        if report.over_s >= 1:
            text += f" The last {format_duration(report.over_s)} fade out with the session."
        elif report.gap_s >= 1 and report.fill is not None:
            text += f" {_LAST[report.fill]} for the last {format_duration(report.gap_s)}."
    if report.unknown_count:
        plural = "s have" if report.unknown_count > 1 else " has"
        text += f" {report.unknown_count} file{plural} no known length."
    return text


def format_duration(seconds: float) -> str:
    """A calm human length: "45 min", "12 min 30 s", "40 s"."""
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"
