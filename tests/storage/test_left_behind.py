"""Start-up looks for a crash's leftovers cheaply before loading its recovery code."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.paths import DataPaths
from ketacompanion.storage.session_files import left_behind


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data").ensure()


def test_empty_folders_leave_nothing_to_recover(paths: DataPaths) -> None:
    assert not left_behind(paths.drafts, paths.recordings)


def test_finished_takes_and_what_was_set_aside_for_good_leave_nothing(paths: DataPaths) -> None:
    (paths.recordings / "take-3-20260101T100000.flac").write_bytes(b"fLaC")
    (paths.drafts / "stale-note-3-1.json").write_text("{}")
    (paths.drafts / "unreadable-take-3-20260101T100000.wav").write_bytes(b"RIFF")
    assert not left_behind(paths.drafts, paths.recordings)


@pytest.mark.parametrize("name", [
    "note-3.json",  # a draft not committed
    ".note-3.json.k2j4.tmp",  # a draft write a kill cut short
    "take-3-20260101T100000.wav",  # an interrupted recording
    "take-3-20260101T100000.session",  # its mark
    "something-else",  # a file no one named: the recovery decides, not this look
])
def test_anything_else_in_drafts_is_left_for_the_recovery(paths: DataPaths, name: str) -> None:
    (paths.drafts / name).write_bytes(b"x")
    assert left_behind(paths.drafts, paths.recordings)


def test_an_unfinished_flac_copy_is_left_for_the_recovery(paths: DataPaths) -> None:
    (paths.recordings / ".take-x1y2.flac").write_bytes(b"fLaC")
    assert left_behind(paths.drafts, paths.recordings)


def test_missing_folders_leave_nothing(tmp_path: Path) -> None:
    assert not left_behind(tmp_path / "drafts", tmp_path / "recordings")


def test_a_folder_that_cannot_be_listed_is_left_for_the_recovery(paths: DataPaths) -> None:
    (paths.drafts / "blocked").write_bytes(b"")  # a file where a folder should be
    assert left_behind(paths.drafts / "blocked", paths.recordings)
