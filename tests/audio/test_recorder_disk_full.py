"""The disk fills while a voice note is recorded: the take is kept, the recorder stays usable.

A write error during Stop or Pause must not raise (it would skip committing the
text note at app close) nor leave the recorder stuck in a state where Record no
longer works.
"""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pygame
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.recorder import Recorder
from ketacompanion.core.recording import RecorderState

RATE = 16000


def _fake_mic(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    mic = folder / "mic.raw"
    t = np.arange(3 * RATE) / RATE
    mic.write_bytes((8000 * np.sin(2 * np.pi * 220 * t)).astype("<i2").tobytes())
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(folder / "out.raw"))
    monkeypatch.setenv("SDL_DISKAUDIOFILEIN", str(mic))


def _fill_the_disk(monkeypatch: pytest.MonkeyPatch, recorder: Recorder) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    writer = recorder._writer
    monkeypatch.setattr(writer, "write", full)
    monkeypatch.setattr(writer, "flush", full)


@pytest.mark.parametrize("action", ["stop", "pause"])
def test_a_write_error_at_stop_or_pause_keeps_the_take_and_the_recorder_usable(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, action: str
) -> None:
    _fake_mic(monkeypatch, tmp_path)
    recorder = Recorder(RATE)
    finished: list[tuple[Path, float]] = []
    failures: list[str] = []
    recorder.finished.connect(lambda path, seconds: finished.append((path, seconds)))
    recorder.failed.connect(failures.append)
    try:
        assert recorder.start(tmp_path / "take.wav")
        qtbot.waitUntil(lambda: recorder.elapsed_s >= 0.6, timeout=5000)
        qtbot.wait(150)  # more sound waiting in the buffer for the next drain
        _fill_the_disk(monkeypatch, recorder)
        getattr(recorder, action)()  # must not raise
        assert recorder.state is RecorderState.IDLE
        assert len(finished) == 1 and finished[0][0] == tmp_path / "take.wav"
        assert failures and "disk" in failures[0]
        monkeypatch.undo()
        _fake_mic(monkeypatch, tmp_path)
        assert recorder.start(tmp_path / "take2.wav")  # Record works again
        recorder.stop()
    finally:
        pygame.mixer.quit()
