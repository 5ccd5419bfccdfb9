"""Does the chosen playlist agree with the infusion length? If not, what can be chosen.

The infusion length is one fact of the plan. A playlist prepared for another
length, or that plays longer or shorter than the length set, is a disagreement
the person settles before Start with a plain choice: use a length the playlist
fits, or keep the length and let the music end gently (or be filled) there.
:func:`~ketacompanion.core.fitting.fit` and
:func:`~ketacompanion.core.fitting.fit_outcome` are the one rule of what fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketacompanion.core.fitting import FitOutcome, fit, fit_outcome, format_duration
from ketacompanion.core.models import EndBehaviour, Playlist
from ketacompanion.core.presets import (
    SESSION_LENGTH_PRESETS,
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
)
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S

# What fills the end if the person keeps a length the playlist ends before.
_KEEP_ENDS = {
    EndBehaviour.REPEAT: "it plays again for the last",
    EndBehaviour.BED: "the beats carry on alone for the last",
    EndBehaviour.SILENCE: "it is quiet for the last",
}


@dataclass(frozen=True)
class LengthQuestion:
    """A playlist and an infusion length that disagree.

    Attributes:
        playlist_s: How long the playlist plays, as fitted.
        minutes: The infusion length set.
        outcome: RUNS_OVER or ENDS_EARLY at ``minutes``.
        ending: What the playlist does after its last item.
        suggested: A length (in minutes) the playlist fits, or None when none does.
    """

    playlist_s: float
    minutes: int
    outcome: FitOutcome
    ending: EndBehaviour
    suggested: int | None

    @property
    def text(self) -> str:
        """The question: "This playlist lasts 56 min 17 s. Your infusion is set to 45 min."."""
        return (f"This playlist lasts {format_duration(self.playlist_s)}. "
                f"Your infusion is set to {self.minutes} min.")

    @property
    def use_text(self) -> str | None:
        """``Use 60 min`` (None when no length fits the playlist)."""
        return None if self.suggested is None else f"Use {self.suggested} min"

    @property
    def keep_text(self) -> str:
        """What keeping the length means, in a few words."""
        if self.outcome is FitOutcome.RUNS_OVER:
            return f"Keep {self.minutes} min, the music ends gently at {self.minutes}"
        gap = format_duration(self.minutes * 60.0 - self.playlist_s)
        return f"Keep {self.minutes} min, {_KEEP_ENDS[self.ending]} {gap}"


def length_question(playlist: Playlist | None, minutes: int,
                    crossfade_s: float = DEFAULT_CROSSFADE_S) -> LengthQuestion | None:
    """The disagreement between ``playlist`` and an infusion of ``minutes``, or None.

    ``crossfade_s`` is the person's blend between pieces, as the fit and the player
    use it. An empty playlist (or none) asks nothing: the session is simply quiet.
    """
    if playlist is None:
        return None
    report = fit(playlist, minutes, crossfade_s=crossfade_s)
    if report.outcome not in (FitOutcome.RUNS_OVER, FitOutcome.ENDS_EARLY):
        return None
    return LengthQuestion(report.content_s, int(minutes), report.outcome,
                          playlist.end_behaviour, fitting_length(playlist, report.content_s))


def fitting_length(playlist: Playlist, playlist_s: float) -> int | None:
    """The length the playlist fits best: its own, else a preset, else the nearest minute."""
    def fits(length: int) -> bool:
        return fit_outcome(playlist_s, length * 60.0, playlist.end_behaviour) is FitOutcome.FITS

    candidates = [m for m in range(SESSION_MINUTES_MIN, SESSION_MINUTES_MAX + 1) if fits(m)]
    if not candidates:
        return None
    return min(candidates, key=lambda m: (m != playlist.target_minutes,
                                          m not in SESSION_LENGTH_PRESETS,
                                          abs(m * 60.0 - playlist_s)))
