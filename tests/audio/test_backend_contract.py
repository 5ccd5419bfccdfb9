"""The mixer backend's contract, checked on the real pygame mixer (disk driver).

Any other backend (a fake for fast UI tests, say) must pass these same tests
before it may be used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import frequency, max_step, sounding_span
from ketacompanion.audio.backend import BackendError, MixerBackend, to_pcm16

SR = 44100


def sine_chunks(count: int, frames: int, freq: float = 441.0) -> list[np.ndarray]:
    t = np.arange(count * frames) / SR
    tone = (0.25 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    stereo = np.column_stack([tone, tone])
    return [stereo[i * frames : (i + 1) * frames] for i in range(count)]


def test_queued_chunks_play_back_to_back_without_a_gap(disk_output: Any, qtbot: QtBot) -> None:
    backend = MixerBackend()
    backend.open()
    assert backend.is_open and backend.sample_rate == SR
    chunks = sine_chunks(8, 4410)
    backend.start(chunks[0])
    assert backend.busy()
    for chunk in chunks[1:]:
        backend.queue(chunk)
        assert not backend.wants_data()  # the slot is taken until this chunk starts
        disk_output.wait_until(qtbot, backend.wants_data)
    disk_output.wait_until(qtbot, lambda: not backend.busy())
    backend.close()
    out = disk_output.frames()
    start, end = sounding_span(out[:, 0], 0)
    assert end - start == pytest.approx(8 * 4410, abs=2)
    played = out[start:end, 0]
    assert frequency(played, SR) == pytest.approx(441.0, abs=0.01)
    assert max_step(played) <= 2 * np.pi * 441 / SR * 0.25 + 2 / 32768


def test_stop_drops_what_is_queued(disk_output: Any) -> None:
    backend = MixerBackend()
    backend.open()
    chunks = sine_chunks(2, SR)
    backend.start(chunks[0])
    backend.queue(chunks[1])
    backend.stop()
    assert not backend.busy() and backend.wants_data()
    backend.close()


def test_calls_on_a_closed_or_vanished_mixer_raise_backend_error(disk_output: Any) -> None:
    import pygame

    backend = MixerBackend()
    with pytest.raises(BackendError):
        backend.queue(sine_chunks(1, 100)[0])
    backend.open()
    pygame.mixer.quit()  # the device goes away underneath
    for call in (backend.wants_data, backend.busy, lambda: backend.start(sine_chunks(1, 10)[0])):
        with pytest.raises(BackendError):
            call()
    assert not backend.is_open
    backend.close()  # always safe


def test_no_device_raises_a_clear_backend_error(no_device: None) -> None:
    backend = MixerBackend()
    with pytest.raises(BackendError, match="No sound output"):
        backend.open()
    assert not backend.is_open


def test_buffer_is_sized_against_underruns() -> None:
    assert 1024 <= MixerBackend().buffer_frames <= 2048


def test_pcm_conversion_never_exceeds_the_input_and_bends_softly_at_the_top() -> None:
    x = np.linspace(-1.5, 1.5, 30001, dtype=np.float32)
    pcm = to_pcm16(np.column_stack([x, x])).reshape(-1, 2)[:, 0].astype(np.int32)
    inside = np.abs(x) <= 0.9
    np.testing.assert_array_less(np.abs(pcm[inside]), np.abs(x[inside]) * 32767 + 1)
    assert np.abs(pcm).max() <= 32767
    assert np.all(np.diff(pcm) >= 0)  # monotonic: no wrap-around, no hard corner
