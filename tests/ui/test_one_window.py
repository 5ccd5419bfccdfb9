"""One ketacompanion per data folder: a second start says the first is open.

Two windows on one journal would write the same drafts, and two players could
sound at once. A lock left by a process that died must not keep the app shut.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from modal import when_a_box_shows

from ketacompanion.gui import ALREADY_OPEN, LOCK_NAME, hold_data_folder, run_gui

HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
assert lock.tryLock(1000)
print("locked", flush=True)
time.sleep(60)
"""


def _other_ketacompanion(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / LOCK_NAME)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_start_on_the_same_folder_says_the_first_is_open(qtbot, data_dir):
    data_dir.mkdir(mode=0o700)
    other = _other_ketacompanion(data_dir)
    try:
        said: list[str] = []
        when_a_box_shows(lambda box: (said.append(box.text()), box.accept()))
        assert run_gui(data_dir) == 1
        assert said == [ALREADY_OPEN]
        assert not (data_dir / "ketacompanion.sqlite3").exists()  # nothing was opened
    finally:
        other.kill()
        other.wait()


def test_a_lock_left_by_a_process_that_died_is_taken_over(data_dir):
    data_dir.mkdir(mode=0o700)
    other = _other_ketacompanion(data_dir)
    os.kill(other.pid, signal.SIGKILL)
    other.wait()
    assert (data_dir / LOCK_NAME).exists()  # left behind, as after a crash
    lock = hold_data_folder(data_dir)
    assert lock is not None
    assert (data_dir / LOCK_NAME).stat().st_mode & 0o777 == 0o600
    lock.unlock()


@pytest.mark.parametrize("folders", ["same", "different"])
def test_only_the_same_folder_is_refused(tmp_path, folders):
    first, second = tmp_path / "a", tmp_path / ("a" if folders == "same" else "b")
    first.mkdir()
    second.mkdir(exist_ok=True)
    other = _other_ketacompanion(first)
    try:
        lock = hold_data_folder(second)
        assert (lock is None) == (folders == "same")
        if lock is not None:
            lock.unlock()
    finally:
        other.kill()
        other.wait()


def test_a_lock_that_cannot_be_written_does_not_keep_the_person_out(tmp_path):
    # A full disk (here: a folder that is not there) is not "another window is open".
    lock = hold_data_folder(tmp_path / "not-there")
    assert lock is not None and not lock.isLocked()


def test_the_lock_is_private_from_its_first_byte(tmp_path, monkeypatch):
    # Qt creates the lock 0666 less the umask (0644 under the usual 0022) and it was
    # made 0600 only afterwards. Seen at the moment Qt writes into it:
    import stat

    from PySide6.QtCore import QLockFile

    seen: list[int] = []
    real = QLockFile.tryLock

    def watched(self, timeout=0):  # as Qt's, then look
        result = real(self, timeout)
        seen.append(stat.S_IMODE((tmp_path / LOCK_NAME).stat().st_mode))
        return result

    monkeypatch.setattr(QLockFile, "tryLock", watched)
    old = os.umask(0o022)
    try:
        lock = hold_data_folder(tmp_path)
    finally:
        os.umask(old)
    assert lock is not None and lock.isLocked()
    lock.unlock()
    assert seen == [0o600], [oct(mode) for mode in seen]
