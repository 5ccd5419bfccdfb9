from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.core.fresh_piano import COMPOSER_VERSION
from ketacompanion.core.models import BinauralSegment, FileItem, FreshPiano, Playlist, SilenceItem
from ketacompanion.core.records import SessionState
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import Phase, SessionPlan
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import (
    SessionRepository,
)
from tests.fake_player import FakePlayer


class FakeKeepAwake(KeepAwake):
    def __init__(self):
        super().__init__("none-platform", which=lambda _n: None)
        self.log: list[str] = []

    def inhibit(self, reason=""):
        self.log.append("inhibit")
        self.active = "fake"
        return "fake"

    def release(self):
        self.log.append("release")
        self.active = None


PLAYLIST = Playlist("Gentle piano", [FileItem("/music/rain.ogg", title="Rain", duration_s=2700)],
                    id=None)


@pytest.fixture(autouse=True)
def _no_refcount_crash():
    guard_signal_refcount_leak()  # PySide6 6.12 + Python 3.11: emit() leaks True


@pytest.fixture
def rig(qtbot, tmp_path):
    database = Database.open(tmp_path / "j.sqlite")
    clock = FakeClock()
    player = FakePlayer()
    keep = FakeKeepAwake()
    repo = SessionRepository(database)
    service = SessionService(repo, lambda: player, keep, clock)
    yield service, clock, player, keep, repo
    service.shutdown()
    database.close()


def run(service, clock, seconds, step=0.1):
    for _ in range(round(seconds / step)):
        clock.advance(step)
        service.tick()


def test_a_whole_session_fades_into_the_end_then_chimes(rig):
    service, clock, player, keep, repo = rig
    phases = []
    service.phase_changed.connect(phases.append)
    sid = service.start(SessionPlan(40, 10, 30.0), PLAYLIST, "Be open", 3, volume=0.6)
    assert repo.get(sid).intention == "Be open"  # stored at Start
    assert keep.log == ["inhibit"]
    assert player.names()[:4] == ["volume", "load", "seek", "play"]
    run(service, clock, 40 * 60 - 30.2)
    assert service.phase is Phase.RUNNING
    run(service, clock, 0.3)
    assert service.phase is Phase.ENDING
    assert player.calls[-1][0] == "stop" and player.calls[-1][1] >= 29.8
    run(service, clock, 30)
    assert service.phase is Phase.CHIME
    assert repo.get(sid).state == SessionState.RECOVERY
    assert "chime" not in player.names()  # waits for the fade to be over
    player.end_fade()
    run(service, clock, 0.1)
    assert player.names().count("chime") == 1
    run(service, clock, 8)
    assert service.phase is Phase.RECOVERY
    notes = []
    service.ready_for_note.connect(notes.append)
    service.ready()
    assert notes == [sid] and repo.get(sid).state == SessionState.COMPLETED
    assert keep.log == ["inhibit", "release"]
    assert phases == [Phase.RUNNING, Phase.ENDING, Phase.CHIME, Phase.RECOVERY, Phase.DONE]


def test_markers_store_what_was_playing_only_while_running(rig):
    service, clock, player, _keep, repo = rig
    assert not service.add_marker()
    sid = service.start(SessionPlan(45, 0), PLAYLIST)  # the player names its first item
    run(service, clock, 600)
    assert service.add_marker()
    marker = repo.markers(sid)[0]
    assert marker.offset_s == pytest.approx(600, abs=0.11) and marker.playing == "Rain"
    assert marker.kind == "music"  # the person's own file


def test_markers_store_the_session_time_and_where_in_the_track(rig):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(45, 0), PLAYLIST)
    run(service, clock, 740)
    player.move_to(0, 221.4)
    assert service.add_marker()
    run(service, clock, 20)
    player.advance(20)
    assert service.add_marker()
    # A wall clock set forward in between is no part of the session's time.
    clock.set_wall(clock.wall() + 3600)
    run(service, clock, 0.5)
    player.stop(0.0)  # the music has stopped: no place in a track
    player.advance(0.0)
    assert service.add_marker()
    marks = repo.markers(sid)
    assert [round(m.offset_s, 1) for m in marks] == [740.0, 760.0, 760.5]
    assert [m.track_offset_s for m in marks] == [221.4, 241.4, None]
    assert [(m.playing, m.kind) for m in marks] == [("Rain", "music")] * 2 + [(None, None)]


