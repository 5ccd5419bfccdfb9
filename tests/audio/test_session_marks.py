"""A mark knows where in the track it came, as heard: session and player on SDL's disk driver.

Two tones play back to back (gapless): A, then B. Some way into B the person
marks the moment. What SDL wrote says when B began; the mark's place in the
track must match what had been heard of B by then, and its session offset the
session time that had passed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings
from ketacompanion.core.marks import mark_text
from ketacompanion.core.models import FileItem, Playlist
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository

SR = 44100
A_S, A_HZ, B_S, B_HZ = 2.0, 330.0, 8.0, 550.0
WINDOW, HOP = 2048, 256
# The player knows the position to a chunk (0.25 s here); the driver writes a buffer ahead.
TOLERANCE_S = 0.4


@pytest.fixture(autouse=True)
def _no_refcount_crash() -> None:
    guard_signal_refcount_leak()


def tone(path: Path, seconds: float, hz: float) -> Path:
    t = np.arange(int(seconds * SR)) / SR
    wave = 0.4 * np.sin(2 * np.pi * hz * t)
    soundfile.write(path, np.column_stack([wave, wave]), SR, subtype="PCM_16")
    return path


def b_onset_s(mono: np.ndarray) -> float | None:
    """When B's pitch first dominates the recording (seconds from the file's start)."""
    freqs = np.fft.rfftfreq(WINDOW, 1 / SR)
    a_bin, b_bin = np.argmin(abs(freqs - A_HZ)), np.argmin(abs(freqs - B_HZ))
    hann = np.hanning(WINDOW)
    for start in range(0, len(mono) - WINDOW, HOP):
        spectrum = abs(np.fft.rfft(mono[start:start + WINDOW] * hann))
        if spectrum[b_bin] > 0.01 * WINDOW and spectrum[b_bin] > 4 * spectrum[a_bin]:
            return (start + WINDOW / 2) / SR  # B fills most of the window from here
    return None


def test_a_mark_in_the_second_track_says_where_in_it_as_heard(
    qtbot: QtBot, disk_output: Any, tmp_path: Path
) -> None:
    playlist = Playlist("two tones", [
        FileItem(str(tone(tmp_path / "a.wav", A_S, A_HZ)), title="A"),
        FileItem(str(tone(tmp_path / "b.wav", B_S, B_HZ)), title="B"),
    ])
    player = PlayerService(settings=PlayerSettings(
        mixer=MixerSettings(crossfade_s=0.0, fade_in_s=0.2), chunk_s=0.25))
    database = Database.open(tmp_path / "journal.sqlite")
    repo = SessionRepository(database)
    service = SessionService(repo, lambda: player,
                             KeepAwake("none-platform", which=lambda _n: None),
                             disk_output.clock())
    try:
        sid = service.start(SessionPlan(minutes=45, recovery_minutes=0), playlist)

        def b_heard_s() -> float:
            onset = b_onset_s(disk_output.frames()[:, 0])
            return 0.0 if onset is None else disk_output.played_s() - onset

        disk_output.wait_until(qtbot, lambda: b_heard_s() >= 2.5)
        before = b_heard_s()
        played = disk_output.played_s()
        assert service.add_marker()
        after = b_heard_s()
    finally:
        service.shutdown()
        player.shutdown()
    mark = repo.markers(sid)[0]
    database.close()
    assert (mark.playing, mark.kind) == ("B", "music")
    print(f"B heard {before:.2f}-{after:.2f} s at the mark; the mark says "
          f"{mark.track_offset_s:.2f} s ({mark_text(mark)})")
    assert before - TOLERANCE_S <= mark.track_offset_s <= after + TOLERANCE_S
    assert mark.offset_s == pytest.approx(played, abs=TOLERANCE_S)  # session time, as played
    assert mark_text(mark).startswith("Under a minute in · 'B' at 0:0")
