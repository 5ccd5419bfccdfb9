"""One encrypted file holding the whole protected journal, to carry to a new laptop.

Layout: ``MAGIC``, a version byte, a 4-byte length and a small JSON header (the
journal's key file, public by design, and the key's id), then a sealed stream
(core.sealed, the journal's file key) of a tar archive: the SQLCipher database
(checkpointed), the sealed drafts and takes, and the key file. Every byte after
the header is authenticated, so a damaged, cut or foreign file is refused before
anything is kept.

Restoring writes each file as ``<name>.vault-new`` and commits by renaming the
key file into place, then storage.vault.settle finishes: a kill at any moment
leaves the data folder empty of a journal or holding the whole restored one.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
import struct
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Any

from ketacompanion.core.files import fsync_dir
from ketacompanion.core.keychain import DataKey, KeychainError, parse_key_file, unwrap
from ketacompanion.core.sealed import SealedError, SealingWriter, UnsealingReader
from ketacompanion.storage.vault import (
    NEW_SUFFIX,
    VaultError,
    VaultPaths,
    VaultStatus,
    journal_in_use,
    settle,
    vault_status,
)

log = logging.getLogger(__name__)

MAGIC = b"KCBACKUP"
VERSION = 1
_MAX_HEADER = 64 * 1024
_MAX_MEMBER = 2 << 30  # no take or database is this large; a bigger claim is damage
_DATABASE_NAME = "ketacompanion.sqlite3"
_KEYS_NAME = "ketacompanion.keys"
_FOLDERS = ("drafts", "recordings")


class BackupError(Exception):
    """The backup cannot be written or read; the message is meant for the person."""


def write_backup(paths: VaultPaths, key: DataKey, out: Path) -> int:
    """Write the whole protected journal to the new file ``out`` (0600, atomically).

    Returns:
        How many files went in (the database and key file included).

    Raises:
        BackupError: The journal is not protected, or is open in the app.
        OSError, sqlite3.Error: The file could not be written; nothing is left.
    """
    if vault_status(paths) is not VaultStatus.LOCKED:
        raise BackupError("A backup is always encrypted: protect the journal first "
                          "(ketacompanion protect).")
    if journal_in_use(paths):
        raise BackupError("ketacompanion is open on this journal. Close it first.")
    _checkpoint(paths.database, key)
    key_file = paths.keys.read_bytes()
    header = json.dumps({"format": "ketacompanion-backup", "version": VERSION,
                         "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                         "key_id": key.key_id,
                         "key_file": base64.b64encode(key_file).decode("ascii")}).encode()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    count = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + bytes([VERSION]) + struct.pack(">I", len(header)) + header)
            sealing = SealingWriter(handle, key.file_key())
            with tarfile.open(fileobj=sealing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                for name, path in _members(paths):
                    _add(tar, name, path)
                    count += 1
            sealing.close()
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_dir(out.parent)
    log.info("backup written (%d files)", count)
    return count


def read_backup_header(source: Path) -> dict[str, Any]:
    """The backup's public header, checked (no secret needed).

    Raises:
        BackupError: Not a ketacompanion backup, damaged, or from a newer version.
    """
    try:
        with source.open("rb") as handle:
            return _header(handle)
    except OSError as exc:
        raise BackupError(f"{source} cannot be read: {exc.strerror}.") from exc


def unlock_backup(source: Path, secret: str) -> DataKey:
    """The data key of the backup ``source``, from its passphrase or recovery code.

    Raises:
        BackupError: Not a backup, or damaged.
        WrongSecretError: The secret does not open it.
    """
    header = read_backup_header(source)
    return unwrap(header["key_file_bytes"], secret)


def restore_backup(source: Path, key: DataKey, paths: VaultPaths) -> int:
    """Restore the backup ``source`` into the data folder ``paths`` (which holds no journal).

    Returns:
        How many files were restored.

    Raises:
        BackupError: The folder holds a journal already, or the backup is damaged,
            cut short or not this key's; nothing of it is kept then.
        OSError: The disk refused; nothing of it is kept.
    """
    settle(paths)
    if journal_in_use(paths):
        raise BackupError("ketacompanion is open on this data folder. Close it first.")
    if _holds_a_journal(paths):
        raise BackupError(f"{paths.root} already holds a journal; nothing was restored "
                          "(restore into a new data folder with --data-dir).")
    written: list[Path] = []
    try:
        with source.open("rb") as handle:
            header = _header(handle)
            if header.get("key_id") != key.key_id:
                raise BackupError("This backup belongs to another journal's key.")
            reader = UnsealingReader(handle, key.file_key())
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    written.append(_extract(tar, member, paths))
            if reader.read(1):
                raise BackupError("The backup is damaged (bytes after its end).")
        if _new(paths.keys) not in written:
            raise BackupError("The backup is damaged (its key file is missing).")
        if _new(paths.database) in written:
            _check_database(_new(paths.database), key)
    except (SealedError, tarfile.TarError, EOFError) as exc:
        _undo(written)
        raise BackupError(f"The backup {source.name} is damaged or cut short; nothing was "
                          "restored.") from exc
    except BaseException:
        _undo(written)
        raise
    for folder in (paths.root, paths.drafts, paths.recordings):
        fsync_dir(folder)
    os.replace(_new(paths.keys), paths.keys)  # the commit
    fsync_dir(paths.root)
    settle(paths)
    log.info("backup restored (%d files)", len(written))
    return len(written)


def _holds_a_journal(paths: VaultPaths) -> bool:
    """True unless the folder is new, or holds only the empty journal a first start made."""
    if paths.keys.exists():
        return True
    for folder in (paths.drafts, paths.recordings):
        if folder.is_dir() and any(folder.iterdir()):
            return True
    if not paths.database.exists() or paths.database.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True)
        try:
            return bool(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # not ours to replace


def _header(handle: Any) -> dict[str, Any]:
    head = handle.read(len(MAGIC) + 5)
    if len(head) < len(MAGIC) + 5 or not head.startswith(MAGIC):
        raise BackupError("This file is not a ketacompanion backup.")
    if head[len(MAGIC)] != VERSION:
        raise BackupError("This backup was made by a newer ketacompanion (or is damaged). "
                          "Please update ketacompanion.")
    (length,) = struct.unpack(">I", head[len(MAGIC) + 1:])
    if length > _MAX_HEADER:
        raise BackupError("This backup is damaged (its header).")
    raw = handle.read(length)
    try:
        header = json.loads(raw.decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != "ketacompanion-backup":
            raise ValueError("not a backup header")
        key_file = base64.b64decode(str(header["key_file"]).encode("ascii"), validate=True)
        parse_key_file(key_file)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, KeychainError,
            RecursionError) as exc:
        raise BackupError("This backup is damaged (its header).") from exc
    header["key_file_bytes"] = key_file
    return header


def _members(paths: VaultPaths) -> list[tuple[str, Path]]:
    found = [(_KEYS_NAME, paths.keys)]
    if paths.database.exists():
        found.append((_DATABASE_NAME, paths.database))
    for folder_name, folder in zip(_FOLDERS, (paths.drafts, paths.recordings), strict=True):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    found.append((f"{folder_name}/{path.name}", path))
    return found


def _add(tar: tarfile.TarFile, name: str, path: Path) -> None:
    info = tarfile.TarInfo(name)
    data = path.read_bytes()
    info.size, info.mode, info.mtime = len(data), 0o600, int(path.stat().st_mtime)
    import io

    tar.addfile(info, io.BytesIO(data))


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, paths: VaultPaths) -> Path:
    target = _target(member.name, paths)
    if target is None or not member.isfile() or member.size > _MAX_MEMBER:
        raise BackupError("The backup is damaged (it holds a file it should not).")
    extracted = tar.extractfile(member)
    if extracted is None:
        raise BackupError("The backup is damaged.")
    data = extracted.read()
    if len(data) != member.size:
        raise tarfile.ReadError("member cut short")
    new = _new(target)
    new.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return new


def _target(name: str, paths: VaultPaths) -> Path | None:
    parts = PurePosixPath(name).parts
    if parts == (_KEYS_NAME,):
        return paths.keys
    if parts == (_DATABASE_NAME,):
        return paths.database
    if (len(parts) == 2 and parts[0] in _FOLDERS and not parts[1].startswith(".")
            and not parts[1].endswith(NEW_SUFFIX) and "\\" not in parts[1]):
        folder = paths.drafts if parts[0] == "drafts" else paths.recordings
        return folder / parts[1]
    return None


def _new(path: Path) -> Path:
    return path.with_name(path.name + NEW_SUFFIX)


def _undo(written: list[Path]) -> None:
    for path in written:
        path.unlink(missing_ok=True)


def _checkpoint(database: Path, key: DataKey) -> None:
    if not database.exists():
        return
    from ketacompanion.storage.cipher_db import connect_cipher

    conn = connect_cipher(database, key.database_key())
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise BackupError("ketacompanion is open on this journal. Close it first.")
    finally:
        conn.close()


def _check_database(path: Path, key: DataKey) -> None:
    from ketacompanion.storage.cipher_db import connect_cipher

    try:
        conn = connect_cipher(path, key.database_key())
    except sqlite3.Error as exc:
        raise BackupError("The backup's journal cannot be read with its key.") from exc
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("The backup's journal is damaged; nothing was restored.")
    finally:
        conn.close()
        for extra in ("-wal", "-shm"):
            path.with_name(path.name + extra).unlink(missing_ok=True)


__all__ = ["BackupError", "VaultError", "write_backup", "read_backup_header", "unlock_backup",
           "restore_backup"]
