"""Read a SoundFont (SF2, or SF3 with Ogg Vorbis samples): the zones that play a note.

A SoundFont is a RIFF file: ``sdta/smpl`` holds the samples, ``pdta`` the presets
(``phdr``/``pbag``/``pgen``), instruments (``inst``/``ibag``/``igen``) and sample
headers (``shdr``). A preset's zone picks an instrument for a key and velocity range;
the instrument's zones pick a sample and say how to play it (root key, tuning,
loop, volume envelope, pan, attenuation). This module flattens that into
:class:`Zone` records for one preset; :mod:`ketacompanion.audio.piano_render`
plays them. SF3 samples (MuseScore's compressed SoundFonts) are decoded with
libsndfile (soundfile) the first time a note needs them.

Only what a piano needs is read; modulators other than the SoundFont default
"velocity to attenuation" are not applied.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

import numpy as np
import soundfile

# Generator numbers from the SoundFont 2.04 specification.
GEN = {
    "startAddrsOffset": 0, "endAddrsOffset": 1, "startloopAddrsOffset": 2,
    "endloopAddrsOffset": 3, "startAddrsCoarseOffset": 4, "endAddrsCoarseOffset": 12,
    "pan": 17, "delayVolEnv": 33, "attackVolEnv": 34, "holdVolEnv": 35, "decayVolEnv": 36,
    "sustainVolEnv": 37, "releaseVolEnv": 38, "keynumToVolEnvHold": 39,
    "keynumToVolEnvDecay": 40, "instrument": 41, "keyRange": 43, "velRange": 44,
    "startloopAddrsCoarseOffset": 45, "initialAttenuation": 48,
    "endloopAddrsCoarseOffset": 50, "coarseTune": 51, "fineTune": 52, "sampleID": 53,
    "sampleModes": 54, "scaleTuning": 56, "overridingRootKey": 58,
}
_RANGES = (GEN["keyRange"], GEN["velRange"])
_DEFAULTS = {
    GEN["delayVolEnv"]: -12000, GEN["attackVolEnv"]: -12000, GEN["holdVolEnv"]: -12000,
    GEN["decayVolEnv"]: -12000, GEN["releaseVolEnv"]: -12000, GEN["scaleTuning"]: 100,
    GEN["overridingRootKey"]: -1, GEN["keyRange"]: (0, 127), GEN["velRange"]: (0, 127),
}
SF3_VORBIS = 0x10


class SoundFontError(Exception):
    """The file is not a SoundFont we can read."""


@dataclass(frozen=True)
class SampleHeader:
    """One ``shdr`` record."""

    name: str
    start: int
    end: int
    loop_start: int
    loop_end: int
    rate: int
    root: int
    correction: int
    link: int
    kind: int


@dataclass
class Zone:
    """One way to sound a note: a sample and the generators that shape it."""

    sample: SampleHeader
    gens: dict[int, object] = field(default_factory=dict)

    def get(self, name: str) -> int:
        """A numeric generator's value (or its default)."""
        value = self.gens.get(GEN[name], _DEFAULTS.get(GEN[name], 0))
        assert isinstance(value, int)
        return value

    def covers(self, key: int, velocity: int) -> bool:
        """Whether this zone sounds for ``key`` at ``velocity``."""
        klo, khi = self._range("keyRange")
        vlo, vhi = self._range("velRange")
        return klo <= key <= khi and vlo <= velocity <= vhi

    def _range(self, name: str) -> tuple[int, int]:
        """A range generator's low and high (the whole 0-127 by default)."""
        value = self.gens.get(GEN[name], (0, 127))
        assert isinstance(value, tuple)
        return value


