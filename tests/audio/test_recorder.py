"""The recorder against a fake microphone: SDL's disk driver reading speech from a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pygame
import pytest
import soundfile

from ketacompanion.audio.backend import MixerBackend
from ketacompanion.audio.capture_device import MICROPHONE_REFUSED, NO_MICROPHONE
from ketacompanion.audio.recorder import Recorder, level_of
from ketacompanion.core.recording import RecorderState, clock_text
from ketacompanion.core.wav_file import repair_wav

RATE = 16000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """About 2.5 s of espeak-ng speech as the device's exact format (16 kHz mono s16le)."""
    folder = tmp_path_factory.mktemp("speech")
    wav, raw = folder / "speech.wav", folder / "speech.raw"
    subprocess.run(["espeak-ng", "-w", str(wav), "A green swamp, then purple light."],
                   check=True, timeout=30)
    subprocess.run(["sox", str(wav), "-r", str(RATE), "-c", "1", "-b", "16", "-e",
                    "signed-integer", "-L", "-t", "raw", str(raw)], check=True, timeout=30)
    return np.frombuffer(raw.read_bytes(), dtype="<i2")


def _fake_mic(monkeypatch: pytest.MonkeyPatch, folder: Path, samples: np.ndarray) -> None:
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    mic = folder / "mic.raw"
    mic.write_bytes(samples.astype("<i2").tobytes())
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(folder / "out.raw"))
    monkeypatch.setenv("SDL_DISKAUDIOFILEIN", str(mic))


@pytest.mark.needs("espeak-ng", "sox")
def test_recorded_take_is_sample_exact(qtbot, monkeypatch, tmp_path: Path, speech):
    _fake_mic(monkeypatch, tmp_path, speech)
    recorder = Recorder(RATE)
    levels: list[float] = []
    recorder.level_changed.connect(levels.append)
    try:
        assert recorder.start(tmp_path / "take.wav")
        assert recorder.state is RecorderState.RECORDING
        qtbot.waitUntil(lambda: recorder.elapsed_s >= len(speech) / RATE + 0.3, timeout=8000)
        with qtbot.waitSignal(recorder.finished) as finished:
            recorder.stop()
    finally:
        pygame.mixer.quit()
    path, seconds = finished.args
    recorded, rate = soundfile.read(path, dtype="int16")
    assert rate == RATE and seconds == pytest.approx(len(recorded) / RATE)
    assert np.array_equal(recorded[: len(speech)], speech)
    assert not recorded[len(speech):].any()  # the driver gives silence after the file ends
    assert max(levels) > 0.5 and recorder.state is RecorderState.IDLE


@pytest.mark.needs("espeak-ng", "sox")
def test_the_music_output_recovering_does_not_cut_a_recording(
        qtbot, monkeypatch, tmp_path: Path, speech):
    """The player reopens a lost or stalled output by closing the mixer; a voice note
    being recorded at that moment (music under the note page) must go on whole."""
    _fake_mic(monkeypatch, tmp_path, speech)
    recorder = Recorder(RATE)
    output = MixerBackend()
    try:
        assert recorder.start(tmp_path / "take.wav")
        output.open()
        qtbot.waitUntil(lambda: recorder.elapsed_s >= 0.5, timeout=8000)
        output.close()  # what PlayerService does on a stall, before reopening
        output.open()
        qtbot.waitUntil(lambda: recorder.elapsed_s >= len(speech) / RATE + 0.3, timeout=8000)
        with qtbot.waitSignal(recorder.finished) as finished:
            recorder.stop()
    finally:
        output.close()
        pygame.mixer.quit()
    recorded, _ = soundfile.read(finished.args[0], dtype="int16")
    assert np.array_equal(recorded[: len(speech)], speech)


@pytest.mark.needs("espeak-ng", "sox")
def test_pause_and_resume_keep_one_continuous_take(qtbot, monkeypatch, tmp_path: Path, speech):
    _fake_mic(monkeypatch, tmp_path, speech)
    recorder = Recorder(RATE)
    try:
        recorder.start(tmp_path / "take.wav")
        qtbot.waitUntil(lambda: recorder.elapsed_s >= 0.5, timeout=5000)
        recorder.pause()
        paused_at = recorder.elapsed_s
        qtbot.wait(400)
        assert recorder.elapsed_s == paused_at and recorder.state is RecorderState.PAUSED
        recorder.resume()
        qtbot.waitUntil(lambda: recorder.elapsed_s >= paused_at + 0.5, timeout=5000)
        path = recorder.stop()
    finally:
        pygame.mixer.quit()
    recorded, _ = soundfile.read(path, dtype="int16")
    # SDL delivers whole blocks: what was captured before the pause is an exact prefix.
    head = int(paused_at * RATE)
    assert np.array_equal(recorded[:head], speech[:head])


def test_no_microphone_is_a_clear_message(qtbot, monkeypatch, tmp_path: Path):
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "nonexistent")
    recorder = Recorder(RATE)
    try:
        with qtbot.waitSignal(recorder.failed) as failed:
            assert recorder.start(tmp_path / "take.wav") is False
    finally:
        pygame.mixer.quit()
    assert failed.args[0] in (NO_MICROPHONE, MICROPHONE_REFUSED)
    assert "text note" in failed.args[0] or "write your note" in failed.args[0]
    assert not (tmp_path / "take.wav").exists()


def test_level_and_clock_text():
    assert [clock_text(s) for s in (0, 61.9, 3725)] == ['0:00', '1:01', '1:02:05']
    assert level_of(b"") == 0.0
    assert level_of(np.zeros(100, "<i2").tobytes()) == 0.0
    assert level_of(np.full(100, 32767, "<i2").tobytes()) == pytest.approx(1.0, abs=1e-3)
    assert level_of(np.full(100, 328, "<i2").tobytes()) == pytest.approx(1 / 3, abs=0.01)  # -40 dB


DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QTimer
    from ketacompanion.audio.recorder import Recorder

    app = QCoreApplication([])
    recorder = Recorder(16000)
    def report(seconds):
        print(f"elapsed {seconds:.3f}", flush=True)
    recorder.elapsed_changed.connect(report)
    QTimer.singleShot(0, lambda: recorder.start(Path(sys.argv[1])) or sys.exit(3))
    app.exec()
""")


@pytest.mark.needs("espeak-ng", "sox")
def test_sigkill_mid_recording_loses_at_most_two_seconds(tmp_path: Path, speech):
    samples = np.concatenate([speech, speech, speech])  # ~7 s, more than we record
    mic = tmp_path / "mic.raw"
    mic.write_bytes(samples.astype("<i2").tobytes())
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    take = tmp_path / "take.wav"
    env = {**os.environ, "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(tmp_path / "o.raw"),
           "SDL_DISKAUDIOFILEIN": str(mic), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(script), str(take)], env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        elapsed = 0.0
        for line in child.stdout:
            elapsed = float(line.split()[1])
            if elapsed >= 3.0:
                break
        time.sleep(0.35)  # kill between two flushes, not right after one
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        child.kill()
    assert child.returncode == -signal.SIGKILL
    # At the moment of the kill at least elapsed + 0.35 s had been captured.
    info = repair_wav(take)
    assert info.duration_s >= elapsed + 0.35 - 2.0
    recovered, _ = soundfile.read(take, dtype="int16")
    assert len(recovered) == info.frames
    assert np.array_equal(recovered, samples[: len(recovered)])
