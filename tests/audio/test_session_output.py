"""The end of a session as the person hears it: SessionService + PlayerService on SDL's disk driver.

A tiny plan (a 40-minute session squeezed into three real seconds) runs on the
driver's clock (real time, as slow as the disk driver plays on a loaded machine):
a steady tone plays, fades into the end over a short fade, then the chime rises
from silence. What SDL wrote is then measured: the fade's shape
against the raised-cosine it is meant to be, the chime's attack and peak, and
the sample-to-sample steps around the joins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import max_step, peak_dbfs, sounding_span
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings, PlayerState
from ketacompanion.core.models import FileItem, Playlist
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.core.session_flow import MIN_FADE_OUT_S, Phase, SessionPlan
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository

SR = 44100
TONE_HZ = 440.0
TONE_AMPLITUDE = 0.5
VOLUME = 0.7
FADE_S = 1.5  # the short, configurable fade of the test plan
SCALE = 800.0  # 40 session minutes in 3 real seconds
WINDOW = 441  # 10 ms envelope windows


@pytest.fixture(autouse=True)
def _no_refcount_crash() -> None:
    guard_signal_refcount_leak()


@pytest.fixture
def tone(tmp_path: Path) -> Path:
    """Ten seconds of a steady 440 Hz tone (longer than the music part of the plan)."""
    t = np.arange(10 * SR) / SR
    wave = TONE_AMPLITUDE * np.sin(2 * np.pi * TONE_HZ * t)
    path = tmp_path / "tone.wav"
    soundfile.write(path, np.column_stack([wave, wave]), SR, subtype="PCM_16")
    return path


class SpyPlayer(PlayerService):
    """The real player, noting the fade lengths the session asks for."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stop_fades: list[float | None] = []

    def stop(self, fade_s: float | None = None) -> None:
        self.stop_fades.append(fade_s)
        super().stop(fade_s)


def make_service(tmp_path: Path, player: PlayerService, clock: Any) -> SessionService:
    database = Database.open(tmp_path / "journal.sqlite")
    keep = KeepAwake("none-platform", which=lambda _n: None)
    return SessionService(SessionRepository(database), lambda: player, keep, clock)


def peak_envelope(mono: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """Largest absolute sample per window (for a steady tone: its gain times amplitude)."""
    count = len(mono) // window
    return np.abs(mono[: count * window]).reshape(count, window).max(axis=1)


def test_music_fades_into_the_end_then_the_chime_rises_softly_without_clicks(
    qtbot: QtBot, disk_output: Any, tmp_path: Path, tone: Path
) -> None:
    player = SpyPlayer(settings=PlayerSettings(mixer=MixerSettings(fade_in_s=0.2), chunk_s=0.25))
    service = make_service(tmp_path, player, disk_output.clock())
    plan = SessionPlan(minutes=40, recovery_minutes=0, fade_out_s=FADE_S, scale=SCALE)
    service.start(plan, Playlist("tone", [FileItem(str(tone))]), volume=VOLUME)
    try:
        disk_output.wait_until(qtbot, lambda: service.phase is Phase.CHIME)
        assert player.stop_fades[0] == pytest.approx(FADE_S, abs=0.15)
        disk_output.wait_until(qtbot, lambda: player.state is PlayerState.PLAYING)  # the chime
        disk_output.wait_played(qtbot, 2.6)  # attack (1.2 s) and the start of the decay
    finally:
        service.shutdown()
        player.shutdown()
    out = disk_output.frames()[:, 0]
    steady = TONE_AMPLITUDE * VOLUME

    # The music: a raised-cosine fade from full level to silence over FADE_S.
    env = peak_envelope(out) / steady
    start, _ = sounding_span(out, 1e-3)
    full = np.nonzero(env > 0.98)[0]
    assert len(full) * WINDOW / SR > 1.0  # the tone played at its level first
    half = full[-1] + np.argmax(env[full[-1]:] < 0.5)  # the middle of the fade
    t_half = (half + 0.5) * WINDOW / SR
    for fraction in (0.1, 0.25, 0.4, 0.6, 0.75, 0.9):
        t = t_half + (fraction - 0.5) * FADE_S
        expected = (1 + np.cos(np.pi * fraction)) / 2
        measured = env[int(t * SR / WINDOW)]
        assert measured == pytest.approx(expected, abs=0.05), (fraction, measured, expected)
    fade_end = int((t_half + FADE_S / 2) * SR)
    assert np.max(np.abs(out[fade_end : fade_end + int(0.1 * SR)])) < 2e-3  # silent at the end
    fade_start = int((t_half - FADE_S / 2) * SR)
    assert fade_start > start

    # The chime: after the fade, from silence, never loud.
    onset, _ = sounding_span(out[fade_end:], 1e-4)
    onset += fade_end
    chime = out[onset:]
    assert len(chime) > 2.0 * SR
    assert peak_dbfs(chime) < -18.0  # well under the -12 dBFS ceiling
    attack = peak_envelope(chime[: int(1.2 * SR)], 882)  # 20 ms windows over the attack
    assert attack[0] < 0.01 * attack.max()  # starts near zero
    assert np.all(np.diff(attack) >= -0.02 * attack.max())  # and only rises
    assert attack[-1] > 0.8 * peak_envelope(chime).max()

    # No clicks anywhere: no step larger than the tone's own steepest one, and around
    # the join between the fade and the chime, nothing near even that.
    natural = steady * 2 * np.pi * TONE_HZ / SR
    assert max_step(out) <= 1.1 * natural
    assert max_step(out[fade_end - int(0.2 * SR) : onset + int(0.3 * SR)]) < 0.25 * natural
    print(f"fade: 50% at {t_half:.2f} s, start {fade_start / SR:.2f} s; chime onset "
          f"{onset / SR:.2f} s ({(onset - fade_end) / SR:.2f} s after the fade), "
          f"peak {peak_dbfs(chime):.1f} dBFS; max step {max_step(out):.4f} "
          f"(tone {natural:.4f})")


def test_the_default_plan_fades_the_real_player_over_at_least_30_s(
    qtbot: QtBot, tmp_path: Path, tone: Path
) -> None:
    clock = FakeClock()
    player = SpyPlayer()  # SDL's dummy driver (tests/conftest.py): nothing to wait for
    service = make_service(tmp_path, player, clock)
    plan = SessionPlan()
    assert plan.fade_out_s >= MIN_FADE_OUT_S >= 30.0
    service.start(plan, Playlist("tone", [FileItem(str(tone))]))
    try:
        assert player.state is PlayerState.PLAYING
        clock.advance(plan.session_s - plan.fade_out_s - 0.5)
        service.tick()
        assert service.phase is Phase.RUNNING and player.stop_fades == []
        clock.advance(0.6)
        service.tick()
        assert service.phase is Phase.ENDING and player.state is PlayerState.STOPPING
        assert player.stop_fades[-1] >= 29.8
    finally:
        service.shutdown()
        player.shutdown()
