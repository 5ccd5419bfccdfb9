"""Every file an export writes is private from its first byte, not made private after.

``journal.pdf`` was created 0644 by QPdfWriter and made 0600 58 ms later; copied
voice notes were created 0644 by shutil.copy2 and then chmodded; exported playlists
were 0644 on purpose. A kill in such a window leaves the file readable by others.

A watcher stands in for os.chmod, os.fchmod, os.replace, os.rename and os.fsync:
whenever one is called, every file under the output folder must already be private,
so a file that is only made private afterwards is caught even when the window is
microseconds long.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.__main__ import main
from ketacompanion.core.files import atomic_write_bytes, copy_private
from ketacompanion.paths import DataPaths
from ketacompanion.services.export import export_journal
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session


class ModeWatcher:
    """Records any file under ``root`` seen readable or writable by others."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.exposed: list[str] = []
        self.checks = 0

    def check(self, why: str) -> None:
        self.checks += 1
        for folder, _, names in os.walk(self.root):
            for name in names:
                path = Path(folder) / name
                try:
                    mode = stat.S_IMODE(path.lstat().st_mode)
                except FileNotFoundError:
                    continue
                if mode & 0o077:
                    self.exposed.append(f"{path.relative_to(self.root)} {oct(mode)} at {why}")

    def wrap(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        real = getattr(os, name)

        def watched(*args: object, **kwargs: object) -> object:
            self.check(name)
            result = real(*args, **kwargs)
            self.check(f"after {name}")
            return result

        monkeypatch.setattr(os, name, watched)


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ModeWatcher]:
    old = os.umask(0o022)  # the common default: a plain new file is 0644
    watcher = ModeWatcher(tmp_path / "out")
    (tmp_path / "out").mkdir()
    for name in ("chmod", "fchmod", "replace", "rename", "fsync", "close"):
        watcher.wrap(monkeypatch, name)
    try:
        yield watcher
    finally:
        monkeypatch.undo()
        os.umask(old)
    watcher.check("the end")
    assert watcher.checks > 2


def _seed(data: Path) -> None:
    paths = DataPaths(data).ensure()
    db = Database.open(paths.database)
    journal = JournalRepository(db, paths.recordings)
    sid = add_session(db, note="a grey velvet drape")
    take = paths.recordings / "take.flac"
    soundfile.write(take, np.zeros(1600, np.int16), 16000, format="FLAC")
    os.chmod(take, 0o644)  # even a take readable by others is copied privately
    journal.add_take(sid, take, 0.1)
    db.close()


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_an_export_is_private_from_the_first_byte(tmp_path, watch, fmt, qapp):
    _seed(tmp_path / "d")
    paths = DataPaths(tmp_path / "d")
    db = Database.open(paths.database)
    try:
        document = export_journal(JournalRepository(db, paths.recordings),
                                  tmp_path / "out" / "march", fmt)
    finally:
        db.close()
    assert document.stat().st_size > 100
    voice = sorted((tmp_path / "out" / "march" / "voice-notes").iterdir())
    assert [p.suffix for p in voice] == [".flac", ".mp3"]  # the MP3 watched as well
    assert soundfile.info(voice[0]).frames == 1600
    watch.check("done")
    assert watch.exposed == []


@pytest.mark.parametrize("args", [
    ["binaural", "--carrier", "200", "--beat", "6", "--minutes", "0.02", "--out", "{out}/b.ogg"],
    ["playlist", "export", "Theta beats - 45 min", "--out", "{out}/t.m3u8"],
    ["playlist", "export", "Theta beats - 45 min", "--out", "{out}/t.xspf"],
    ["export", "--out", "{out}/therapy"],
    ["export", "--out", "{out}/therapy", "--format", "pdf"],
])
def test_every_command_line_export_is_private_from_the_first_byte(tmp_path, watch, args, qapp):
    _seed(tmp_path / "d")
    argv = [arg.replace("{out}", str(tmp_path / "out")) for arg in args]
    assert main(["--data-dir", str(tmp_path / "d"), *argv]) == 0
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert written
    watch.check("done")
    assert watch.exposed == []


def test_the_file_helpers_never_widen_a_file_on_the_way(tmp_path, watch):
    out = tmp_path / "out"
    atomic_write_bytes(out / "a.txt", b"words")
    source = tmp_path / "take.flac"
    source.write_bytes(b"voice" * 1000)
    os.chmod(source, 0o644)
    os.utime(source, (1_700_000_000, 1_700_000_000))
    copy_private(source, out / "copy.flac")
    assert (out / "copy.flac").read_bytes() == source.read_bytes()
    assert (out / "copy.flac").stat().st_mtime == 1_700_000_000  # as copy2 kept it
    with pytest.raises(FileExistsError):
        copy_private(source, out / "copy.flac")  # never replaces
    watch.check("done")
    assert watch.exposed == []
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
