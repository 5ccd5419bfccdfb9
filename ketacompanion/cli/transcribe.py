"""``ketacompanion transcribe FILE``: print the words spoken in a WAV, FLAC or OGG file.

Fully offline (see services.speech_engine). A missing engine, model or file is
one line on stderr and exit 2; a model whose files differ from the published
ones is refused the same way.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ketacompanion.cli import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``transcribe`` sub-command."""
    parser = subparsers.add_parser(
        "transcribe", help="print the words spoken in a WAV, FLAC or OGG file (offline)",
        description="Transcribe FILE with the offline tiny.en speech model and print the text.",
    )
    parser.add_argument("file", metavar="FILE", help="a WAV, FLAC or OGG recording")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Transcribe and print; one line and exit 2 when something is missing."""
    from ketacompanion.services.speech_engine import (
        SpeechEngine,
        SpeechUnavailable,
        load_audio,
        unavailable,
    )

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CliError(f"{args.file} does not exist" if not path.exists()
                       else f"{args.file} is not a file")
    problem = unavailable()
    if problem:
        raise CliError(problem)
    try:
        samples = load_audio(path)  # a file that is not audio is said before the model loads
        engine = SpeechEngine.load()
        transcript = engine.transcribe(samples)
    except SpeechUnavailable as exc:
        raise CliError(str(exc)) from None
    print(transcript.text)
    return 0
