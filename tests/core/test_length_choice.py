"""The question asked when a playlist and the infusion length disagree, and its answers."""

from __future__ import annotations

from ketacompanion.core.fitting import FitOutcome
from ketacompanion.core.length_choice import length_question
from ketacompanion.core.models import EndBehaviour, FileItem, Playlist


def pieces(minutes: list[float], target: int = 60,
           ending: EndBehaviour = EndBehaviour.REPEAT) -> Playlist:
    items = [FileItem(f"/m/{n}.flac", f"Piece {n}", duration_s=m * 60.0)
             for n, m in enumerate(minutes)]
    return Playlist("Piano", items, target, ending)


def test_a_playlist_that_fits_asks_nothing() -> None:
    assert length_question(pieces([20, 20, 16.3]), 60) is None
    assert length_question(None, 45) is None
    assert length_question(Playlist("Empty"), 45) is None


def test_running_over_offers_the_playlists_own_length() -> None:
    question = length_question(pieces([20, 20, 16.3]), 45, crossfade_s=0)
    assert question is not None and question.outcome is FitOutcome.RUNS_OVER
    assert question.text == "This playlist lasts 56 min 18 s. Your infusion is set to 45 min."
    assert question.use_text == "Use 60 min"
    assert question.keep_text == "Keep 45 min, the music ends gently at 45"


def test_a_length_that_fits_is_found_when_its_own_does_not() -> None:
    question = length_question(pieces([25, 25], target=45, ending=EndBehaviour.SILENCE), 40)
    assert question is not None
    assert question.suggested == 50  # no preset fits 50 min of quiet ending; the nearest minute
    question = length_question(pieces([27, 27.5], target=40, ending=EndBehaviour.SILENCE), 45)
    assert question is not None and question.suggested == 55  # a preset before any minute


def test_ending_early_says_what_fills_the_end() -> None:
    short = pieces([10, 10], target=45, ending=EndBehaviour.SILENCE)
    question = length_question(short, 45, crossfade_s=0)
    assert question is not None and question.outcome is FitOutcome.ENDS_EARLY
    assert question.suggested is None and question.use_text is None
    assert question.keep_text == "Keep 45 min, it is quiet for the last 25 min"
    again = length_question(pieces([10, 10], target=45), 45, crossfade_s=0)
    assert again is not None
    assert again.keep_text == "Keep 45 min, it plays again for the last 25 min"


def test_the_question_hears_the_playlist_with_the_persons_blend() -> None:
    # Three pieces join twice: with a 4 s blend the playlist is heard 8 s shorter,
    # as Prepare's fit and the player lay it out.
    question = length_question(pieces([20, 20, 16.3]), 45, crossfade_s=4.0)
    assert question is not None
    assert question.text == "This playlist lasts 56 min 10 s. Your infusion is set to 45 min."
    short = length_question(pieces([10, 10], target=45, ending=EndBehaviour.SILENCE), 45,
                            crossfade_s=4.0)
    assert short is not None
    assert short.keep_text == "Keep 45 min, it is quiet for the last 25 min 4 s"
