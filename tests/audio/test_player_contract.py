"""The player's contract, run on the real PlayerService and on the tests' FakePlayer.

What the session and the pages rely on, seen from outside: states, the item and
volume they report, and what a fade, a cue or a seek does to them. Quod Libet runs
one player test-mixin against every backend; so do we: a fake that no longer
behaves as the real player does fails here, not in a UI test that trusted it.
The real one plays through SDL's disk driver, so its waits are on what it did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings
from ketacompanion.core.models import Playlist, SilenceItem
from ketacompanion.core.player import PlayerState
from tests.fake_player import FakePlayer

PLAYLIST = Playlist("contract", [SilenceItem(2.0), SilenceItem(2.0), SilenceItem(30.0)])


def _settings() -> PlayerSettings:
    # Short fades and chunks: each real test sounds for a few seconds only.
    mixer = MixerSettings(fade_in_s=0.1, crossfade_s=0.0)
    return PlayerSettings(mixer=mixer, chunk_s=0.25, retry_s=0.5, stop_fade_s=0.5)


class PlayerContract:
    """The tests every player passes; a subclass gives the player and lets time pass."""

    @pytest.fixture
    def player(self) -> Any:
        raise NotImplementedError

    def let_time_pass(self, player: Any, until: Callable[[], bool]) -> None:
        raise NotImplementedError

    @staticmethod
    def record(player: Any) -> tuple[list[PlayerState], list[tuple[int, object]]]:
        states: list[PlayerState] = []
        items: list[tuple[int, object]] = []
        player.state_changed.connect(states.append)
        player.item_changed.connect(lambda index, item: items.append((index, item)))
        return states, items

    def test_a_new_player_is_stopped_at_full_volume_with_no_item(self, player: Any) -> None:
        assert player.state is PlayerState.STOPPED
        assert player.volume == 1.0
        assert player.item_position_s is None

    def test_play_with_nothing_loaded_does_nothing(self, player: Any) -> None:
        states, _ = self.record(player)
        player.play()
        assert player.state is PlayerState.STOPPED and states == []

    def test_play_says_playing_then_names_the_first_item(self, player: Any) -> None:
        states, items = self.record(player)
        player.load(PLAYLIST)
        player.play()
        assert player.state is PlayerState.PLAYING and states == [PlayerState.PLAYING]
        self.let_time_pass(player, lambda: bool(items))
        assert items[0] == (0, PLAYLIST.items[0])
        assert player.item_position_s is not None and 0.0 <= player.item_position_s < 2.0

    def test_pause_holds_and_resume_goes_on_and_neither_starts_a_stopped_player(
            self, player: Any) -> None:
        player.pause()
        player.resume()
        assert player.state is PlayerState.STOPPED
        player.load(PLAYLIST)
        player.play()
        player.pause()
        assert player.state is PlayerState.PAUSED
        player.resume()
        assert player.state is PlayerState.PLAYING

    def test_stop_fades_out_then_stops_with_no_item(self, player: Any) -> None:
        states, items = self.record(player)
        player.load(PLAYLIST)
        player.play()
        self.let_time_pass(player, lambda: bool(items))
        player.stop(0.3)
        assert player.state is PlayerState.STOPPING
        self.let_time_pass(player, lambda: player.state is PlayerState.STOPPED)
        assert states == [PlayerState.PLAYING, PlayerState.STOPPING, PlayerState.STOPPED]
        assert items[-1] == (-1, None) and player.item_position_s is None

    def test_volume_stays_within_silence_and_the_ceiling(self, player: Any) -> None:
        player.set_volume(0.4)
        assert player.volume == pytest.approx(0.4)
        player.set_volume(3.0)
        assert player.volume == pytest.approx(player.settings.mixer.max_volume)
        player.set_volume(-1.0)
        assert player.volume == 0.0

    def test_a_cue_alone_sounds_then_stops_by_itself(self, player: Any) -> None:
        states, items = self.record(player)
        player.headphone_check()
        assert player.state is PlayerState.PLAYING
        self.let_time_pass(player, lambda: player.state is PlayerState.STOPPED)
        assert states == [PlayerState.PLAYING, PlayerState.STOPPED] and items == []

    def test_the_chime_over_music_leaves_the_music_playing(self, player: Any) -> None:
        states, items = self.record(player)
        player.load(PLAYLIST)
        player.play()
        self.let_time_pass(player, lambda: bool(items))
        player.play_chime()
        assert player.state is PlayerState.PLAYING
        assert states == [PlayerState.PLAYING] and items == [(0, PLAYLIST.items[0])]

    def test_a_seek_before_play_starts_in_the_item_at_that_offset(self, player: Any) -> None:
        _, items = self.record(player)
        player.load(PLAYLIST)
        player.seek_to(4.5)
        player.play()
        self.let_time_pass(player, lambda: bool(items))
        assert items[0] == (2, PLAYLIST.items[2])
        assert player.item_position_s == pytest.approx(0.5, abs=0.5)


class TestRealPlayer(PlayerContract):
    """The PlayerService on the real mixer, through SDL's disk driver."""

    @pytest.fixture
    def player(self, disk_output: Any, qtbot: QtBot) -> Iterator[PlayerService]:
        self._qtbot, self._disk = qtbot, disk_output
        made = PlayerService(settings=_settings())
        yield made
        made.shutdown()

    def let_time_pass(self, player: Any, until: Callable[[], bool]) -> None:
        self._disk.wait_until(self._qtbot, until)


class TestFakePlayer(PlayerContract):
    """The tests' silent FakePlayer: time is whatever the test lets pass."""

    @pytest.fixture
    def player(self) -> FakePlayer:
        return FakePlayer(_settings())

    def let_time_pass(self, player: Any, until: Callable[[], bool]) -> None:
        for _ in range(600):  # a minute in quarter seconds: longer than any fade or cue
            if until():
                return
            player.advance(0.25)
        raise AssertionError("the fake player never got there")
