"""Command line: the GUI by default, sub-commands for jobs without a window."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ketacompanion import __version__
from ketacompanion.paths import DataPaths, default_data_root, plain_folder_problem

# The plain window's own switches, read without a parser (see _plain_window_start).
_WINDOW_SWITCHES = {"--rehearse": "rehearse", "--exit-after-first-paint": "exit_after_first_paint"}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line and exit 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The parser; with ``with_commands``, every sub-command in ``COMMANDS`` too.

    Sub-command modules may import numpy, soundfile and the like, so the plain
    GUI start-up leaves them out to open the window sooner.
    """
    parser = _Parser(
        prog="ketacompanion",
        description="A calm, private companion for ketamine infusion sessions.",
    )
    parser.add_argument("--version", action="version", version=f"ketacompanion {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="keep all data in PATH (default: $KETACOMPANION_HOME or the per-user data folder)",
    )
    parser.add_argument(
        "--rehearse", action="store_true",
        help="open the Session page for a rehearsal (one session minute lasts one second)",
    )
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    from ketacompanion.cli import COMMANDS

    if with_commands and COMMANDS:
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name in COMMANDS:
            importlib.import_module(f"ketacompanion.cli.{name}").register(subparsers)
        _accept_data_dir_after(subparsers)
    return parser


def _accept_data_dir_after(subparsers: argparse._SubParsersAction) -> None:
    """Accept --data-dir after every sub-command and nested action (``playlist list``).

    SUPPRESS as default: a later parser that is not given the option leaves the
    one given before the sub-command alone.
    """
    for sub in subparsers.choices.values():
        sub.add_argument("--data-dir", metavar="PATH", default=argparse.SUPPRESS,
                         help="keep all data in PATH")
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_data_dir_after(action)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ketacompanion; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _plain_window_start(argv)
    if args is None:
        args = build_parser(with_commands=_names_a_command(argv)).parse_args(argv)
    args.data_root = Path(args.data_dir).expanduser() if args.data_dir else default_data_root()
    handler = getattr(args, "handler", None)
    problem = _make_data_folder(args.data_root, log_here=handler is not None)
    if problem is not None:
        print(f"ketacompanion: error: cannot use the data folder {args.data_root}: {problem}",
              file=sys.stderr)
        if handler is None:
            # Rare, so the message's Qt classes load only now.
            from ketacompanion.ui.startup_problem import show_data_folder_problem

            show_data_folder_problem(args.data_root, problem)
        return 2
    if handler is None:
        # Qt only loads when a window is wanted; PySide6 first, so that its look at
        # each module the window then loads is a quick one.
        from ketacompanion.qt_import_scan import read_sources_directly

        read_sources_directly()
        from ketacompanion.gui import run_gui

        return run_gui(args.data_root, exit_after_paint=args.exit_after_first_paint,
                       rehearse=args.rehearse)
    from ketacompanion.cli import CliError

    try:
        return int(handler(args))
    except CliError as exc:
        print(f"ketacompanion: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a command line never shows a traceback
        logging.getLogger(__name__).exception("command %s failed", args.command)
        print(f"ketacompanion: error: unexpected problem ({exc.__class__.__name__}: {exc})",
              file=sys.stderr)
        return 1


def _make_data_folder(root: Path, log_here: bool) -> str | None:
    """Make the private data folder; why it cannot be made, in plain words, or None.

    Done before anything else, so a read-only disk, an unplugged drive or a
    ``--data-dir`` naming a file is one calm sentence, not a traceback.

    Args:
        root: The data folder.
        log_here: Also send log records to its private log file. Sub-commands need
            this: without a handler, Python prints a logged traceback on stderr. The
            window sets up the same log itself when it is built.
    """
    try:
        paths = DataPaths(root).ensure()
        if log_here:
            from ketacompanion.diagnostics import setup_logging

            setup_logging(paths.logs)
    except OSError as exc:
        return plain_folder_problem(exc)
    return None


def _plain_window_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of a plain window start, read directly; None for anything else.

    Building the parser costs about 4 ms (its help's regular expressions and
    translation look-ups), paid before the window only to read a folder and two
    switches. Only the exact spellings below are read here; anything else (help,
    the version, a sub-command, a shortened or unknown option, a missing value)
    goes to the parser, so every message and exit code stays argparse's own.
    """
    options = argparse.Namespace(data_dir=None, rehearse=False, exit_after_first_paint=False)
    tokens = iter(argv)
    for token in tokens:
        if token in _WINDOW_SWITCHES:
            setattr(options, _WINDOW_SWITCHES[token], True)
        elif token.startswith("--data-dir="):
            options.data_dir = token[len("--data-dir="):]
        elif token == "--data-dir":
            value = next(tokens, None)
            if value is None or value.startswith("-"):
                return None  # the parser says what is missing
            options.data_dir = value
        else:
            return None
    return options


def _names_a_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` holds a positional word or asks for help (so sub-commands matter)."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
        elif token == "--data-dir":
            skip_next = True
        elif token in ("-h", "--help") or not token.startswith("-"):
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