class SoundFont:
    """A SoundFont file's presets, zones and (lazily decoded) samples."""

    def __init__(self, data: bytes) -> None:
        self.chunks = _chunks(data)
        self.info = self.chunks.get("INFO-list", {})
        self._smpl = self.chunks["smpl"]
        self.headers = [
            SampleHeader(_name(r[0]), *r[1:])
            for r in struct.iter_unpack("<20s5IBbHH", self.chunks["shdr"])
        ][:-1]  # the last record is the terminal "EOS"
        self._decoded: dict[int, np.ndarray] = {}

    @classmethod
    def load(cls, path: str) -> SoundFont:
        """Read a SoundFont file.

        Raises:
            SoundFontError: The file is missing, damaged or not a SoundFont.
        """
        try:
            with open(path, "rb") as handle:
                return cls(handle.read())
        except (OSError, KeyError, struct.error, ValueError) as exc:
            raise SoundFontError(f"cannot read the SoundFont {path} ({exc})") from exc

    def presets(self) -> list[tuple[int, int, str]]:
        """(bank, program, name) of every preset."""
        rows = list(struct.iter_unpack("<20sHHH3I", self.chunks["phdr"]))[:-1]
        return [(r[2], r[1], _name(r[0])) for r in rows]

    def zones(self, bank: int = 0, program: int = 0) -> list[Zone]:
        """The instrument zones of a preset, with preset generators added in."""
        phdr = list(struct.iter_unpack("<20sHHH3I", self.chunks["phdr"]))
        pbag = [r[0] for r in struct.iter_unpack("<HH", self.chunks["pbag"])]
        ibag = [r[0] for r in struct.iter_unpack("<HH", self.chunks["ibag"])]
        inst = [r[1] for r in struct.iter_unpack("<20sH", self.chunks["inst"])]
        pgen = list(struct.iter_unpack("<HH", self.chunks["pgen"]))
        igen = list(struct.iter_unpack("<HH", self.chunks["igen"]))
        index = next(
            (i for i, r in enumerate(phdr[:-1]) if r[1] == program and r[2] == bank), None
        )
        if index is None:
            raise SoundFontError(f"no preset {bank}:{program}")
        out: list[Zone] = []
        preset_zones = _bags(pbag, phdr[index][3], phdr[index + 1][3], pgen, "instrument")
        p_global, p_zones = preset_zones
        for pz in p_zones:
            i = pz.pop(GEN["instrument"])
            assert isinstance(i, int)
            i_global, i_zones = _bags(ibag, inst[i], inst[i + 1], igen, "sampleID")
            for iz in i_zones:
                gens = {**i_global, **iz}
                for gen, value in {**p_global, **pz}.items():  # preset values add on
                    if gen in _RANGES:
                        gens[gen] = _intersect(gens.get(gen, (0, 127)), value)
                    elif gen != GEN["sampleID"]:
                        gens[gen] = int(gens.get(gen, _DEFAULTS.get(gen, 0))) + int(value)
                sample = self.headers[int(gens.pop(GEN["sampleID"]))]
                out.append(Zone(sample, gens))
        return out

    def samples(self, header: SampleHeader) -> tuple[np.ndarray, int, int]:
        """The sample's frames as float32, with its loop start and end in those frames."""
        number = self.headers.index(header)
        if number not in self._decoded:
            self._decoded[number] = self._decode(header)
        frames = self._decoded[number]
        if header.kind & SF3_VORBIS:  # SF3 loop points count from the sample's own start
            return frames, header.loop_start, header.loop_end
        return frames, header.loop_start - header.start, header.loop_end - header.start

    def _decode(self, header: SampleHeader) -> np.ndarray:
        if header.kind & SF3_VORBIS:
            blob = self._smpl[header.start : header.end]
            data, _ = soundfile.read(io.BytesIO(blob), dtype="float32")
            return np.ascontiguousarray(data if data.ndim == 1 else data[:, 0])
        raw = np.frombuffer(self._smpl, dtype="<i2", count=header.end - header.start,
                            offset=header.start * 2)
        return raw.astype(np.float32) / 32768.0


def _bags(bags, first, last, gens, terminal):
    """Zones of one preset or instrument: (global generators, [zone generators])."""
    terminal_id = GEN[terminal]
    global_gens: dict[int, object] = {}
    zones: list[dict[int, object]] = []
    for b in range(first, last):
        zone: dict[int, object] = {}
        for oper, amount in gens[bags[b] : bags[b + 1]]:
            zone[oper] = _amount(oper, amount)
        if terminal_id in zone:
            zones.append(zone)
        elif b == first:
            global_gens = zone
    return global_gens, zones


def _amount(oper: int, amount: int) -> object:
    if oper in _RANGES:
        return (amount & 0xFF, amount >> 8)
    if oper in (GEN["instrument"], GEN["sampleID"], GEN["sampleModes"]):
        return amount
    return amount - 0x10000 if amount >= 0x8000 else amount


def _intersect(a, b) -> tuple[int, int]:
    return (max(a[0], b[0]), min(a[1], b[1]))


def _name(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("latin-1").strip()


def _chunks(data: bytes) -> dict:
    """The sub-chunks of a SoundFont's RIFF, by id (INFO's as a dict of texts)."""
    if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
        raise SoundFontError("not a SoundFont (no RIFF sfbk header)")
    out: dict = {}
    pos = 12
    while pos + 8 <= len(data):
        cid, size = struct.unpack_from("<4sI", data, pos)
        if cid == b"LIST":
            kind = data[pos + 8 : pos + 12]
            sub = pos + 12
            while sub + 8 <= pos + 8 + size:
                sid, ssize = struct.unpack_from("<4sI", data, sub)
                body = data[sub + 8 : sub + 8 + ssize]
                if kind == b"INFO":
                    out.setdefault("INFO-list", {})[sid.decode("latin-1")] = body
                else:
                    out[sid.decode("latin-1")] = body
                sub += 8 + ssize + (ssize & 1)
        pos += 8 + size + (size & 1)
    return out
