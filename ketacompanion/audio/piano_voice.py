"""One piano note from SoundFont zones: resampled, looped, enveloped and panned, in numpy.

A sample-playback synthesiser in the SoundFont 2 manner: the zone's sample is read
at the pitch ratio (linear interpolation), looped between its loop points while the
note sounds, shaped by the volume envelope (delay, attack, hold, decay to sustain,
release; decay and release are linear in decibels, as the specification says) and
scaled by the velocity (the SoundFont default modulator: a concave curve of 96 dB
range, about the velocity squared) and the zone's initial attenuation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ketacompanion.audio.soundfont import SoundFont, Zone

FLOOR_DB = -66.0  # a note is cut once its envelope falls this far: below any room's noise


@dataclass(frozen=True)
class _Envelope:
    delay: float
    attack: float
    hold: float
    decay: float
    sustain_db: float
    release: float


def _tc(value: int) -> float:
    """Seconds from SoundFont timecents."""
    return 0.0 if value <= -12000 else 2.0 ** (value / 1200.0)


class PianoVoices:
    """Renders notes of one SoundFont preset at ``rate`` frames per second."""

    def __init__(self, font: SoundFont, rate: int, bank: int = 0, program: int = 0) -> None:
        self.font = font
        self.rate = rate
        self.zones = font.zones(bank, program)
        self._by_key: dict[tuple[int, int], list[Zone]] = {}

    def note(self, pitch: int, velocity: int, held_s: float) -> np.ndarray:
        """The note as float32 stereo frames, from its onset to its faded end."""
        zones = self._zones(pitch, velocity)
        if not zones:
            return np.zeros((0, 2), dtype=np.float32)
        env = self._envelope(zones[0], pitch)
        amp, frames = self._amplitude(env, held_s)
        out = np.zeros((frames, 2), dtype=np.float32)
        vel_gain = (velocity / 127.0) ** 2
        for zone in zones:
            mono = self._resampled(zone, pitch, frames)
            n = len(mono)
            # FluidSynth (like the E-mu hardware) applies 0.4 of the initial attenuation.
            gain = vel_gain * 10 ** (-0.4 * zone.get("initialAttenuation") / 200.0)
            theta = (max(-500, min(500, zone.get("pan"))) + 500) / 1000 * math.pi / 2
            voice = mono * (amp[:n] * gain)
            out[:n, 0] += voice * math.cos(theta)
            out[:n, 1] += voice * math.sin(theta)
        return out

    def _zones(self, pitch: int, velocity: int) -> list[Zone]:
        key = (pitch, velocity)
        if key not in self._by_key:
            self._by_key[key] = [z for z in self.zones if z.covers(pitch, velocity)]
        return self._by_key[key]

    def _envelope(self, zone: Zone, pitch: int) -> _Envelope:
        key_hold = 2.0 ** (zone.get("keynumToVolEnvHold") * (60 - pitch) / 1200.0)
        key_decay = 2.0 ** (zone.get("keynumToVolEnvDecay") * (60 - pitch) / 1200.0)
        return _Envelope(
            delay=_tc(zone.get("delayVolEnv")),
            attack=_tc(zone.get("attackVolEnv")),
            hold=_tc(zone.get("holdVolEnv")) * key_hold,
            decay=_tc(zone.get("decayVolEnv")) * key_decay,
            sustain_db=-max(0, min(1000, zone.get("sustainVolEnv"))) / 10.0,
            release=max(0.02, _tc(zone.get("releaseVolEnv"))),
        )

    def _amplitude(self, env: _Envelope, held_s: float) -> tuple[np.ndarray, int]:
        """The envelope as linear gain per frame, and how many frames the note lasts."""
        rate = self.rate
        top = env.delay + env.attack + env.hold

        def level_db(t: float) -> float:  # before the key is released
            if t <= top or env.decay <= 0:
                return 0.0 if t <= top or env.decay > 0 else env.sustain_db
            return max(env.sustain_db, -100.0 * (t - top) / env.decay)

        off = max(held_s, env.delay + env.attack)
        # The note may fade below the floor while still held (a long piano decay).
        if env.decay > 0 and env.sustain_db < FLOOR_DB:
            off = min(off, top - FLOOR_DB / 100.0 * env.decay)
        at_off = level_db(off)
        end = off + env.release * max(0.0, at_off - FLOOR_DB) / 100.0
        frames = max(1, math.ceil(end * rate))
        t = np.arange(frames, dtype=np.float32) / np.float32(rate)
        if env.decay > 0:
            db = np.maximum(env.sustain_db, -100.0 * (t - top) / env.decay).astype(np.float32)
            db = np.minimum(db, 0.0)
        else:
            db = np.full(frames, env.sustain_db, dtype=np.float32)
        released = t > off
        db[released] = at_off - 100.0 * (t[released] - off) / env.release
        amp = np.power(np.float32(10.0), db / np.float32(20.0))
        if env.attack > 0:
            amp *= np.clip((t - env.delay) / env.attack, 0.0, 1.0)
        elif env.delay > 0:
            amp[t < env.delay] = 0.0
        return amp, frames

    def _resampled(self, zone: Zone, pitch: int, frames: int) -> np.ndarray:
        data, loop_start, loop_end = self.font.samples(zone.sample)
        root = zone.get("overridingRootKey")
        root = zone.sample.root if root < 0 else root
        cents = (
            (pitch - root) * zone.get("scaleTuning")
            + zone.get("coarseTune") * 100
            + zone.get("fineTune")
            + zone.sample.correction
        )
        step = 2.0 ** (cents / 1200.0) * zone.sample.rate / self.rate
        pos = np.arange(frames, dtype=np.float64) * step
        looping = zone.get("sampleModes") in (1, 3) and 0 <= loop_start < loop_end <= len(data)
        if looping:
            span = loop_end - loop_start
            beyond = pos >= loop_end
            pos[beyond] = loop_start + np.mod(pos[beyond] - loop_start, span)
        else:
            pos = pos[pos < len(data) - 1]
        index = pos.astype(np.int64)
        frac = (pos - index).astype(np.float32)
        following = index + 1
        if looping:
            following[following >= loop_end] = loop_start
        following = np.minimum(following, len(data) - 1)
        left = data[index]
        return left + (data[following] - left) * frac
