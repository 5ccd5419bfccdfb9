"""The player on the real pygame mixer, judged by what SDL's disk driver recorded.

Each test plays a few seconds (the disk driver runs in real time), with short
fades where the behaviour does not depend on their length. Tests wait on what the
driver has written, not on the wall clock: on a loaded machine it writes slower.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import (
    frequency,
    max_step,
    peak_dbfs,
    rms_envelope,
    sounding_span,
    tone_amplitude,
)
from ketacompanion.audio.backend import DEFAULT_BUFFER_FRAMES
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.binaural import db_to_gain
from ketacompanion.core.models import (
    BinauralSegment,
    FileItem,
    Playlist,
    PlaylistItem,
    SilenceItem,
)

SR = 44100
LSB = 1 / 32768


def make_player(chunk_s: float = 0.25, **mixer: float) -> PlayerService:
    settings = PlayerSettings(mixer=MixerSettings(**mixer), chunk_s=chunk_s, retry_s=0.5)
    return PlayerService(settings=settings)


def wait_state(qtbot: QtBot, disk: Any, player: PlayerService, state: PlayerState) -> None:
    disk.wait_until(qtbot, lambda: player.state is state)


def play_through(qtbot: QtBot, disk: Any, player: PlayerService,
                 items: list[PlaylistItem]) -> None:
    player.load(Playlist("test", items))
    player.play()
    assert player.state is PlayerState.PLAYING
    wait_state(qtbot, disk, player, PlayerState.STOPPED)


def sounding(disk: Any) -> np.ndarray:
    frames = disk.frames()
    start, end = sounding_span(np.abs(frames).max(axis=1), 0)
    return frames[start:end]


def test_binaural_left_right_frequencies_and_glide_on_real_output(
    qtbot: QtBot, disk_output: Any
) -> None:
    player = make_player(crossfade_s=0, fade_in_s=0.3)
    play_through(qtbot, disk_output, player, [BinauralSegment(200, 6, 2.0),
                                              BinauralSegment(200, 10, 2.0, to_beat_hz=4)])
    out = sounding(disk_output)
    assert len(out) == pytest.approx(4 * SR, abs=0.02 * SR)  # fades start and end below 1 LSB
    steady = out[int(0.5 * SR) : int(1.5 * SR)]
    assert frequency(steady[:, 0], SR) == pytest.approx(197.0, abs=0.05)
    assert frequency(steady[:, 1], SR) == pytest.approx(203.0, abs=0.05)
    for start_s, end_s in ((2.0, 2.5), (3.0, 3.5)):
        win = out[int(start_s * SR) : int(end_s * SR)]
        centre = (start_s + end_s) / 2 - 2.0
        expected_beat = 10 + (4 - 10) * centre / 2.0
        beat = frequency(win[:, 1], SR) - frequency(win[:, 0], SR)
        assert beat == pytest.approx(expected_beat, abs=0.05)
    assert peak_dbfs(out) <= -12.0  # the ceiling for generated tones


def test_fade_in_and_stop_fade_out_envelopes(qtbot: QtBot, disk_output: Any) -> None:
    player = make_player(fade_in_s=3.0)
    player.load(Playlist("t", [BinauralSegment(300, 4, 30)]))
    player.play()
    disk_output.wait_sounding(qtbot, 3.5)  # the stop fade then starts after 3.4 s of sound
    player.stop(fade_s=1.0)
    assert player.state is PlayerState.STOPPING
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    out = sounding(disk_output)[:, 0]
    env = rms_envelope(out, 441)
    full = env[310:340].mean()
    t = (np.arange(len(env)) + 0.5) * 441 / SR
    rise = (1 - np.cos(np.pi * np.clip(t / 3.0, 0, 1))) / 2
    np.testing.assert_allclose(env[:300] / full, rise[:300], atol=0.02)
    # The stop fade: a raised cosine down to silence over 1 s at the end.
    tail = env[-100:] / full
    fall = (1 + np.cos(np.pi * (np.arange(100) + 0.5) / 100)) / 2
    np.testing.assert_allclose(tail, fall, atol=0.03)
    assert max_step(out) <= max_step(out[int(3.1 * SR) : int(3.5 * SR)]) + 2 * LSB


def test_crossfade_overlap_on_real_output(
    qtbot: QtBot, disk_output: Any, media: dict[str, Path]
) -> None:
    player = make_player(crossfade_s=1.0, fade_in_s=0.3)
    play_through(qtbot, disk_output, player,
                 [FileItem(str(media["a.ogg"])), FileItem(str(media["b.wav"]))])
    out = sounding(disk_output)[:, 0]
    a, b = tone_amplitude(out, 330.0, SR), tone_amplitude(out, 550.0, SR)
    block_s = 2205 / SR
    b_starts = np.nonzero(b > 0.001)[0][0] * block_s
    a_ends = (np.nonzero(a > 0.001)[0][-1] + 1) * block_s
    assert b_starts == pytest.approx(1.0, abs=0.1)
    assert a_ends - b_starts == pytest.approx(1.0, abs=0.15)
    mid = int(1.5 / block_s)
    assert a[mid] == pytest.approx(0.25, abs=0.05) and b[mid] == pytest.approx(0.25, abs=0.05)


def test_gapless_join_of_files(qtbot: QtBot, disk_output: Any,
                               media: dict[str, Path]) -> None:
    player = make_player(crossfade_s=0, fade_in_s=0.3)
    play_through(qtbot, disk_output, player,
                 [FileItem(str(media["a.wav"])), FileItem(str(media["b.flac"]))])
    out = sounding(disk_output)[:, 0]
    assert len(out) == pytest.approx(4 * SR, abs=0.05 * SR)  # gap <= 50 ms (here: none)
    silent = np.abs(out[SR:-SR]) == 0  # (the fades begin and end under one LSB)
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], silent, [0]]))))[::2]
    assert runs.max(initial=0) < 5  # no silent run beyond zero crossings


def test_no_clicks_at_chunk_item_or_glide_boundaries(qtbot: QtBot, disk_output: Any) -> None:
    player = make_player(chunk_s=0.1, crossfade_s=0, fade_in_s=0.5)
    play_through(qtbot, disk_output, player, [BinauralSegment(300, 6, 1.2),
                                              BinauralSegment(300, 6, 1.5, to_carrier_hz=250)])
    out = sounding(disk_output)
    steady = out[int(0.6 * SR) : int(1.1 * SR)]
    for ch in (0, 1):
        assert max_step(out[:, ch]) <= max_step(steady[:, ch]) + 2 * LSB


def test_ceiling_holds_for_tones_and_music_through_the_same_master(
    qtbot: QtBot, disk_output: Any, media: dict[str, Path]
) -> None:
    player = make_player(crossfade_s=0, fade_in_s=0.2, max_volume=0.5, volume_ramp_s=0.2)
    player.set_volume(3.0)
    assert player.volume == 0.5
    # A tone followed by music fades out under it over its last second.
    play_through(qtbot, disk_output, player,
                 [BinauralSegment(200, 6, 2.0), FileItem(str(media["a.wav"])), SilenceItem(0.3)])
    out = sounding(disk_output)
    tone, music = out[int(0.3 * SR) : int(0.9 * SR)], out[int(2.1 * SR) : int(2.9 * SR)]
    assert peak_dbfs(tone) == pytest.approx(-12.0 - 6.02, abs=0.05)
    assert peak_dbfs(music) == pytest.approx(20 * np.log10(0.25), abs=0.05)
    assert peak_dbfs(out) <= -12.0


def test_corrupt_file_is_skipped_and_playback_goes_on(
    qtbot: QtBot, disk_output: Any, media: dict[str, Path]
) -> None:
    player = make_player(crossfade_s=0, fade_in_s=0.5)
    notices: list[str] = []
    items_seen: list[int] = []
    player.error.connect(notices.append)
    player.item_changed.connect(lambda index, item: items_seen.append(index))
    play_through(qtbot, disk_output, player, [FileItem(str(media["a.wav"])),
                                              FileItem(str(media["corrupt.ogg"])),
                                              FileItem(str(media["b.flac"]))])
    assert len(notices) == 1 and "corrupt.ogg" in notices[0]
    assert items_seen == [0, 2, -1]
    out = sounding(disk_output)[:, 0]
    a, b = tone_amplitude(out, 330.0, SR), tone_amplitude(out, 550.0, SR)
    assert a[12:30].min() > 0.4 and b[-25:-21].min() > 0.4
    # The next item fades in after the skip; no click at the join.
    joint = int(2.0 * SR)
    assert b[int(2.05 * SR / 2205)] < 0.1
    assert max_step(out[joint - 100 : joint + 100]) <= max_step(out[SR : SR + 4410]) + 2 * LSB


def test_pause_holds_and_resume_fades_in(qtbot: QtBot, disk_output: Any) -> None:
    player = make_player(fade_in_s=0.3, pause_fade_s=0.3)
    player.load(Playlist("t", [BinauralSegment(200, 6, 30)]))
    player.play()
    disk_output.wait_sounding(qtbot, 0.8)
    player.pause()
    assert player.state is PlayerState.PAUSED
    # The pause fade starts after the chunks already queued (up to two); the position
    # follows the sound until it has faded, then holds still however long we wait.
    disk_output.wait_silent_tail(qtbot, 0.8)
    held, heard_s = player.position_s, disk_output.heard_s()
    disk_output.wait_played(qtbot, 0.4)  # the device plays on (silence) for 0.4 s
    assert player.position_s == held
    # Held where the sound stopped (give or take the silent rest of the last chunk).
    assert held == pytest.approx(heard_s, abs=0.3)
    player.resume()
    disk_output.wait_played(qtbot, 0.7)
    player.stop(0.2)
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    out = sounding(disk_output)[:, 0]
    silent = np.abs(out) == 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], silent, [0]])))
    longest = np.diff(edges)[::2].max()
    assert longest > 0.8 * SR  # the pause is real silence
    assert max_step(out) <= max_step(out[int(0.4 * SR) : int(0.7 * SR)]) + 2 * LSB


def test_position_is_reported_about_four_times_a_second(qtbot: QtBot,
                                                        disk_output: Any) -> None:
    player = make_player(fade_in_s=0.2)
    reports: list[tuple[float, float]] = []
    player.position_changed.connect(lambda s: reports.append((time.monotonic(), s)))
    play_through(qtbot, disk_output, player, [BinauralSegment(200, 6, 3.0)])
    # The rate on the wall clock (a loaded machine plays slower, for more reports).
    times, positions = zip(*reports, strict=True)
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert 2.5 <= rate <= 6, rate
    assert len(positions) >= 8
    assert list(positions) == sorted(positions)
    assert positions[-1] == pytest.approx(3.0, abs=0.35)


def test_preview_plays_quietly_for_the_asked_time(qtbot: QtBot, disk_output: Any) -> None:
    player = PlayerService(settings=PlayerSettings(
        mixer=MixerSettings(fade_in_s=0.5), chunk_s=0.25, preview_fade_s=0.5))
    player.preview(BinauralSegment(200, 6, 60), seconds=2.0, volume=0.3)
    assert player.state is PlayerState.PLAYING
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    out = sounding(disk_output)
    assert len(out) / SR == pytest.approx(2.0, abs=0.35)
    assert np.abs(out).max() == pytest.approx(0.3 * db_to_gain(-12), rel=0.02)


def test_headphone_check_is_left_then_right(qtbot: QtBot, disk_output: Any) -> None:
    player = make_player()
    player.headphone_check()
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    out = sounding(disk_output)
    half = len(out) // 2
    assert np.abs(out[:half, 0]).max() > 0.03 and np.abs(out[:half, 1]).max() == 0
    assert np.abs(out[half:, 1]).max() > 0.03 and np.abs(out[half:, 0]).max() == 0
    assert peak_dbfs(out) <= -23.9


def test_device_lost_mid_play_retries_and_resumes_near_the_position(
    qtbot: QtBot, disk_output: Any
) -> None:
    player = make_player(fade_in_s=0.3)
    states: list[PlayerState] = []
    notices: list[str] = []
    player.state_changed.connect(states.append)
    player.error.connect(notices.append)
    # The carrier glides 50 Hz a second, so the frequency tells where playback is.
    player.load(Playlist("t", [BinauralSegment(200, 4, 10.0, to_carrier_hz=700)]))
    player.play()
    disk_output.wait_sounding(qtbot, 1.5)
    lost_at = player.position_s
    pygame.mixer.quit()  # the sound card disappears under the player
    disk_output.wait_until(qtbot, lambda: PlayerState.RECOVERING in states)
    wait_state(qtbot, disk_output, player, PlayerState.PLAYING)
    disk_output.wait_sounding(qtbot, 1.0)  # (the reopened device wrote a new file)
    player.stop(0.2)
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    assert notices and "Trying again" in notices[0]
    # The device file was opened anew when the mixer came back: it holds the resumed part.
    out = sounding(disk_output)
    win = out[int(0.3 * SR) : int(0.8 * SR)]
    carrier = (frequency(win[:, 0], SR) + frequency(win[:, 1], SR)) / 2
    resumed_at = (carrier - 200) / 50 - 0.55  # window centre is 0.55 s after the resume
    assert resumed_at == pytest.approx(lost_at, abs=0.6)
    env = rms_envelope(out[:, 0], 441)
    assert env[0] < 0.1 * env[40]  # it came back with a fade-in


def test_no_device_is_reported_and_nothing_raises(qtbot: QtBot, no_device: None) -> None:
    player = make_player()
    notices: list[str] = []
    player.error.connect(notices.append)
    assert player.open() is False
    assert player.state is PlayerState.NO_DEVICE
    assert notices and "No sound output" in notices[0]
    player.load(Playlist("t", [BinauralSegment(200, 6, 5)]))
    player.play()
    player.headphone_check()
    player.set_volume(0.5)
    player.stop()
    player.poll()  # what the timer would do next: nothing, with no device
    assert player.state is PlayerState.NO_DEVICE


def test_defaults_are_gentle() -> None:
    settings = PlayerSettings()
    assert settings.stop_fade_s >= 20
    assert settings.mixer.fade_in_s >= 3 and settings.mixer.crossfade_s == 4
    assert 0.15 <= settings.position_interval_s <= 0.35
    assert 1024 <= DEFAULT_BUFFER_FRAMES <= 2048


def test_seek_to_starts_inside_the_playlist_with_a_fade_in(qtbot: QtBot, disk_output: Any) -> None:
    player = make_player(crossfade_s=0, fade_in_s=0.3)
    # Item 1 glides its carrier 50 Hz a second: the frequency tells where playback began.
    player.load(Playlist("t", [SilenceItem(4.0), BinauralSegment(200, 4, 10.0, to_carrier_hz=700)]))
    player.seek_to(10.0)  # 4 s of silence, then 6 s into the glide
    player.play()
    disk_output.wait_sounding(qtbot, 1.0)
    assert player.position_s == pytest.approx(10.0 + disk_output.sounding_s(), abs=0.5)
    player.stop(0.2)
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    out = sounding(disk_output)
    win = out[int(0.3 * SR) : int(0.8 * SR)]
    carrier = (frequency(win[:, 0], SR) + frequency(win[:, 1], SR)) / 2
    assert carrier == pytest.approx(200 + 50 * 6.55, abs=0.5)
    env = rms_envelope(out[:, 0], 441)
    assert env[0] < 0.1 * env[40]


def test_starting_something_else_fades_out_what_plays_first(qtbot: QtBot, disk_output: Any) -> None:
    player = PlayerService(settings=PlayerSettings(
        mixer=MixerSettings(fade_in_s=0.3), chunk_s=0.25, handover_fade_s=0.5))
    player.preview(BinauralSegment(200, 6, 60), seconds=30, volume=1.0)
    disk_output.wait_sounding(qtbot, 0.7)
    player.preview(BinauralSegment(400, 6, 60), seconds=1.5, volume=1.0)  # another row
    assert player.state is not PlayerState.STOPPED
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
    out = sounding(disk_output)[:, 0]
    low, high = tone_amplitude(out, 197.0, SR), tone_amplitude(out, 397.0, SR)
    assert low.max() > 0.2 and high.max() > 0.2
    # The first fades away (no cut) before the second rises.
    assert max_step(out) <= 2 * np.pi * 403 / SR * db_to_gain(-12) + 2 * LSB
    assert np.argmax(high > 0.01) > np.nonzero(low > 0.01)[0][-1] - 2


def test_a_stalled_device_is_treated_as_lost_and_reopened(qtbot: QtBot, disk_output: Any) -> None:
    settings = PlayerSettings(mixer=MixerSettings(fade_in_s=0.3), chunk_s=0.25, retry_s=0.3,
                              stall_s=0.8)
    player = PlayerService(settings=settings)
    states: list[PlayerState] = []
    player.state_changed.connect(states.append)
    player.load(Playlist("t", [BinauralSegment(200, 6, 20)]))
    player.play()
    disk_output.wait_sounding(qtbot, 0.6)
    pygame.mixer.pause()  # the output stops consuming audio, as a hung device would
    disk_output.wait_until(qtbot, lambda: PlayerState.RECOVERING in states)
    wait_state(qtbot, disk_output, player, PlayerState.PLAYING)
    disk_output.wait_sounding(qtbot, 0.3)  # sound flows again on the reopened device
    player.stop(0.2)
    wait_state(qtbot, disk_output, player, PlayerState.STOPPED)
