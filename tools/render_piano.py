"""Compose and render the bundled calm piano pieces into ``assets/audio/``.

Pipeline: ``piano_compose`` makes the notes (fixed seeds, so every run gives the
same pieces) -> a small Standard MIDI File writer -> the ``fluidsynth`` CLI with the
MIT-licensed FluidR3_GM soundfont (Debian: fluid-soundfont-gm), a large soft room
and no chorus -> numpy: trim, gated-loudness normalisation, fades -> OGG Vorbis
with title/artist tags via soundfile.

Usage::

    python tools/render_piano.py                 # render all pieces
    python tools/render_piano.py --only drift --report /tmp/look  # + figures, spectrograms
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audio_report import analyse, spectrogram_png
from piano_compose import Note, PieceSpec, compose

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "audio"
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
ARTIST = "ketacompanion"
RATE = 44100
TARGET_DB = -20.0  # gated mean loudness, about -20 LUFS for solo piano
PEAK_LIMIT_DB = -3.0
VORBIS_QUALITY = 0.4  # ~100 kb/s for sparse piano; soundfile takes 1 - quality
SYNTH_SETTINGS = {
    "audio.file.format": "float",  # keep headroom until our own normalisation
    "synth.polyphony": 512,  # pedalled arpeggios hold many voices; never steal one
    "synth.chorus.active": 0,  # chorus makes a piano sound detuned
    "synth.reverb.active": 1,  # a large, soft room: long tails, dull highs
    "synth.reverb.room-size": 0.86,
    "synth.reverb.damp": 0.45,
    "synth.reverb.width": 1.0,
    "synth.reverb.level": 0.75,
}

PIECES = (
    PieceSpec(
        slug="drift",
        title="Drift",
        tonic=37,
        scale="major",
        bpm=58,
        beats_per_bar=4,
        figure="flow",
        progressions={
            "A": "1+9 5/3 6+7 4+9 1+9 5/3 4+9 5s",
            "B": "4+9 1/3 2+7 5s 6+7 3+7 4+9 5",
            "C": "4+9 6+7 4+9 5s",
        },
        form=(
            ("A", "intro", 0.8),
            ("A", "melody", 0.9),
            ("A", "melody", 0.95),
            ("B", "melody", 1.0),
            ("B", "melody", 1.05),
            ("A", "return", 0.95),
            ("A", "interlude", 0.8),
            ("B", "melody", 1.0),
            ("B", "return", 1.0),
            ("A", "return", 0.9),
            ("A", "sparse", 0.85),
            ("C", "interlude", 0.75),
        ),
        melody_range=(65, 85),
        seed=1101,
    ),
    PieceSpec(
        slug="still-water",
        title="Still Water",
        tonic=44,
        scale="major",
        bpm=50,
        beats_per_bar=3,
        figure="sway",
        progressions={
            "A": "1+7 4+7 1+7 4+7 6+7 2+7 5s 5s 1+7 4+7 1+7 4+7 2+7 5s 1+7 1+7",
            "B": "6+7 3+7 4+7 1/3 2+7 6+7 5s 5 6+7 3+7 4+7 4+7 2+7 2+7 5s 5s",
            "C": "4+7 2+7 4+7 5s",
        },
        form=(
            ("A", "intro", 0.8),
            ("A", "melody", 0.9),
            ("A", "melody", 0.95),
            ("B", "melody", 1.0),
            ("A", "return", 0.95),
            ("A", "interlude", 0.8),
            ("B", "return", 1.0),
            ("A", "sparse", 0.85),
            ("C", "interlude", 0.75),
        ),
        melody_range=(68, 87),
        seed=2202,
    ),
    PieceSpec(
        slug="slow-light",
        title="Slow Light",
        tonic=43,
        scale="lydian",
        bpm=64,
        beats_per_bar=4,
        figure="rolled",
        progressions={
            "A": "1+9 2 6+7 1+9 1+9 2 3+7 5s",
            "B": "6+7 7+7 1+9 2 6+7 3+7 5s 5",
            "C": "6+7 5s 2 2",
        },
        form=(
            ("A", "intro", 0.8),
            ("A", "melody", 0.9),
            ("A", "melody", 0.95),
            ("B", "melody", 1.0),
            ("B", "melody", 1.05),
            ("A", "return", 0.95),
            ("A", "interlude", 0.8),
            ("B", "melody", 1.0),
            ("B", "return", 0.95),
            ("A", "return", 0.9),
            ("A", "melody", 0.9),
            ("A", "sparse", 0.85),
            ("C", "interlude", 0.75),
        ),
        melody_range=(71, 88),
        seed=3303,
    ),
)


def midi_bytes(notes: list[Note], pedals: list[float], end_s: float) -> bytes:
    """A format-0 Standard MIDI File: program 0 on channel 0 only, 1 tick = 1 ms."""
    events: list[tuple[int, int, bytes]] = [
        (0, 0, bytes([0xC0, 0])),  # Acoustic Grand Piano
        (0, 0, bytes([0xB0, 7, 100])),
        (0, 0, bytes([0xB0, 91, 100])),  # generous reverb send for long, soft tails
        (0, 0, bytes([0xB0, 93, 0])),  # no chorus: it makes a piano sound detuned
    ]
    for note in _untangle(notes):
        events.append((round(note.start * 1000), 3, bytes([0x90, note.pitch, note.velocity])))
        events.append((round(note.end * 1000), 1, bytes([0x80, note.pitch, 0])))
    for time in pedals:  # legato pedalling: lift as the new harmony sounds, then catch it
        events.append((max(0, round(time * 1000) - 15), 2, bytes([0xB0, 64, 0])))
        events.append((round(time * 1000) + 90, 2, bytes([0xB0, 64, 127])))
    events.append((round(end_s * 1000), 2, bytes([0xB0, 64, 0])))
    events.sort(key=lambda event: (event[0], event[1]))
    track = bytearray(_vlq(0) + b"\xff\x51\x03" + (1_000_000).to_bytes(3, "big"))
    now = 0
    for time, _, body in events:
        track += _vlq(time - now) + body
        now = time
    track += _vlq(0) + b"\xff\x2f\x00"
    return (
        b"MThd"
        + struct.pack(">IHHH", 6, 0, 1, 1000)
        + b"MTrk"
        + struct.pack(">I", len(track))
        + bytes(track)
    )


def render(spec: PieceSpec, work: Path) -> np.ndarray:
    """Compose, synthesise and finish one piece; returns float32 stereo at RATE."""
    notes, pedals, end_s = compose(spec)
    midi = work / f"{spec.slug}.mid"
    midi.write_bytes(midi_bytes(notes, pedals, end_s))
    wav = work / f"{spec.slug}.wav"
    command = ["fluidsynth", "-ni", "-q", "-F", str(wav), "-r", str(RATE), "-g", "0.5"]
    for key, value in SYNTH_SETTINGS.items():
        command += ["-o", f"{key}={value}"]
    subprocess.run([*command, str(SOUNDFONT), str(midi)], check=True, capture_output=True)
    data, rate = sf.read(wav, dtype="float32", always_2d=True)
    assert rate == RATE, rate
    return finish(data)


def finish(data: np.ndarray) -> np.ndarray:
    """Trim the silent tail, set a calm loudness under the peak limit, fade in and out."""
    loud = np.flatnonzero(np.abs(data).max(axis=1) > 10 ** (-80 / 20))
    data = data[: loud[-1] + 1] if loud.size else data
    from audio_report import loudness_db

    gain_db = TARGET_DB - loudness_db(data, RATE)
    peak_db = 20 * np.log10(np.abs(data).max()) + gain_db
    gain_db -= max(0.0, peak_db - (PEAK_LIMIT_DB - 0.5))  # margin for Vorbis overshoot
    data = data * np.float32(10 ** (gain_db / 20))
    fade_in, fade_out = int(1.5 * RATE), int(14 * RATE)
    data[:fade_in] *= (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fade_in)))[:, None]
    data[-fade_out:] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, fade_out)))[:, None]
    return data.astype(np.float32)


def encode(spec: PieceSpec, data: np.ndarray, path: Path) -> None:
    """Write OGG Vorbis with title and artist comments."""
    with sf.SoundFile(
        path,
        "w",
        RATE,
        data.shape[1],
        format="OGG",
        subtype="VORBIS",
        compression_level=1 - VORBIS_QUALITY,
    ) as out:
        out.title = spec.title
        out.artist = ARTIST
        out.copyright = "CC0 1.0"
        # libsndfile 1.2's Vorbis encoder crashes on very large single writes.
        for start in range(0, data.shape[0], RATE):
            out.write(data[start : start + RATE])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the bundled calm piano pieces.")
    parser.add_argument("--only", action="append", help="slug(s) to render")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--report", type=Path, help="folder for figures and spectrograms")
    args = parser.parse_args(argv)
    if shutil.which("fluidsynth") is None or not SOUNDFONT.exists():
        sys.exit(
            "needs the fluidsynth CLI and FluidR3_GM.sf2 (apt install fluidsynth "
            "fluid-soundfont-gm)"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for spec in PIECES:
            if args.only and spec.slug not in args.only:
                continue
            data = render(spec, Path(work))
            target = args.out / f"{spec.slug}.ogg"
            encode(spec, data, target)
            size = target.stat().st_size / 1e6
            print(f"{target.name}: {data.shape[0] / RATE / 60:.2f} min, {size:.1f} MB")
            if args.report:
                args.report.mkdir(parents=True, exist_ok=True)
                decoded, _ = sf.read(target, dtype="float32", always_2d=True)
                figures = analyse(decoded, RATE)
                print("  " + " ".join(f"{k}={v:.1f}" for k, v in figures.items()))
                for at in (30.0, decoded.shape[0] / RATE / 2, decoded.shape[0] / RATE - 75):
                    png = args.report / f"{spec.slug}-{int(at)}s.png"
                    spectrogram_png(decoded, RATE, at, 60.0, png)
    return 0


def _untangle(notes: list[Note]) -> list[Note]:
    # A repeated key must be released before it is struck again, or the synth
    # would cut the new note when the old note-off arrives.
    fixed: list[Note] = []
    last: dict[int, int] = {}
    for note in sorted(notes, key=lambda n: (n.start, n.pitch)):
        if note.pitch in last:
            index = last[note.pitch]
            before = fixed[index]
            if before.end > note.start - 0.003:
                if note.start - before.start < 0.03:
                    continue  # the same key twice at once: one strike is enough
                fixed[index] = Note(before.start, note.start - 0.003, before.pitch, before.velocity)
        last[note.pitch] = len(fixed)
        fixed.append(Note(note.start, max(note.end, note.start + 0.05), note.pitch, note.velocity))
    return fixed


def _vlq(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


if __name__ == "__main__":
    sys.exit(main())
