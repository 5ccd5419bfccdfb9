"""``ketacompanion restore FILE``: a backup into a data folder that holds no journal yet."""

from __future__ import annotations

import argparse
from pathlib import Path

from ketacompanion.cli import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``restore`` sub-command."""
    parser = subparsers.add_parser(
        "restore", help="restore a backup made with 'ketacompanion backup'",
        description="Restore the journal in FILE into the data folder (which must not hold a "
                    "journal yet). Asks for the passphrase or the recovery code.",
    )
    parser.add_argument("file", metavar="FILE", help="the backup file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Restore; one line and exit 2 on a mistake (nothing is kept then)."""
    from ketacompanion.cli.unlock import ASK, read_secret
    from ketacompanion.paths import DataPaths
    from ketacompanion.storage.backup import (
        BackupError,
        read_backup_header,
        restore_backup,
        unlock_backup,
    )
    from ketacompanion.storage.vault import KeychainError

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CliError(f"{args.file} does not exist" if not source.exists()
                       else f"{args.file} is not a file")
    paths = DataPaths(args.data_root).ensure()
    try:
        read_backup_header(source)  # a foreign file is said before a passphrase is asked
        key = unlock_backup(source, read_secret(ASK))
        restore_backup(source, key, paths)
    except (BackupError, KeychainError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"could not restore into {paths.root}: {exc.strerror or exc}; "
                       "nothing was kept") from None
    sessions = _count_sessions(paths, key)
    print(f"Restored {sessions} session{'s' if sessions != 1 else ''} into {paths.root}.")
    return 0


def _count_sessions(paths: object, key: object) -> int:
    from ketacompanion.storage.database import Database

    database = Database.open(paths.database, key=key)  # type: ignore[attr-defined,arg-type]
    try:
        return int(database.connection.execute("SELECT count(*) FROM sessions").fetchone()[0])
    finally:
        database.close()
