"""``ketacompanion backup --out FILE``: the whole protected journal in one encrypted file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketacompanion.cli import FORCE_HELP, CliError, check_target


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``backup`` sub-command."""
    parser = subparsers.add_parser(
        "backup", help="write the whole journal, voice notes included, to one encrypted file",
        description="Write the protected journal (notes, voice notes, playlists) to FILE, "
                    "encrypted; restore it on another computer with 'ketacompanion restore'.",
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the backup; one line and exit 2 on a mistake."""
    from ketacompanion.cli.unlock import journal_key
    from ketacompanion.paths import DataPaths
    from ketacompanion.storage.backup import BackupError, write_backup

    out = Path(args.out).expanduser()
    check_target(out, args.force)
    paths = DataPaths(args.data_root).ensure()
    key = journal_key(paths)
    if key is None:
        raise CliError("a backup is always encrypted: protect the journal first "
                       "(ketacompanion protect)")
    try:
        count = write_backup(paths, key, out)
    except BackupError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"could not write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({count} files). It opens with your passphrase or recovery code.")
    return 0