def test_markers_name_the_kind_of_sound(qtbot, tmp_path):
    database = Database.open(tmp_path / "j.sqlite")
    clock, player, repo = FakeClock(), FakePlayer(), SessionRepository(database)
    service = SessionService(repo, lambda: player, FakeKeepAwake(), clock,
                             bundled_audio=Path("/app/assets/audio"))
    drift = FileItem("/app/assets/audio/drift.ogg", title="Drift", duration_s=364)
    theta = BinauralSegment(200.0, 6.0, 600.0, label="Theta 6 Hz")
    try:
        sid = service.start(SessionPlan(45, 0), Playlist("Mixed", [drift, theta]))
        for index, item in enumerate((drift, theta, SilenceItem(60.0))):
            player.item_changed.emit(index, item)
            run(service, clock, 10)
            assert service.add_marker()
        marks = [(m.playing, m.kind) for m in repo.markers(sid)]
        assert marks == [("Drift", "piano"), ("Theta 6 Hz", "binaural beat"), ("Silence", None)]
    finally:
        service.shutdown()
        database.close()


def test_ending_early_needs_a_running_session_and_is_recorded(rig):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(60, 15), PLAYLIST)
    run(service, clock, 300)
    assert service.end_early()
    assert service.phase is Phase.ENDING and player.calls[-1] == ("stop", 10.0)
    assert not service.end_early()
    player.end_fade()
    run(service, clock, 18)
    assert service.phase is Phase.RECOVERY
    service.ready()
    assert repo.get(sid).state == SessionState.ENDED_EARLY


def test_a_suspend_through_the_end_skips_the_stale_chime(rig):
    service, clock, player, _keep, _repo = rig
    service.start(SessionPlan(45, 15), PLAYLIST)
    run(service, clock, 60)
    clock.suspend(50 * 60)  # lid closed past the end
    run(service, clock, 0.1)
    assert service.phase is Phase.RECOVERY
    assert "chime" not in player.names()
    assert service.recovery_remaining() == pytest.approx(9 * 60, abs=1)


def test_rehearsal_music_runs_in_real_time_and_recovery_music_is_soft(rig):
    service, clock, player, _keep, repo = rig
    plan = SessionPlan.rehearsal(45, 15, recovery_music=True)
    sid = service.start(plan, PLAYLIST, volume=0.8)
    assert repo.get(sid).rehearsal
    run(service, clock, 45 - plan.fade_out_s - 0.05)
    assert service.phase is Phase.RUNNING
    run(service, clock, plan.fade_out_s + 0.1)
    player.end_fade()
    run(service, clock, 8)
    assert service.phase is Phase.RECOVERY
    assert ("volume", 0.28) in player.calls and player.calls[-1] == ("play",)


def test_a_crashed_session_resumes_from_its_original_start(rig, qtbot, tmp_path):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(45, 15), PLAYLIST)
    run(service, clock, 20 * 60)
    service.shutdown()  # the app is killed; the record stays open
    clock.advance(3 * 60)  # three minutes to restart the app

    fresh_player = FakePlayer()
    again = SessionService(repo, lambda: fresh_player, FakeKeepAwake(), clock)
    record = again.interrupted()
    assert record.id == sid and again.can_resume(record)
    again.resume(record, PLAYLIST)
    assert again.elapsed() == pytest.approx(23 * 60, abs=0.5)
    assert ("seek", pytest.approx(23 * 60, abs=0.5)) in fresh_player.calls
    assert again.interrupted() is None  # a running session is not offered back
    again.shutdown()


def test_an_old_interrupted_session_goes_to_the_note(rig):
    service, clock, _player, _keep, repo = rig
    sid = service.start(SessionPlan(40, 0), PLAYLIST)
    service.shutdown()
    clock.advance(3 * 3600)
    later = SessionService(repo, None, FakeKeepAwake(), clock)
    record = later.interrupted()
    assert not later.can_resume(record)
    notes = []
    later.ready_for_note.connect(notes.append)
    later.close_interrupted(record)
    assert notes == [sid] and later.interrupted() is None
    assert repo.get(sid).ended_at is None  # not 3 h long: the journal shows the planned 40 min


def test_a_session_killed_in_recovery_keeps_its_real_end_when_closed(rig):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(40, 10), PLAYLIST)
    run(service, clock, 40 * 60 + 2)
    ended = repo.get(sid).ended_at
    service.shutdown()  # killed during recovery
    clock.advance(3 * 3600)
    clock.set_wall(clock.wall() + 3600)
    later = SessionService(repo, None, FakeKeepAwake(), clock)
    record = later.interrupted()
    assert not later.can_resume(record)
    later.close_interrupted(record)
    assert repo.get(sid).ended_at == ended  # the length stays 40 min, not 4 h


