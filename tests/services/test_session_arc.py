"""The arc the person chose reaches the composer, and a resumed session keeps it."""

from __future__ import annotations

from ketacompanion.core.models import FreshPiano
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository
from tests.services.test_session_service import FRESH, FakeKeepAwake, SeedPlayer, run


def test_the_chosen_arc_is_what_the_fresh_piano_plays_and_resumes(tmp_path, qtbot):
    database = Database.open(tmp_path / "j.sqlite")
    clock, player, repo = FakeClock(), SeedPlayer(), SessionRepository(database)
    service = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    first = service.start(SessionPlan(45, 0), FRESH, arc="gentle")
    piano = repo.get(first).piano
    assert piano.arc == "gentle"
    assert player.playlists[-1].items == [FreshPiano(45 * 60.0, piano.seed, "gentle")]
    run(service, clock, 60)
    service.shutdown()
    again = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    again.resume(again.interrupted(), FRESH)
    assert player.playlists[-1].items == [FreshPiano(45 * 60.0, piano.seed, "gentle")]
    again.end_early()
    run(again, clock, 20)
    again.shutdown()
    # Without a choice, the classic arc (as `ketacompanion score` defaults to).
    other = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    second = other.start(SessionPlan(45, 0), FRESH)
    assert repo.get(second).piano.arc == "classic"
    other.shutdown()
    database.close()


def test_beats_that_follow_the_arc_take_the_chosen_arc_and_others_stay(tmp_path, qtbot):
    from ketacompanion.core.models import BinauralSegment, Playlist

    arc_beat = BinauralSegment(180, 10, 2700, to_beat_hz=4, arc="classic")
    plain = BinauralSegment(180, 6, 600)
    playlist = Playlist("Beats", [arc_beat, plain], target_minutes=45,
                        bed=BinauralSegment(180, 10, 2700, to_beat_hz=4, arc="classic"))
    database = Database.open(tmp_path / "j.sqlite")
    clock, player, repo = FakeClock(), SeedPlayer(), SessionRepository(database)
    service = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    service.start(SessionPlan(45, 0), playlist, arc="long-plateau")
    played = player.playlists[-1]
    assert [i.arc for i in played.items] == ["long-plateau", None]
    assert played.bed.arc == "long-plateau"
    service.shutdown()
    database.close()
