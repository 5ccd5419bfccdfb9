"""How every sub-command opens the journal: unlocked the same way when it is protected.

The passphrase (or the recovery code, which works wherever the passphrase does)
is read from the terminal without echo, or from the first line of standard input
when that is not a terminal (scripts, tests). A wrong one is one line and exit 2
(a CliError). An unprotected journal is opened as always, loading nothing more.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

from ketacompanion.cli import CliError

if TYPE_CHECKING:
    from ketacompanion.core.keychain import DataKey
    from ketacompanion.paths import DataPaths
    from ketacompanion.storage.database import Database

ASK = "Passphrase (or recovery code): "


def read_secret(prompt: str) -> str:
    """One secret: from the terminal without echo, else the next line of standard input.

    Raises:
        CliError: Standard input ended before a line was given.
    """
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise CliError("no passphrase was given") from None
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise CliError("no passphrase was given (standard input was empty)")
    return line.rstrip("\r\n")


def read_new_passphrase(prompt: str = "New passphrase: ") -> str:
    """A new passphrase: typed twice on a terminal, one line of standard input otherwise.

    Raises:
        CliError: Empty, or the two do not match.
    """
    first = read_secret(prompt)
    if not first.strip():
        raise CliError("the passphrase cannot be empty; nothing was changed")
    if sys.stdin is not None and sys.stdin.isatty() and read_secret("Again: ") != first:
        raise CliError("the two passphrases differ; nothing was changed")
    return first


def journal_key(paths: DataPaths) -> DataKey | None:
    """The key of a protected journal (asked for now); None when it is not protected.

    Raises:
        CliError: The secret does not open it, or the key file cannot be used.
    """
    from ketacompanion.storage.vault import VaultStatus, vault_status

    if vault_status(paths) is VaultStatus.PLAIN:
        return None
    from ketacompanion.storage.vault import KeychainError, unlock

    secret = read_secret(ASK)
    try:
        return unlock(paths, secret)
    except KeychainError as exc:  # WrongSecretError too: one line, exit 2
        raise CliError(str(exc)) from None


def open_journal(paths: DataPaths) -> Database:
    """The journal's database, unlocked if it is protected.

    Raises:
        CliError: A wrong secret, or the database cannot be opened.
    """
    from ketacompanion.storage.database import Database, DatabaseError

    key = journal_key(paths)
    try:
        return Database.open(paths.database, key=key)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