def test_louder_during_recovery_music_stays_at_the_soft_recovery_level(rig):
    service, clock, player, _keep, _repo = rig
    service.start(SessionPlan(40, 15, 30.0, recovery_music=True), PLAYLIST, volume=0.6)
    run(service, clock, 40 * 60)
    player.end_fade()
    run(service, clock, 8)
    assert service.phase is Phase.RECOVERY and player.calls[-1] == ("play",)
    service.set_volume(service.volume + 0.05)  # Up arrow on the recovery screen
    assert player.calls[-1] == ("volume", round(0.65 * 0.35, 3))
    assert service.volume == pytest.approx(0.65)


def test_ready_stops_music_waiting_for_a_lost_device(rig):
    service, clock, player, _keep, _repo = rig
    service.start(SessionPlan(40, 15, 30.0, recovery_music=True), PLAYLIST)
    run(service, clock, 40 * 60)
    player.end_fade()
    run(service, clock, 8)
    assert player.calls[-1] == ("play",)
    player.lose_device()  # headphones unplugged during recovery music
    service.ready()
    # Stopped now, or the music would start again on the note page once the device is back.
    assert player.calls[-1][0] == "stop"


def test_a_session_ended_early_stays_ended_when_resumed_after_a_crash(rig):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(60, 15), PLAYLIST)
    run(service, clock, 20 * 60)
    assert service.end_early()
    assert repo.get(sid).ended_at is not None  # kept at once, before the fade is over
    player.end_fade()
    run(service, clock, 30)
    assert service.phase is Phase.RECOVERY and repo.get(sid).state == SessionState.RECOVERY
    service.shutdown()  # the app is killed during recovery
    clock.advance(60)

    fresh = FakePlayer()
    again = SessionService(repo, lambda: fresh, FakeKeepAwake(), clock)
    record = again.interrupted()
    assert again.can_resume(record)
    again.resume(record, PLAYLIST)
    assert again.phase is Phase.RECOVERY  # not back to the infusion with music
    assert "play" not in fresh.names()
    assert again.recovery_remaining() == pytest.approx(15 * 60 - 30 - 60 + 10, abs=1)
    again.ready()
    assert repo.get(sid).state == SessionState.ENDED_EARLY
    again.shutdown()


def test_the_end_time_stays_the_real_one_after_a_resume_or_a_suspend(rig):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(40, 15), PLAYLIST)
    started = repo.get(sid).started_at
    run(service, clock, 40 * 60 + 2)
    ended = repo.get(sid).ended_at
    assert (ended - started).total_seconds() == pytest.approx(40 * 60, abs=0.2)
    service.shutdown()  # killed during recovery
    clock.advance(5 * 60)
    again = SessionService(repo, lambda: FakePlayer(), FakeKeepAwake(), clock)
    again.resume(again.interrupted(), PLAYLIST)
    assert again.phase is Phase.RECOVERY
    # Still the real end, not the moment of the resume.
    assert abs((repo.get(sid).ended_at - ended).total_seconds()) < 0.01
    again.shutdown()

    other = service.start(SessionPlan(40, 15), PLAYLIST)
    started = repo.get(other).started_at
    run(service, clock, 60)
    clock.suspend(50 * 60)  # lid closed past the end
    run(service, clock, 0.1)
    ended = repo.get(other).ended_at
    assert (ended - started).total_seconds() == pytest.approx(40 * 60, abs=0.2)


@pytest.mark.parametrize("jump_s", [5.0, 180.0, 3600.0])
def test_a_wall_clock_stepped_forward_mid_session_leaves_the_timer_alone(rig, jump_s):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(45, 15), PLAYLIST)
    run(service, clock, 600)
    clock.set_wall(clock.wall() + jump_s)  # NTP when Wi-Fi connects, or a person
    run(service, clock, 60)
    assert service.phase is Phase.RUNNING  # +1 h ended the session at once
    assert service.remaining() == pytest.approx(45 * 60 - 660, abs=0.2)
    assert service.real_elapsed() == pytest.approx(660, abs=0.2)
    assert "stop" not in player.names() and repo.get(sid).state == SessionState.RUNNING


def test_a_ten_minute_suspend_is_still_counted(rig):
    service, clock, _player, _keep, _repo = rig
    service.start(SessionPlan(45, 15), PLAYLIST)
    run(service, clock, 300)
    clock.suspend(600)
    run(service, clock, 1)
    assert service.remaining() == pytest.approx(45 * 60 - 901, abs=0.2)


