"""The journal under a passphrase: its state, unlocking, protecting and re-keying it.

A protected data folder holds ``ketacompanion.keys`` (see core.keychain), an
SQLCipher database, and drafts and takes sealed with AES-256-GCM (core.sealed)
under their usual names. The key file's presence is the one fact that says the
journal is protected.

Protecting an existing journal is crash-safe. Everything new is first written
beside the old under ``<name>.vault-new``, with the key file as
``ketacompanion.keys.vault-new``; the single rename of that key file into place
is the commit. Before it, a kill leaves the old journal whole and :func:`settle`
removes the new copies; after it, the new journal is whole and :func:`settle`
finishes the renames, overwriting each plaintext file with zeros before it goes
(an SSD may still keep old blocks: the app says so). No step needs the key.

Nothing here imports Qt; sqlcipher3, argon2 and cryptography load only once a
journal is protected or being protected.
"""

from __future__ import annotations

import enum
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ketacompanion.core.files import atomic_write_bytes, fsync_dir

if TYPE_CHECKING:
    from ketacompanion.core.kdf_cost import Calibrate
    from ketacompanion.core.keychain import DataKey, KdfParams, KeychainError, WrongSecretError

log = logging.getLogger(__name__)

NEW_SUFFIX = ".vault-new"
LOCK_NAME = "ketacompanion.lock"  # the GUI's folder lock (gui.LOCK_NAME)
# Files a kill left half-written: partial copies of a note or a take, in plaintext
# on an unprotected journal. Protection removes them with the rest.
_TEMP_PATTERNS = (".note-*.tmp", ".take-*.flac", ".*.tmp")
_KEEP_PLAIN = (".session",)  # a take's session mark: a start time, read before unlock

__all__ = ["VaultStatus", "VaultError", "WrongSecretError", "KeychainError", "vault_status",
           "unlock", "protect", "protect_with_key", "change_passphrase", "settle", "journal_in_use"]

_FROM_KEYCHAIN = ("KeychainError", "WrongSecretError", "DEFAULT_KDF")


