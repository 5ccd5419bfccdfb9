"""House rules checked on every run: ruff, the import contracts of DESIGN.md, and test habits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra")
    return found


def test_ruff_is_clean():
    result = subprocess.run(
        [_tool("ruff"), "check", "ketacompanion", "tests", "benchmarks", "tools"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold():
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Tests never sleep for timing: they wait on a condition (qtbot.waitUntil, the disk
# driver's played audio) or move a fake clock. Left: waits on real outside processes
# or real-time devices that give no sign to wait on, each counted so no new one slips in.
_SLEEPS_ALLOWED = {
    "tests/test_graceful_quit.py": 2,  # a child app's window and event loop coming up
    "tests/ui/test_kill_while_typing.py": 1,  # the autosave interval in a child, as the deadline
    "tests/ui/test_transcription_startup.py": 1,  # a child a moment into transcribing
    "tests/audio/test_recorder.py": 2,  # SDL capture runs on the wall clock; a child's flushes
    "tests/audio/test_recorder_disk_full.py": 1,  # SDL capture fills its buffer in real time
    "tests/services/test_notes_drafts.py": 1,  # typing paced against the real Qt timers
    "tests/ui/test_first_frame_marker.py": 1,  # a child widget that paints slowly
    "tests/ui/test_one_window.py": 1,  # inside a child script: it holds the lock
    "tests/ui/test_one_window_forward.py": 1,  # inside a child script: it holds the lock
    "tests/audio/test_capture_deadlock.py": 1,  # inside a child script
    "tests/ui/test_prepare_checks.py": 1,  # a fake decoder that works until told to stop
    "tests/vault/test_vault_kills.py": 1,  # a child SIGKILLed at a random moment of its work
    "tests/test_benchmarks_cli.py": 1,  # inside a child script: it must hang, silent
}
_SLEEP = re.compile(r"\btime\.sleep\(|\bqtbot\.wait\(|\bEvent\(\)\.wait\(")
# Test data goes in through the repositories (tests/builders.py); raw SQL only where
# the schema itself is under test.
_RAW_SESSIONS_ALLOWED = {"tests/storage/test_migrations.py", "tests/builders.py"}
_RAW_SESSIONS = re.compile(r"INSERT\s+INTO\s+sessions\b", re.IGNORECASE)


def _test_sources() -> dict[str, str]:
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted((ROOT / "tests").rglob("*.py"))
            if path.name != "test_code_rules.py"}


def test_no_test_sleeps_for_timing():
    found = {name: len(_SLEEP.findall(text)) for name, text in _test_sources().items()}
    over = {name: count for name, count in found.items()
            if count > _SLEEPS_ALLOWED.get(name, 0)}
    assert not over, (
        f"sleeps or timed waits in tests: {over}; wait on a condition "
        "(qtbot.waitUntil, DiskOutput.wait_*) or move a FakeClock instead")
    stale = {name: allowed for name, allowed in _SLEEPS_ALLOWED.items()
             if found.get(name, 0) < allowed}
    assert not stale, f"fewer sleeps than allowed now; lower these in _SLEEPS_ALLOWED: {stale}"


def test_sessions_go_into_test_journals_through_the_repositories():
    raw = sorted(name for name, text in _test_sources().items()
                 if _RAW_SESSIONS.search(text) and name not in _RAW_SESSIONS_ALLOWED)
    assert not raw, (
        f"raw INSERT INTO sessions in {raw}; use tests/builders.py add_session, which "
        "stores what the app stores (its states, its timestamps)")
