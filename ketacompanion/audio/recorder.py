"""The voice-note recorder: microphone -> crash-safe WAV, with level and elapsed time.

The capture device fills a buffer on SDL's thread; a Qt timer on the main
thread drains it every 100 ms into the WAV and patches its header and fsyncs
every 500 ms, so a kill or power loss loses at most about half a second
(plus SDL's own ~64 ms block). Finishing the WAV into a stored take is the
TakeStore's job; the recorder only captures.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ketacompanion.audio.capture_device import DEFAULT_RATE, CaptureDevice, CaptureError
from ketacompanion.core.recording import RecorderState
from ketacompanion.core.wav_file import CrashSafeWavWriter, TakeWriter

log = logging.getLogger(__name__)

DRAIN_MS = 100
FLUSH_EVERY = 5  # drains: the header is patched and fsynced every 500 ms
_FLOOR_DB = -60.0


class Recorder(QObject):
    """Records one take at a time into a WAV file that is valid after every flush.

    Args:
        rate: Sample rate (16 kHz is plenty for speech).
        device_name: Preferred capture device; the first one when None or missing.
        writer: Makes the take's file writer from (path, rate): core.wav_file's
            CrashSafeWavWriter, or a protected journal's sealed one
            (core.file_seal.FileSeal.wav_writer), so no sample is written unsealed.
    """

    state_changed = Signal(object)
    level_changed = Signal(float)
    elapsed_changed = Signal(float)
    failed = Signal(str)
    finished = Signal(Path, float)

    def __init__(
        self, rate: int = DEFAULT_RATE, device_name: str | None = None,
        parent: QObject | None = None,
        writer: Callable[[Path, int], TakeWriter] = CrashSafeWavWriter,
    ) -> None:
        super().__init__(parent)
        self._rate = rate
        self._device_name = device_name
        self._make_writer = writer
        self._device: CaptureDevice | None = None
        self._writer: TakeWriter | None = None  # plain, or core.sealed_wav's sealed one
        self._state = RecorderState.IDLE
        self._drains = 0
        self._timer = QTimer(self, interval=DRAIN_MS)
        self._timer.timeout.connect(self._drain)

    @property
    def state(self) -> RecorderState:
        """The current state."""
        return self._state

    @property
    def elapsed_s(self) -> float:
        """Seconds recorded in the current take."""
        return self._writer.duration_s if self._writer else 0.0

    def start(self, path: Path) -> bool:
        """Start recording a new take into ``path`` (a new WAV).

        Returns:
            False (and ``failed`` is emitted with a plain message) when there is no
            usable microphone or the file cannot be created.
        """
        if self._state is not RecorderState.IDLE:
            return False
        try:
            device = CaptureDevice(self._rate, self._device_name)
        except CaptureError as exc:
            log.warning("recording not started: %s", exc.__cause__ or "no capture device")
            self.failed.emit(str(exc))
            return False
        try:
            self._writer = self._make_writer(path, device.rate)
        except OSError as exc:
            device.close()
            log.error("cannot create %s: %s", path.name, exc)
            self.failed.emit("The recording could not be saved to disk. Is the disk full?")
            return False
        self._device = device
        self._drains = 0
        device.set_paused(False)
        self._timer.start()
        log.info("recording started (%s, %d Hz) into %s", device.device_name, device.rate,
                 path.name)
        self._set_state(RecorderState.RECORDING)
        return True

    def pause(self) -> None:
        """Pause the take (the file stays open and flushed)."""
        if self._state is RecorderState.RECORDING and self._device:
            self._device.set_paused(True)
            self._drain(force_flush=True)
            if self._device is None:
                return  # a write error ended the take (see _abort)
            self.level_changed.emit(0.0)
            self._set_state(RecorderState.PAUSED)

    def resume(self) -> None:
        """Carry on recording into the same take."""
        if self._state is RecorderState.PAUSED and self._device:
            self._device.set_paused(False)
            self._set_state(RecorderState.RECORDING)

    def stop(self) -> Path | None:
        """Finish the take; ``finished(path, seconds)`` follows.

        Returns:
            The WAV written, or None if nothing was being recorded.
        """
        if self._state is RecorderState.IDLE or not self._device or not self._writer:
            return None
        self._timer.stop()
        self._device.set_paused(True)
        written = self._writer.path
        self._drain(force_flush=True)
        if self._device is None:
            return written  # a write error ended the take; finished was emitted
        self._device.close()
        self._writer.close()
        path, seconds = self._writer.path, self._writer.duration_s
        self._device, self._writer = None, None
        log.info("recording stopped: %s, %.1f s", path.name, seconds)
        self.level_changed.emit(0.0)
        self._set_state(RecorderState.IDLE)
        self.finished.emit(path, seconds)
        return path

    def _drain(self, force_flush: bool = False) -> None:
        if not self._device or not self._writer:
            return
        data = self._device.read()
        try:
            if data:
                self._writer.write(data)
            self._drains += 1
            if force_flush or self._drains % FLUSH_EVERY == 0:
                self._writer.flush()
        except OSError as exc:
            log.error("recording write failed: %s", exc)
            self.failed.emit("The recording could not be written to disk; it was stopped. "
                             "What was recorded so far is kept.")
            self._abort()
            return
        if data and self._state is RecorderState.RECORDING:
            self.level_changed.emit(level_of(data))
        self.elapsed_changed.emit(self._writer.duration_s)

    def _abort(self) -> None:
        """Stop after a write error without writing again; the file keeps its last flush."""
        self._timer.stop()
        device, writer = self._device, self._writer
        self._device, self._writer = None, None
        if device:
            device.close()
        if writer:
            try:
                writer.close()
            except OSError:
                pass  # repaired at the next start, like after a crash
        self._set_state(RecorderState.IDLE)
        if writer:
            self.finished.emit(writer.path, writer.duration_s)

    def _set_state(self, state: RecorderState) -> None:
        self._state = state
        self.state_changed.emit(state)


def level_of(pcm: bytes) -> float:
    """Loudness of 16-bit PCM as 0..1 (RMS in dBFS over a 60 dB range)."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    if samples.size == 0:
        return 0.0
    rms = float(np.sqrt(np.mean(samples * samples)))
    if rms <= 0.0:
        return 0.0
    return min(1.0, max(0.0, (20.0 * math.log10(rms) - _FLOOR_DB) / -_FLOOR_DB))
