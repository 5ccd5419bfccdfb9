"""``ketacompanion score``: write the fresh piano (and/or beats) a session would play.

The plan (length, seed, arc and sound) is played through the same mixer a session
uses, with its fade-in at the start and its fade into the end, and written to a
WAV, FLAC or OGG file of exactly the session's length. The same command gives the
same audio; another seed gives other music. The file appears atomically, as
``binaural``'s does.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
import soundfile

from ketacompanion.cli import FORCE_HELP, CliError, check_target
from ketacompanion.cli.binaural import FORMATS, _int, _number, audio_file_atomically
from ketacompanion.core.arcs import ARCS, DEFAULT_ARC
from ketacompanion.core.composer import COMPOSER_VERSION
from ketacompanion.core.fitting import bed_for
from ketacompanion.core.fresh_piano import with_seed
from ketacompanion.core.models import Playlist
from ketacompanion.core.presets import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN
from ketacompanion.core.session_flow import SessionPlan
from ketacompanion.core.soundscapes import soundscape

SOUNDS = ("piano", "piano+beats", "beats")
CHUNK_FRAMES = 16384
MAX_SEED = 2**63 - 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``score`` sub-command."""
    parser = subparsers.add_parser(
        "score",
        help="write the fresh piano a session would play (WAV, FLAC or OGG)",
        description="Compose fresh piano for a session of the given length and arc and "
        "write what the session would play, fades included.",
    )
    parser.add_argument("--minutes", required=True, metavar="M",
                        help=f"session length ({SESSION_MINUTES_MIN}-{SESSION_MINUTES_MAX})")
    parser.add_argument("--seed", metavar="N", help="which music (default: a new one)")
    parser.add_argument("--sound", default="piano", metavar="|".join(SOUNDS),
                        help="piano (default), piano over beats, or beats only")
    parser.add_argument("--arc", default=DEFAULT_ARC, metavar="|".join(ARCS),
                        help=f"the arc's shape (default {DEFAULT_ARC})")
    parser.add_argument("--rate", default="44100", metavar="HZ")
    parser.add_argument("--out", required=True, metavar="FILE", help="output .wav, .flac or .ogg")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Render the session's sound described by ``args``; raise CliError on a user mistake."""
    minutes = _number(args.minutes, "--minutes", SESSION_MINUTES_MIN, SESSION_MINUTES_MAX)
    seed = random.SystemRandom().randrange(10**9) if args.seed is None else _seed(args.seed)
    if args.sound not in SOUNDS:
        raise CliError(f"--sound must be {_either(SOUNDS)}, not {args.sound!r}")
    if args.arc not in ARCS:
        raise CliError(f"--arc must be {_either(tuple(ARCS))}, not {args.arc!r}")
    rate = _int(args.rate, "--rate", 8000, 192000)
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise CliError(f"--out must end in .wav, .flac or .ogg, not {out.name!r}")
    check_target(out, args.force)
    playlist = session_playlist(minutes, seed, args.arc, args.sound)
    try:
        write_session(playlist, SessionPlan(minutes), out, rate)
    except (OSError, RuntimeError, soundfile.LibsndfileError) as exc:
        raise CliError(f"could not write {out.name}: {exc}") from exc
    piano = "" if args.sound == "beats" else f", seed {seed}, composer {COMPOSER_VERSION}"
    print(f"wrote {out} ({minutes:g} min, {args.sound}, arc {args.arc}{piano})")
    return 0


def session_playlist(minutes: float, seed: int, arc: str, sound: str) -> Playlist:
    """The playlist a session with this plan plays: the Prepare page's sound for the session."""
    key = {"piano": "fresh-piano", "piano+beats": "fresh-piano-beats", "beats": "beats"}[sound]
    return with_seed(soundscape(key).playlist(minutes, arc), seed)


def write_session(playlist: Playlist, plan: SessionPlan, path: Path, rate: int) -> None:
    """Play ``playlist`` through the session's mixer into ``path``, atomically."""
    from ketacompanion.audio.mix_timeline import MixerSettings
    from ketacompanion.audio.mixer import Mixer
    from ketacompanion.core.loudness import generated_gain

    mixer = Mixer(MixerSettings(sample_rate=rate))
    # As loud as the session plays it: the player brings each generated item to the
    # one loudness through the same gain.
    mixer.set_item_gains(lambda item: generated_gain(item) or 1.0)
    # As the player loads a session's playlist.
    mixer.load(playlist.items, bed=playlist.bed, bed_level=playlist.bed_level,
               end=playlist.end_behaviour, fill=bed_for(playlist, playlist.target_minutes))
    mixer.set_volume(1.0, ramp_s=0.0)
    mixer.start(0, 0.0)
    fade = plan.fade_session_s
    mixer.fade_out_after(plan.session_s - fade, fade)
    total = round(plan.session_s * rate)
    try:
        with audio_file_atomically(path, rate) as sink:
            written = 0
            while written < total:
                chunk, _info = mixer.render(min(CHUNK_FRAMES, total - written))
                sink.write(np.clip(chunk, -1.0, 1.0))
                written += len(chunk)
    finally:
        mixer.load([])  # stops the piano's worker


def _seed(text: str) -> int:
    try:
        value = int(text.strip(), 10)
    except ValueError:
        raise CliError(f"--seed must be a whole number, not {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise CliError(f"--seed must be a whole number from 0 to {MAX_SEED}, not {text}")
    return value


def _either(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1]
