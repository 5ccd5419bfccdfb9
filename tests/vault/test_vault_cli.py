"""The command line: protect, backup, restore, and every command unlocking the same way.

Run as a person runs it (``python -m ketacompanion``), with the passphrase on
standard input (not a terminal). ``protect`` uses the real Argon2 cost here,
calibrated on this machine; the journals are made with the cheap cost through the
API's explicit parameter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from vault_rig import CHEAP, PHRASE, byte_hits, make_journal

from ketacompanion.core.kdf_cost import MAX_PASSES
from ketacompanion.core.keychain import DEFAULT_KDF, parse_key_file
from ketacompanion.storage.vault import protect

ROOT = Path(__file__).resolve().parents[2]


def cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "ketacompanion", "--data-dir", str(data), *args],
                          input=stdin, capture_output=True, text=True, timeout=120, env=env)


def test_protect_on_the_command_line_shows_the_code_once(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=2)
    done = cli(paths.root, "protect", stdin="sea glass morning\n")
    assert done.returncode == 0, done.stderr
    assert "recovery code" in done.stdout and "cannot be opened" in done.stdout
    assert "SSD" in done.stdout
    code = next(line.strip() for line in done.stdout.splitlines() if line.count("-") == 5)
    assert byte_hits(paths.root) == []
    # The command line fits the cost to this machine, never under the default's.
    for slot in parse_key_file(paths.keys.read_bytes()).values():
        assert slot["memory_kib"] == DEFAULT_KDF.memory_kib
        assert DEFAULT_KDF.time_cost <= slot["time_cost"] <= MAX_PASSES  # type: ignore[operator]
    listed = cli(paths.root, "playlist", "list", stdin=code + "\n")  # the code opens it too
    assert listed.returncode == 0, listed.stderr
    wrong = cli(paths.root, "playlist", "list", stdin="sea glass evening\n")
    assert wrong.returncode == 2
    assert wrong.stderr.strip().count("\n") == 0 and "does not open" in wrong.stderr
    changed = cli(paths.root, "protect", stdin="sea glass morning\nnew tide\n")
    assert changed.returncode == 0 and "has changed" in changed.stdout
    assert cli(paths.root, "playlist", "list", stdin="new tide\n").returncode == 0


def test_backup_restores_every_session_into_a_fresh_folder(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=10)
    take = paths.recordings / "take-1-20260302T090000.flac"
    take.write_bytes(b"fLaC voice " + PHRASE.encode())
    code = protect(paths, "orchard rain", CHEAP)
    backup = tmp_path / "journal.kcbackup"
    made = cli(paths.root, "backup", "--out", str(backup), stdin="orchard rain\n")
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_mode & 0o077 == 0
    assert PHRASE.encode() not in backup.read_bytes()
    fresh = tmp_path / "new-laptop"
    # The app was opened once there: an empty journal, which the restore may replace.
    assert cli(fresh, "playlist", "list").returncode == 0
    assert (fresh / "ketacompanion.sqlite3").read_bytes().startswith(b"SQLite format 3")
    restored = cli(fresh, "restore", str(backup), stdin=code + "\n")
    assert restored.returncode == 0, restored.stderr
    assert "Restored 10 sessions" in restored.stdout
    assert (fresh / "recordings" / take.name).read_bytes() == take.read_bytes()  # still sealed
    assert byte_hits(fresh) == []
    again = cli(fresh, "restore", str(backup), stdin="orchard rain\n")
    assert again.returncode == 2 and "already holds a journal" in again.stderr


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=2)
    protect(paths, "orchard rain", CHEAP)
    backup = tmp_path / "journal.kcbackup"
    assert cli(paths.root, "backup", "--out", str(backup), stdin="orchard rain\n").returncode == 0
    data = backup.read_bytes()
    damaged = tmp_path / "damaged.kcbackup"
    damaged.write_bytes(data[:-2000] + bytes(b ^ 0x55 for b in data[-2000:-1000]) + data[-1000:])
    cut = tmp_path / "cut.kcbackup"
    cut.write_bytes(data[: len(data) // 2])
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0" + bytes(500))
    for bad, words in ((damaged, "damaged"), (cut, "damaged or cut short"),
                       (foreign, "not a ketacompanion backup")):
        fresh = tmp_path / f"fresh-{bad.stem}"
        done = cli(fresh, "restore", str(bad), stdin="orchard rain\n")
        assert done.returncode == 2 and words in done.stderr, (bad, done.stderr)
        assert not (fresh / "ketacompanion.keys").exists()
        assert not list(fresh.rglob("*vault-new*"))
    wrong = cli(tmp_path / "fresh-wrong", "restore", str(backup), stdin="apple rain\n")
    assert wrong.returncode == 2 and "does not open" in wrong.stderr


def test_export_says_it_leaves_the_vault(tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "orchard rain", CHEAP)
    out = tmp_path / "export"
    done = cli(paths.root, "export", "--out", str(out), stdin="orchard rain\n")
    assert done.returncode == 0, done.stderr
    assert "leaves the vault" in done.stderr
    assert (out / "journal.md").stat().st_mode & 0o077 == 0
    assert PHRASE in (out / "journal.md").read_text()


def test_on_a_terminal_the_passphrase_is_read_without_echo(tmp_path: Path) -> None:
    import pty
    import select
    import time

    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "hidden words", CHEAP)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    pid, fd = pty.fork()
    if pid == 0:  # the child: a real terminal is its controlling terminal
        os.execve(sys.executable, [sys.executable, "-m", "ketacompanion", "--data-dir",
                                   str(paths.root), "playlist", "list"], env)
    seen = b""
    deadline = time.monotonic() + 60
    sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not sent and b"Passphrase" in seen:
            os.write(fd, b"hidden words\n")
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert sent and os.WEXITSTATUS(status) == 0, seen
    assert b"hidden words" not in seen  # never echoed
    assert b" min " in seen  # the playlists were listed: it opened