def __getattr__(name: str) -> Any:
    """The key chain's errors, re-exported, load with it: a plain journal's start needs none."""
    if name in _FROM_KEYCHAIN:
        from ketacompanion.core import keychain

        return getattr(keychain, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Test hook: kill points for the crash tests (a step name; the process SIGKILLs
# itself when it reaches it). Unset in real use.
_KILL_AT_ENV = "KETACOMPANION_VAULT_KILL_AT"


class VaultPaths(Protocol):
    """What the vault needs of ketacompanion.paths.DataPaths."""

    @property
    def root(self) -> Path: ...
    @property
    def database(self) -> Path: ...
    @property
    def keys(self) -> Path: ...
    @property
    def drafts(self) -> Path: ...
    @property
    def recordings(self) -> Path: ...


class VaultStatus(enum.Enum):
    """Whether the journal needs a key to open."""

    PLAIN = "plain"
    LOCKED = "locked"


class VaultError(Exception):
    """Protection cannot be done now; the message is meant for the person."""


def vault_status(paths: VaultPaths) -> VaultStatus:
    """PLAIN or LOCKED, after settling a conversion a kill left half done."""
    settle(paths)
    return VaultStatus.LOCKED if paths.keys.exists() else VaultStatus.PLAIN


def unlock(paths: VaultPaths, secret: str) -> DataKey:
    """The journal's data key, from the passphrase or the recovery code.

    Raises:
        WrongSecretError: The secret opens nothing ("That passphrase ... does not
            open this journal.").
        KeychainError: The key file is missing, damaged or from a newer version.
    """
    from ketacompanion.core.keychain import unwrap

    return unwrap(_read_keys(paths), secret)


def protect(paths: VaultPaths, passphrase: str,
            kdf: KdfParams | Calibrate | None = None) -> str:
    """Encrypt the existing (closed) journal under ``passphrase``; see :func:`protect_with_key`.

    Returns:
        The recovery code, to show the person once.
    """
    return protect_with_key(paths, passphrase, kdf)[0]


def protect_with_key(paths: VaultPaths, passphrase: str,
                     kdf: KdfParams | Calibrate | None = None) -> tuple[str, DataKey]:
    """Encrypt the existing (closed) journal under ``passphrase``, and keep its key.

    The database goes through ``sqlcipher_export`` into a new file; drafts and
    takes are sealed; then the key file's rename commits, and the plaintext is
    overwritten and removed. The journal must not be open (the app closed).
    Argon2's cost is ``kdf`` if given, else calibrated on this machine
    (core.kdf_cost), and kept in the key file for both slots.

    Returns:
        The recovery code (to show once) and the data key, so the app can reopen
        the journal at once without running Argon2 again.

    Raises:
        VaultError: Already protected, or the journal is open elsewhere.
        KeychainError: The passphrase is empty.
        OSError, sqlite3.Error: The disk refused; the old journal is left whole.
    """
    from ketacompanion.core.kdf_cost import resolve_kdf
    from ketacompanion.core.keychain import new_key_file
    from ketacompanion.core.sealed import is_sealed_file, seal

    settle(paths)
    if paths.keys.exists():
        raise VaultError("This journal is already protected. Change its passphrase instead.")
    if journal_in_use(paths):
        raise VaultError("ketacompanion is open on this journal. Close it first.")
    key_bytes, key, code = new_key_file(passphrase, resolve_kdf(kdf))
    file_key = key.file_key()
    _checkpoint(paths.database)
    _kill_point("start")
    atomic_write_bytes(_new(paths.keys), key_bytes)
    _kill_point("keys-written")
    if paths.database.exists() and paths.database.stat().st_size > 0:
        from ketacompanion.storage.cipher_db import export_plain_to_cipher

        export_plain_to_cipher(paths.database, _new(paths.database), key.database_key())
        _fsync_file(_new(paths.database))
        for extra in ("-journal", "-wal", "-shm"):  # the attached file's own, if any
            _new(paths.database).with_name(_new(paths.database).name + extra).unlink(
                missing_ok=True)
    _kill_point("database-exported")
    for path in _files_to_seal(paths):
        if is_sealed_file(path):
            continue
        atomic_write_bytes(_new(path), seal(file_key, path.read_bytes()))
        _kill_point("file-sealed")
    for folder in (paths.root, *_folders(paths)):
        fsync_dir(folder)
    _kill_point("before-commit")
    os.replace(_new(paths.keys), paths.keys)  # the commit
    fsync_dir(paths.root)
    _kill_point("committed")
    settle(paths)
    log.info("journal protected")
    return code, key


def change_passphrase(paths: VaultPaths, secret: str, new_passphrase: str,
                      kdf: KdfParams | Calibrate | None = None) -> None:
    """Rewrap the data key under ``new_passphrase``; nothing else changes.

    ``secret`` is the current passphrase or the recovery code. The key file is
    replaced atomically: a kill leaves the old one or the new one. The new slot's
    Argon2 cost is ``kdf`` if given, else calibrated again on this machine (once the
    secret has opened the key); the recovery slot keeps its own.

    Raises:
        WrongSecretError, KeychainError: As :func:`unlock`; or the new passphrase is empty.
    """
    from ketacompanion.core.kdf_cost import resolve_kdf
    from ketacompanion.core.keychain import rewrap

    new_bytes, _key = rewrap(_read_keys(paths), secret, new_passphrase,
                             lambda: resolve_kdf(kdf))
    _kill_point("rewrapped")
    atomic_write_bytes(paths.keys, new_bytes)
    log.info("journal passphrase changed")


def settle(paths: VaultPaths) -> None:
    """Finish (after the commit) or undo (before it) a protection a kill interrupted."""
    pending = _pending(paths)
    # SQLite's own files beside the half-written new database (its rollback journal).
    scratch = [_new(paths.database).with_name(_new(paths.database).name + extra)
               for extra in ("-journal", "-wal", "-shm")]
    scratch = [path for path in scratch if path.exists()]
    for folder in (paths.root, *_folders(paths)):  # writes a kill cut short
        scratch += _glob(folder, f".*{NEW_SUFFIX}.*.tmp")
    if not pending and not scratch and not _new(paths.keys).exists():
        return
    if not paths.keys.exists():
        log.warning("an interrupted protection is undone; the journal stays as it was")
        for path in [*pending, *scratch, _new(paths.keys)]:
            path.unlink(missing_ok=True)
        fsync_dir(paths.root)
        return
    for path in scratch:  # the export finished before the commit: nothing to roll back
        path.unlink(missing_ok=True)
    log.info("finishing an interrupted protection (%d files)", len(pending))
    database_new = _new(paths.database)
    if database_new.exists():
        # The plaintext WAL must never meet the encrypted file (it was checkpointed).
        for extra in ("-wal", "-shm", "-journal"):
            _shred(paths.database.with_name(paths.database.name + extra))
        _shred(paths.database, keep=True)
        _kill_point("settle-database")
        os.replace(database_new, paths.database)
        fsync_dir(paths.root)
    for new in pending:
        if new == database_new:
            continue
        target = new.with_name(new.name[: -len(NEW_SUFFIX)])
        _shred(target, keep=True)
        os.replace(new, target)
        _kill_point("settle-file")
    for folder in _folders(paths):
        for pattern in _TEMP_PATTERNS:
            for leftover in list(_glob(folder, pattern)):
                _shred(leftover)
        fsync_dir(folder)


def journal_in_use(paths: VaultPaths) -> bool:
    """True if a running ketacompanion holds the data folder's lock."""
    try:
        first = (paths.root / LOCK_NAME).read_text(encoding="utf-8", errors="replace")
        pid = int(first.splitlines()[0])
    except (OSError, ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False  # a stale lock
    except PermissionError:
        return True
    return True


def _read_keys(paths: VaultPaths) -> bytes:
    from ketacompanion.core.keychain import KeychainError

    try:
        return paths.keys.read_bytes()
    except FileNotFoundError as exc:
        raise KeychainError("This journal is not protected (it has no key file).") from exc
    except OSError as exc:
        raise KeychainError(f"The journal's key file cannot be read: {exc.strerror}.") from exc


def _folders(paths: VaultPaths) -> list[Path]:
    """Folders whose files are sealed: drafts, recordings, and damaged ones set aside."""
    kept = sorted(p for p in _glob(paths.root, "*.damaged-*") if p.is_dir())
    return [paths.drafts, paths.recordings, *kept]


def _files_to_seal(paths: VaultPaths) -> list[Path]:
    """Every file a protected journal keeps sealed (drafts, takes, damaged copies kept)."""
    # A damaged journal kept beside a fresh one (gui's "start a fresh journal") is
    # the person's words too: sealed whole, never deleted.
    found = sorted(p for p in _glob(paths.root, "*.damaged-*")
                   if p.is_file() and not p.name.endswith(NEW_SUFFIX))
    for folder in _folders(paths):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if (path.is_file() and not path.name.startswith(".")
                    and not path.name.endswith(NEW_SUFFIX) and path.suffix not in _KEEP_PLAIN):
                found.append(path)
    return found


def _pending(paths: VaultPaths) -> list[Path]:
    found = [_new(paths.database)] if _new(paths.database).exists() else []
    found += sorted(p for p in _glob(paths.root, f"*.damaged-*{NEW_SUFFIX}") if p.is_file())
    for folder in _folders(paths):
        if folder.is_dir():
            found += sorted(folder.glob(f"*{NEW_SUFFIX}"))
    return found


def _new(path: Path) -> Path:
    return path.with_name(path.name + NEW_SUFFIX)


def _glob(folder: Path, pattern: str) -> list[Path]:
    return list(folder.glob(pattern)) if folder.is_dir() else []


def _checkpoint(database: Path) -> None:
    """Fold the plaintext WAL into the database file, so the export sees every note."""
    if not database.exists() or database.stat().st_size == 0:
        return
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise VaultError("ketacompanion is open on this journal. Close it first.")
    finally:
        conn.close()


def _shred(path: Path, keep: bool = False) -> None:
    """Overwrite a plaintext file with zeros, fsync, and (unless ``keep``) remove it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        block = b"\x00" * 65536
        left = size
        while left > 0:
            left -= handle.write(block[: min(left, len(block))])
        handle.flush()
        os.fsync(handle.fileno())
    if not keep:
        path.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _kill_point(step: str) -> None:
    wanted = os.environ.get(_KILL_AT_ENV)
    if wanted is None:
        return
    name, _, count = wanted.partition(":")
    if name != step:
        return
    # "file-sealed:3" dies at the third time the step is reached.
    seen = _KILL_COUNTS[step] = _KILL_COUNTS.get(step, 0) + 1
    if seen >= int(count or 1):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


_KILL_COUNTS: dict[str, int] = {}
