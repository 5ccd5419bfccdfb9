"""``ketacompanion protect``: put the journal under a passphrase, or change the passphrase."""

from __future__ import annotations

import argparse

from ketacompanion.cli import CliError

RECOVERY_WORDS = (
    "Your recovery code (shown this once; write it down or print it, and keep it apart "
    "from this computer):\n\n    {code}\n\n"
    "It opens the journal wherever the passphrase does. If you forget the passphrase and "
    "lose this code, the journal cannot be opened by anyone, including you.")
OLD_BLOCKS = ("The unencrypted copies were overwritten and removed. An SSD may still keep "
              "old blocks of them until it reuses them; nothing here can reach those.")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``protect`` sub-command."""
    parser = subparsers.add_parser(
        "protect", help="protect the journal with a passphrase (or change its passphrase)",
        description="Encrypt the journal, its drafts and voice notes under a passphrase, and "
                    "show a recovery code once. On a protected journal: change the passphrase "
                    "(the current one or the recovery code is asked first). Close the app first.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Protect, or change the passphrase; one line and exit 2 on a mistake."""
    from ketacompanion.cli.unlock import ASK, read_new_passphrase, read_secret
    from ketacompanion.paths import DataPaths
    from ketacompanion.storage.vault import (
        KeychainError,
        VaultError,
        VaultStatus,
        change_passphrase,
        protect,
        vault_status,
    )

    paths = DataPaths(args.data_root).ensure()
    try:
        if vault_status(paths) is VaultStatus.LOCKED:
            secret = read_secret(ASK)
            from ketacompanion.storage.vault import unlock

            unlock(paths, secret)  # a wrong one is said before a new one is asked
            change_passphrase(paths, secret, read_new_passphrase())
            print("The passphrase has changed. Your recovery code still works.")
            return 0
        code = protect(paths, read_new_passphrase())
    except (KeychainError, VaultError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"the journal could not be protected ({exc.strerror or exc}); "
                       "it is as it was") from None
    print("Your journal is protected.\n")
    print(RECOVERY_WORDS.format(code=code))
    print("\n" + OLD_BLOCKS)
    return 0
