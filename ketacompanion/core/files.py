"""Durable file writing: write to a temp file, fsync, rename, fsync the folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, never half.

    Args:
        path: Target file; its folder must exist.
        data: The whole new content.
        mode: Permissions of the new file.

    Raises:
        OSError: The disk is full, read-only, or the folder is missing. The old
            file is left untouched and no temp file is left behind.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, mode: int = 0o600) -> None:
    """Text variant of :func:`atomic_write_bytes` (UTF-8)."""
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (best-effort where unsupported)."""
    # The rename is only durable once the directory entry is on disk; Windows
    # cannot open directories, so this is best-effort there.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` to a new file ``target`` that is 0600 from its first byte.

    shutil.copy2 creates the copy with the umask's mode (often 0644) and only then
    copies the source's own mode: for a moment, or for good if the source was
    readable by others, the copy is too. The times are kept, as copy2 keeps them.

    Raises:
        FileExistsError: ``target`` exists; it is never replaced.
        OSError: The copy could not be written; a partial copy is removed.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as sink, source.open("rb") as origin:
            shutil.copyfileobj(origin, sink)
            sink.flush()
            os.fsync(sink.fileno())
        times = source.stat()
        os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
