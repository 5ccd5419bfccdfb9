"""Command-line sub-commands.

Each module named in COMMANDS exposes ``register(subparsers)``, which adds its
parser and calls ``parser.set_defaults(handler=run)``; ``run(args) -> int``
receives the parsed namespace with ``args.data_root`` (the chosen data folder,
a Path, not necessarily created yet). User errors raise CliError with a
one-line message; __main__ prints it and exits 2.
"""

COMMANDS: tuple[str, ...] = ("binaural", "playlist", "export")


class CliError(Exception):
    """A mistake the user can fix; the message is one plain line."""
