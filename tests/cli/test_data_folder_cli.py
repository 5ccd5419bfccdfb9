"""A data folder that cannot be made is said in one line (exit 2), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketacompanion import __main__ as cli

ROOT = Path(__file__).resolve().parents[2]


def _blocked(tmp_path: Path, how: str) -> Path:
    """A data folder that cannot be made: a regular file, or a path under one.

    A path under a file stands in for a read-only disk or an unplugged drive: chmod
    does not stop root, but nothing can make a folder inside a regular file.
    """
    afile = tmp_path / "afile"
    afile.write_text("not a folder\n")
    return afile if how == "is a file" else afile / "data"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ketacompanion", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("how", ["is a file", "under a file"])
@pytest.mark.parametrize("command", [["playlist", "list"], ["export", "--out", "{tmp}/o"]])
def test_a_sub_command_names_the_folder_in_one_line(tmp_path: Path, how, command):
    folder = _blocked(tmp_path, how)
    args = [a.format(tmp=tmp_path) for a in command]
    result = _run("--data-dir", str(folder), *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"ketacompanion: error: cannot use the data folder {folder}")
    assert result.stdout == ""
    assert not (tmp_path / "o").exists()


def test_the_environment_folder_is_checked_too(tmp_path: Path):
    folder = _blocked(tmp_path, "under a file")
    result = _run("playlist", "list", env={"KETACOMPANION_HOME": str(folder)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(folder) in result.stderr and result.stderr.count("\n") == 1


def test_in_process_the_reason_is_in_plain_words(tmp_path: Path, capsys):
    folder = _blocked(tmp_path, "under a file")
    assert cli.main(["--data-dir", str(folder), "playlist", "list"]) == 2
    err = capsys.readouterr().err
    assert err == (f"ketacompanion: error: cannot use the data folder {folder}: "
                   "part of its path is a file, not a folder\n")


CRASHING = """
import sys
import ketacompanion.cli.playlist as playlist
from ketacompanion import __main__ as cli

def crash(args):
    raise RuntimeError("a bug, not a user mistake")

playlist.run = crash  # registered by name when the parser is built
sys.exit(cli.main(sys.argv[1:]))
"""


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_private_log(
    tmp_path: Path,
):
    data = tmp_path / "d"
    result = subprocess.run(
        [sys.executable, "-c", CRASHING, "--data-dir", str(data), "playlist", "list"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == ("ketacompanion: error: unexpected problem "
                             "(RuntimeError: a bug, not a user mistake)\n")
    log = (data / "logs" / "ketacompanion.log").read_text()
    assert "command playlist failed" in log and "Traceback" in log and "RuntimeError" in log
