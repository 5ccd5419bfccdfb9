from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ketacompanion import __main__ as cli
from ketacompanion import __version__
from ketacompanion.storage.migrations import LATEST_VERSION


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ketacompanion", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_version():
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ketacompanion {__version__}"


def test_bad_arguments_give_one_line_and_nonzero_exit():
    result = _run("--no-such-flag")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unrecognized arguments: --no-such-flag" in result.stderr
    assert "Traceback" not in result.stderr


def test_environment_home_holds_a_private_wal_database(tmp_path: Path):
    home = tmp_path / "x"
    result = _run("--exit-after-first-paint", env={"KETACOMPANION_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert "first-frame" in result.stdout
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    database = home / "ketacompanion.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    for path in home.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_data_dir_flag_wins_over_environment(tmp_path: Path):
    result = _run(
        "--data-dir", str(tmp_path / "flag"), "--exit-after-first-paint",
        env={"KETACOMPANION_HOME": str(tmp_path / "env")},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "flag" / "ketacompanion.sqlite3").exists()
    assert not (tmp_path / "env").exists()


def test_newer_database_gives_a_clear_message_and_is_not_modified(
    tmp_path: Path, qapp, monkeypatch, capsys
):
    home = tmp_path / "home"
    home.mkdir()
    database = home / "ketacompanion.sqlite3"
    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = database.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert cli.main(["--data-dir", str(home)]) == 1
    assert "newer version of ketacompanion" in shown[0]
    assert "newer version of ketacompanion" in capsys.readouterr().err
    assert database.read_bytes() == before
    assert not (home / "ketacompanion.sqlite3-wal").exists()


@pytest.mark.parametrize("argv", [["--data-dir"], ["stray-word"]])
def test_malformed_invocations_exit_2_with_one_line(argv, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("ketacompanion: error: ") and err.count("\n") == 1


def test_plain_start_up_leaves_sub_command_libraries_unloaded():
    code = (
        "import sys; from ketacompanion import __main__ as m; "
        "m.build_parser(m._names_a_command(['--data-dir', '/x'])); "
        "print(sorted(k for k in ('numpy', 'soundfile', 'pygame') if k in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.parametrize("argv", [
    [], ["--rehearse"], ["--data-dir", "/x"], ["--data-dir=/x y"], ["--data-dir", ""],
    ["--data-dir", "/a", "--data-dir", "/b", "--exit-after-first-paint", "--rehearse"],
])
def test_a_plain_window_start_reads_its_options_as_the_parser_would(argv):
    direct = cli._plain_window_start(argv)
    assert direct is not None
    parsed = vars(cli.build_parser(with_commands=False).parse_args(argv))
    assert vars(direct) == parsed


@pytest.mark.parametrize("argv", [
    ["--data"], ["--reh"], ["--data-dir"], ["--data-dir", "-x"], ["--version"], ["-h"],
    ["export"], ["--", "--rehearse"], ["--no-such-flag"],
])
def test_anything_else_goes_to_the_parser(argv):
    assert cli._plain_window_start(argv) is None


def test_a_plain_window_start_builds_no_parser(tmp_path: Path, monkeypatch):
    # Building argparse's parser cost ~4 ms before the first frame, to read two switches.
    import argparse

    import ketacompanion.gui

    built: list[object] = []
    started: list[tuple[Path, bool, bool]] = []
    original = argparse.ArgumentParser.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(argparse.ArgumentParser, "__init__", counting)
    monkeypatch.setattr(ketacompanion.gui, "run_gui",
                        lambda root, exit_after_paint, rehearse:
                        started.append((root, exit_after_paint, rehearse)) or 0)
    assert cli.main(["--data-dir", str(tmp_path / "d"), "--rehearse"]) == 0
    assert started == [(tmp_path / "d", False, True)]
    assert built == []
