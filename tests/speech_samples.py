"""Sentences spoken by espeak-ng for the transcription tests, and how to make them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import soundfile

# Said as a person might after an infusion, by espeak-ng's American voice at 140 words
# a minute (its default pace slurs short words; tiny.en hears it at 0-10 % WER).
SENTENCES = (
    "I saw a wide blue ocean and my grandmother was smiling at me.",
    "The music felt like warm light moving slowly through my chest.",
    "Afterwards I felt calm and a little tired, but mostly grateful.",
    "There was a long green hallway with doors that opened by themselves.",
    "My body felt heavy and the room was very far away.",
    "I talked with my father and I was not afraid.",
)
VOICE = ("-v", "en-us", "-s", "140")


def spoken(text: str, folder: Path, rate: int = 16000) -> np.ndarray:
    """``text`` said by espeak-ng, as mono int16 samples at ``rate`` (sox converts).

    Without dither (``-D``): sox's dither is random, and the same sentence would
    not be the same test twice.
    """
    wav, raw = folder / "said.wav", folder / "said.raw"
    subprocess.run(["espeak-ng", *VOICE, "-w", str(wav), text], check=True, timeout=30)
    subprocess.run(["sox", "-D", str(wav), "-r", str(rate), "-c", "1", "-b", "16", "-e",
                    "signed-integer", "-L", "-t", "raw", str(raw)], check=True, timeout=30)
    return np.frombuffer(raw.read_bytes(), dtype="<i2").copy()


def write_take(samples: np.ndarray, path: Path, rate: int = 16000) -> Path:
    """Store ``samples`` as a take would be (FLAC, 16-bit) and return the path."""
    soundfile.write(path, samples, rate, subtype="PCM_16", format="FLAC")
    return path