def test_a_crash_then_a_wall_jump_resumes_at_the_real_time(rig):
    service, clock, _player, _keep, repo = rig
    sid = service.start(SessionPlan(45, 15), PLAYLIST)
    run(service, clock, 420)
    service.shutdown()  # the app dies...
    clock.advance(180)
    clock.set_wall(clock.wall() + 3600)  # ...and the clock is set an hour ahead meanwhile

    fresh = FakePlayer()
    again = SessionService(repo, lambda: fresh, FakeKeepAwake(), clock)
    record = again.interrupted()
    assert record.id == sid and again.can_resume(record)  # not sent to the note
    again.resume(record, PLAYLIST)
    assert again.elapsed() == pytest.approx(600, abs=0.2)  # was 4,200
    assert ("seek", pytest.approx(600, abs=0.2)) in fresh.calls
    assert again.phase is Phase.RUNNING
    again.shutdown()


def test_after_a_reboot_the_wall_clock_is_trusted_and_the_new_boot_kept(rig):
    service, clock, _player, _keep, repo = rig
    sid = service.start(SessionPlan(45, 15), PLAYLIST)
    run(service, clock, 420)
    service.shutdown()
    clock.reboot(down_s=120)  # the laptop restarted
    clock.advance(60)
    again = SessionService(repo, lambda: FakePlayer(), FakeKeepAwake(), clock)
    again.resume(again.interrupted(), PLAYLIST)
    assert again.elapsed() == pytest.approx(600, abs=0.2)
    run(again, clock, 60)
    again.shutdown()  # a second crash, in the new boot, with a wall jump
    clock.set_wall(clock.wall() + 3600)
    third = SessionService(repo, lambda: FakePlayer(), FakeKeepAwake(), clock)
    record = third.interrupted()
    assert record.id == sid and third.can_resume(record)
    third.resume(record, PLAYLIST)
    assert third.elapsed() == pytest.approx(660, abs=0.3)
    third.shutdown()


def test_an_early_end_stays_early_after_a_wall_jump_and_a_crash(rig):
    service, clock, player, _keep, repo = rig
    sid = service.start(SessionPlan(60, 15), PLAYLIST)
    run(service, clock, 600)
    clock.set_wall(clock.wall() + 3600)
    run(service, clock, 1)
    assert service.end_early()
    record = repo.get(sid)
    assert (record.ended_at - record.started_at).total_seconds() == pytest.approx(611, abs=0.2)
    service.shutdown()
    clock.advance(30)
    fresh = FakePlayer()
    again = SessionService(repo, lambda: fresh, FakeKeepAwake(), clock)
    again.resume(again.interrupted(), PLAYLIST)
    assert again.phase is Phase.RECOVERY and "play" not in fresh.names()
    again.shutdown()


FRESH = Playlist("Fresh piano", [FreshPiano(45 * 60.0)], target_minutes=45)


class SeedPlayer(FakePlayer):
    """Keeps the playlists it was given, to see which music it was asked to play."""

    def __init__(self):
        super().__init__()
        self.playlists = []

    def load(self, playlist):
        super().load(playlist)
        self.playlists.append(playlist)


def test_every_session_gets_new_fresh_piano_kept_with_it_and_resumed_the_same(tmp_path, qtbot):
    database = Database.open(tmp_path / "j.sqlite")
    clock, player, repo = FakeClock(), SeedPlayer(), SessionRepository(database)
    service = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    first = service.start(SessionPlan(45, 0), FRESH)
    seed = repo.get(first).piano.seed
    assert seed > 0 and repo.get(first).piano.composer == COMPOSER_VERSION
    assert player.playlists[-1].items == [FreshPiano(45 * 60.0, seed=seed)]
    # Its arc and length are kept too: the Journal can play exactly this music again.
    assert repo.get(first).piano.item() == FreshPiano(45 * 60.0, seed=seed)
    run(service, clock, 60)
    service.shutdown()
    # The app closes mid-session; on resume the same music goes on.
    again = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    again.resume(again.interrupted(), FRESH)
    assert player.playlists[-1].items == [FreshPiano(45 * 60.0, seed=seed)]
    again.end_early()
    run(again, clock, 20)
    again.shutdown()
    second = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    other = second.start(SessionPlan(45, 0), FRESH)
    assert repo.get(other).piano.seed not in (0, seed)
    second.shutdown()
    # Music of files keeps no seed.
    third = SessionService(repo, lambda: player, FakeKeepAwake(), clock)
    assert repo.get(third.start(SessionPlan(45, 0), PLAYLIST)).piano is None
    third.shutdown()
    database.close()
