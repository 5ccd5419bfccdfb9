"""Command-line sub-commands.

Each module named in COMMANDS exposes ``register(subparsers)``, which adds its
parser and calls ``parser.set_defaults(handler=run)``; ``run(args) -> int``
receives the parsed namespace with ``args.data_root`` (the chosen data folder,
a Path, not necessarily created yet). User errors raise CliError with a
one-line message; __main__ prints it and exits 2.

Every command that writes follows one rule, checked by :func:`check_target`: what
it writes never replaces something already there unless ``--force`` is given, and
the folder it writes in must exist (a mistyped folder is said, not made).
"""

from __future__ import annotations

import os
from pathlib import Path

COMMANDS: tuple[str, ...] = ("binaural", "playlist", "export", "transcribe", "score", "protect",
                             "backup", "restore")


class CliError(Exception):
    """A mistake the user can fix; the message is one plain line."""


FORCE_HELP = "replace what is already there"


def check_target(path: Path, force: bool) -> None:
    """Refuse to write ``path`` where it would replace something, or where its folder is missing.

    Args:
        path: The file (or, for ``export``, the folder) a command is about to write.
        force: The person gave ``--force``: what is there may be replaced.

    Raises:
        CliError: The folder holding ``path`` does not exist (a typo is never made
            into new folders), or ``path`` exists and ``force`` is not set.
    """
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"folder {str(folder)!r} does not exist; nothing was written")
    if os.path.lexists(path) and not force:
        raise CliError(f"{path} already exists; nothing was written (add --force to replace it)")
