"""Extract the acoustic grand piano from FluidR3_GM into ``assets/audio/piano.sf2``.

The fresh piano (``ketacompanion score`` and the "fresh piano" sessions) plays this
small SoundFont: only General MIDI preset 0 (bank 0, "Yamaha Grand Piano") with its
instrument zones and the 40 samples they use, about 8 MB. Preset generators are
folded into the instrument's zones, so the file has one preset, one instrument and
no modulators (the SoundFont default modulators still apply in every synthesiser).

FluidR3_GM is MIT-licensed (see assets/audio/CREDITS.md). Install it for this tool
only: ``apt-get install fluid-soundfont-gm``.

Usage::

    python tools/make_piano_soundfont.py [--source /usr/share/sounds/sf2/FluidR3_GM.sf2]
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ketacompanion.audio.soundfont import GEN, SoundFont  # noqa: E402

SOURCE = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
OUT = ROOT / "assets" / "audio" / "piano.sf2"
NAME = "Grand Piano (FluidR3_GM)"
PAD = 46  # zero frames after each sample, as the specification asks


def build(source: Path) -> bytes:
    """The piano-only SoundFont, as bytes."""
    font = SoundFont(source.read_bytes())
    zones = font.zones(0, 0)
    smpl = font.chunks["smpl"]
    headers, index, data = [], {}, bytearray()
    for zone in zones:
        h = zone.sample
        if h in index:
            continue
        index[h] = len(headers)
        start = len(data) // 2
        data += smpl[h.start * 2 : h.end * 2] + b"\0\0" * PAD
        headers.append((h, start))
    shdr = b"".join(
        struct.pack(
            "<20s5IBbHH", h.name.encode("latin-1"), start, start + h.end - h.start,
            start + h.loop_start - h.start, start + h.loop_end - h.start, h.rate, h.root,
            h.correction, index.get(_partner(font, h), 0), h.kind,
        )
        for h, start in headers
    ) + struct.pack("<20s5IBbHH", b"EOS", 0, 0, 0, 0, 0, 0, 0, 0, 0)
    igen, ibag = bytearray(), bytearray()
    for zone in zones:
        ibag += struct.pack("<HH", len(igen) // 4, 0)
        gens = dict(zone.gens)
        ordered = [g for g in (GEN["keyRange"], GEN["velRange"]) if g in gens]
        ordered += sorted(g for g in gens if g not in ordered)
        for g in ordered:
            igen += struct.pack("<HH", g, _encode(gens[g]))
        igen += struct.pack("<HH", GEN["sampleID"], index[zone.sample])
    ibag += struct.pack("<HH", len(igen) // 4, 0)
    igen += struct.pack("<HH", 0, 0)
    pdta = [
        ("phdr", struct.pack("<20sHHH3I", b"Grand Piano", 0, 0, 0, 0, 0, 0)
         + struct.pack("<20sHHH3I", b"EOP", 0, 0, 1, 0, 0, 0)),
        ("pbag", struct.pack("<HH", 0, 0) + struct.pack("<HH", 1, 0)),
        ("pmod", bytes(10)),
        ("pgen", struct.pack("<HH", GEN["instrument"], 0) + struct.pack("<HH", 0, 0)),
        ("inst", struct.pack("<20sH", b"Grand Piano", 0)
         + struct.pack("<20sH", b"EOI", len(zones))),
        ("ibag", bytes(ibag)),
        ("imod", bytes(10)),
        ("igen", bytes(igen)),
        ("shdr", shdr),
    ]
    info = [
        ("ifil", struct.pack("<HH", 2, 1)),
        ("isng", b"EMU8000\0"),
        ("INAM", _text(NAME)),
        ("ICOP", _text("Copyright 2000-2002, 2008 Frank Wen; 2008 Toby Smithe. MIT licence.")),
        ("ICMT", _text("Preset 0 of FluidR3_GM, extracted by tools/make_piano_soundfont.py")),
    ]
    body = (
        _list(b"INFO", info) + _list(b"sdta", [("smpl", bytes(data))]) + _list(b"pdta", pdta)
    )
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"sfbk" + body


def _partner(font: SoundFont, h):
    return font.headers[h.link] if h.link and h.link < len(font.headers) else None


def _encode(value: object) -> int:
    if isinstance(value, tuple):
        return value[0] | (value[1] << 8)
    assert isinstance(value, int)
    return value & 0xFFFF


def _text(text: str) -> bytes:
    raw = text.encode("latin-1") + b"\0"
    return raw + b"\0" * (len(raw) & 1)


def _list(kind: bytes, chunks: list[tuple[str, bytes]]) -> bytes:
    body = b"".join(
        cid.encode() + struct.pack("<I", len(c)) + c + b"\0" * (len(c) & 1) for cid, c in chunks
    )
    return b"LIST" + struct.pack("<I", len(body) + 4) + kind + body


def main() -> None:
    """Write the piano SoundFont."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(args.source)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
