"""Fresh piano heard for real: a session's new music through the player and SDL's disk driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import max_step, sounding_span
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.piano_render import PianoRender
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings
from ketacompanion.core.composer import compose
from ketacompanion.core.models import FreshPiano, Playlist
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.qt_compat import guard_signal_refcount_leak
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.storage.database import Database
from ketacompanion.storage.sessions import SessionRepository

SR = 44100
VOLUME = 0.7


def _lag(out: np.ndarray, window: np.ndarray) -> tuple[int, float]:
    """Where ``window`` sits in ``out`` (frames) and how alike they are there (0..1)."""
    n = 1 << (len(out) + len(window)).bit_length()
    corr = np.fft.irfft(np.fft.rfft(out, n) * np.conj(np.fft.rfft(window, n)), n)
    places = len(out) - len(window) + 1
    energy = np.concatenate([[0.0], np.cumsum(out.astype(np.float64) ** 2)])
    norms = np.sqrt(energy[len(window) : len(window) + places] - energy[:places])
    norms = np.maximum(norms, 0.01 * norms.max())  # silence is like nothing
    score = corr[:places] / (norms * np.linalg.norm(window))
    lag = int(np.argmax(score))
    return lag, float(score[lag])


def test_a_session_plays_its_own_new_music_from_the_first_second(
    qtbot: QtBot, disk_output: Any, tmp_path: Path
) -> None:
    guard_signal_refcount_leak()
    # The player's own chunk (1 s): smaller ones underrun on a loaded machine.
    player = PlayerService(settings=PlayerSettings(mixer=MixerSettings(fade_in_s=0.2)))
    database = Database.open(tmp_path / "journal.sqlite")
    repo = SessionRepository(database)
    keep = KeepAwake("none-platform", which=lambda _n: None)
    service = SessionService(repo, lambda: player, keep, disk_output.clock())
    playlist = Playlist("Fresh piano", [FreshPiano(40 * 60.0)], target_minutes=40)
    session = service.start(SessionPlan(40, 0), playlist, volume=VOLUME)
    try:
        disk_output.wait_sounding(qtbot, 4.0)
    finally:
        service.shutdown()
        player.shutdown()
        seed = repo.get(session).piano.seed
        database.close()
    out = disk_output.frames()
    mono = out.mean(axis=1)
    start, _ = sounding_span(mono, 1e-4)
    # The first sound within a second of Start (1.5 s here: a loaded test machine;
    # benchmarks/piano.py measures it apart, 0.36 s).
    assert start / SR < 1.5
    # What played is the score of the seed the session kept, at the session's volume:
    # found by its first notes, then the same samples (to 16 bits) for three seconds.
    expected = PianoRender(compose(40 * 60.0, "classic", seed), SR).read(5 * SR) * VOLUME
    wanted = expected.mean(axis=1)
    first, _ = sounding_span(wanted, 1e-4)
    settled = first + SR // 2  # past the mix's fade-in
    lag, alike = _lag(mono[: 5 * SR], wanted[settled : settled + SR])
    assert alike > 0.99, alike
    assert abs(lag - SR // 2 - start) < SR // 10  # the score's first note opens the sound
    played = mono[lag : lag + 3 * SR]
    assert len(played) == 3 * SR
    assert np.abs(played - wanted[settled : settled + 3 * SR]).max() < 2e-3
    # Nothing clicks between the player's chunks: no step the piano itself does not take.
    assert max_step(played) <= max_step(wanted[settled : settled + 3 * SR]) + 4e-3
