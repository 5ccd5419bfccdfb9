"""The log stays private when it rotates: every log file is 0600, the new one too."""

from __future__ import annotations

import logging
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ketacompanion.diagnostics import _HANDLER_NAME, setup_logging


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[Path]:
    """A private log folder with the app's log set up in it; the handler removed after."""
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o700)
    setup_logging(folder)
    yield folder
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()


def test_a_rotated_log_is_reopened_private(logs: Path) -> None:
    log = logging.getLogger("ketacompanion.test_rotation")
    for i in range(2500):  # a little over 1 MB: one rollover
        log.info("event %d %s", i, "x" * 500)
    files = sorted(logs.iterdir())
    assert [f.name for f in files] == ["ketacompanion.log", "ketacompanion.log.1"]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert (logs / "ketacompanion.log").stat().st_size > 0


def test_rotation_keeps_three_private_backups_newest_first(logs: Path) -> None:
    log = logging.getLogger("ketacompanion.test_rotation")
    for i in range(12_000):  # about 6 MB: five rollovers
        log.info("event %05d %s", i, "x" * 500)
    names = sorted(f.name for f in logs.iterdir())
    assert names == ["ketacompanion.log", "ketacompanion.log.1", "ketacompanion.log.2",
                     "ketacompanion.log.3"]
    firsts = [int((logs / name).read_text().split("event ")[1][:5])
              for name in ("ketacompanion.log.3", "ketacompanion.log.2",
                           "ketacompanion.log.1", "ketacompanion.log")]
    assert firsts == sorted(firsts)  # .3 is the oldest, the current file the newest
    for name in names:
        path = logs / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
        assert path.stat().st_size <= 1_000_000, name


def test_setting_up_the_log_does_not_import_logging_handlers(tmp_path: Path) -> None:
    # logging.handlers drags socket, pickle and queue into the GUI's start-up.
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from ketacompanion.diagnostics import setup_logging\n"
            f"setup_logging(Path({str(tmp_path)!r}))\n"
            "print([m for m in ('logging.handlers', 'socket') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
