"""``ketacompanion binaural``: write a binaural beat file to play on a phone or another player.

The format follows the extension (.wav, .flac, .ogg); the file fades in and
out, peaks at or under -12 dBFS and is rendered in chunks, so an hour needs no
more memory than a second. The file appears atomically (temp file, fsync,
rename) so a half-written file never takes its name.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import soundfile

from ketacompanion.cli import FORCE_HELP, CliError, check_target
from ketacompanion.core.binaural import (
    DEFAULT_PEAK_DBFS,
    DEFAULT_SAMPLE_RATE,
    BinauralGenerator,
    db_to_gain,
    envelope,
)
from ketacompanion.core.models import BinauralSegment, InvalidItemError, NoiseColour

FORMATS = {".wav": ("WAV", "PCM_16"), ".flac": ("FLAC", "PCM_16"), ".ogg": ("OGG", "VORBIS")}
MAX_MINUTES = 24 * 60
CHUNK_FRAMES = 32768
# Rounding to 16 bits may add half a step; lossy Vorbis can overshoot a little more.
_PCM_HEADROOM_DB = 0.01
_OGG_HEADROOM_DB = 0.5
DEFAULT_NOISE_LEVEL = 0.3


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``binaural`` sub-command."""
    parser = subparsers.add_parser(
        "binaural",
        help="write a binaural beat audio file (WAV, FLAC or OGG)",
        description="Write a stereo binaural beat: left = carrier - beat/2, "
        "right = carrier + beat/2, fading in and out.",
    )
    parser.add_argument("--carrier", required=True, metavar="HZ", help="carrier (50-1000 Hz)")
    parser.add_argument("--beat", required=True, metavar="HZ", help="beat (0.5-40 Hz)")
    parser.add_argument("--to-beat", metavar="HZ", help="glide the beat to this value")
    parser.add_argument("--to-carrier", metavar="HZ", help="glide the carrier to this value")
    parser.add_argument("--noise", metavar="pink|brown|white", help="noise bed under the tone")
    parser.add_argument("--noise-level", metavar="0..1",
                        help=f"noise bed level (default {DEFAULT_NOISE_LEVEL:g})")
    parser.add_argument("--minutes", required=True, metavar="M", help="length in minutes")
    parser.add_argument("--fade-in", default="10", metavar="S", help="fade-in seconds")
    parser.add_argument("--fade-out", default="20", metavar="S", help="fade-out seconds")
    parser.add_argument("--rate", default=str(DEFAULT_SAMPLE_RATE), metavar="HZ")
    parser.add_argument("--out", required=True, metavar="FILE", help="output .wav, .flac or .ogg")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Render the file described by ``args``; raise CliError on a user mistake."""
    segment = segment_from_args(args)
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise CliError(f"--out must end in .wav, .flac or .ogg, not {out.name!r}")
    check_target(out, args.force)
    rate = _int(args.rate, "--rate", 8000, 192000)
    fade_in = _number(args.fade_in, "--fade-in", 0, 3600)
    fade_out = _number(args.fade_out, "--fade-out", 0, 3600)
    try:
        write_file(segment, out, rate=rate, fade_in_s=fade_in, fade_out_s=fade_out)
    except (OSError, RuntimeError, soundfile.LibsndfileError) as exc:
        raise CliError(f"could not write {out.name}: {exc}") from exc
    print(f"wrote {out} ({segment.duration_s / 60:g} min)")
    return 0


def segment_from_args(args: argparse.Namespace) -> BinauralSegment:
    """Build and validate the segment the arguments describe."""
    minutes = _number(args.minutes, "--minutes", 0, MAX_MINUTES)
    if minutes <= 0:
        raise CliError("--minutes must be more than 0")
    noise = None
    # Checked even without --noise: a value that would be ignored is still a mistake.
    level = _optional(args.noise_level, "--noise-level", 0.0, 1.0)
    if args.noise is None and level is not None:
        raise CliError("--noise-level sets how loud the noise is; add --noise pink, brown or white")
    if args.noise is not None:
        try:
            noise = NoiseColour(args.noise.lower())
        except ValueError:
            raise CliError(f"--noise must be pink, brown or white, not {args.noise!r}") from None
    try:
        return BinauralSegment(
            carrier_hz=_number(args.carrier, "--carrier"),
            beat_hz=_number(args.beat, "--beat"),
            duration_s=minutes * 60.0,
            to_carrier_hz=_optional(args.to_carrier, "--to-carrier"),
            to_beat_hz=_optional(args.to_beat, "--to-beat"),
            noise=noise,
            noise_level=(DEFAULT_NOISE_LEVEL if level is None else level) if noise else 0.0,
        )
    except InvalidItemError as exc:
        raise CliError(str(exc)) from None


def write_file(
    segment: BinauralSegment,
    path: Path,
    *,
    rate: int = DEFAULT_SAMPLE_RATE,
    fade_in_s: float = 10.0,
    fade_out_s: float = 20.0,
    peak_dbfs: float = DEFAULT_PEAK_DBFS,
) -> None:
    """Render ``segment`` with fades to ``path`` (format from its extension), atomically."""
    container = FORMATS[path.suffix.lower()][0]
    peak_dbfs -= _OGG_HEADROOM_DB if container == "OGG" else _PCM_HEADROOM_DB
    generator = BinauralGenerator(segment, rate, peak=db_to_gain(peak_dbfs))
    total = generator.total_frames
    # Fades never overlap: each takes at most half the file.
    fade_in = min(round(fade_in_s * rate), total // 2)
    fade_out = min(round(fade_out_s * rate), total // 2)
    with audio_file_atomically(path, rate) as sink:
        while generator.remaining:
            start = generator.position
            chunk = generator.read(CHUNK_FRAMES)
            chunk *= envelope(start, len(chunk), total, fade_in, fade_out)[:, None].astype(
                chunk.dtype
            )
            sink.write(chunk)


@contextmanager
def audio_file_atomically(path: Path, rate: int) -> Iterator[soundfile.SoundFile]:
    """A stereo sound file (format from ``path``'s extension) that appears whole or not at all.

    Written to a private temp file beside ``path``, fsynced and renamed over it once the
    block ends without an error; the temp file never outlives the block.
    """
    container, subtype = FORMATS[path.suffix.lower()]
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix,
                                        dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        with soundfile.SoundFile(tmp, "w", rate, 2, subtype, format=container) as sink:
            yield sink
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _number(text: str, name: str, low: float = -math.inf, high: float = math.inf) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise CliError(f"{name} must be a number, not {text!r}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise CliError(f"{name} must be between {low:g} and {high:g}, not {text}")
    return value


def _optional(text: str | None, name: str, low: float = -math.inf,
              high: float = math.inf) -> float | None:
    return None if text is None else _number(text, name, low, high)


def _int(text: str, name: str, low: int, high: int) -> int:
    value = _number(text, name, low, high)
    if value != int(value):
        raise CliError(f"{name} must be a whole number, not {text}")
    return int(value)
