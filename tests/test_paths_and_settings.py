from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from ketacompanion.core import files
from ketacompanion.paths import ENV_HOME, DataPaths, default_data_root
from ketacompanion.settings import USER_SETTINGS, user_settings, window_state


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_root_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "elsewhere"))
    assert default_data_root() == tmp_path / "elsewhere"


def test_default_data_root_is_per_user_and_under_sandboxed_home(monkeypatch):
    monkeypatch.delenv(ENV_HOME, raising=False)
    root = default_data_root()
    assert "ketacompanion" in str(root)
    assert str(root).startswith(os.environ["XDG_DATA_HOME"])


def test_folders_are_private(data_dir: Path):
    paths = DataPaths(data_dir).ensure()
    for folder in (paths.root, paths.logs, paths.recordings, paths.drafts):
        assert _mode(folder) == 0o700


def test_settings_defaults_and_persistence(data_dir: Path):
    paths = DataPaths(data_dir).ensure()
    settings = user_settings(paths.settings)
    assert settings.get("theme") == "dark"
    assert settings.get("crossfade_s") == 4.0
    settings.set("theme", "dawn")
    settings.set("crossfade_s", 6)
    assert _mode(paths.settings) == 0o600
    again = user_settings(paths.settings)
    assert again.get("theme") == "dawn"
    assert again.get("crossfade_s") == 6.0
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_every_setting_default_is_valid():
    for key, setting in USER_SETTINGS.items():
        assert setting.accepts(setting.default), key


def test_invalid_values_are_refused(data_dir: Path):
    settings = user_settings(DataPaths(data_dir).ensure().settings)
    with pytest.raises(ValueError):
        settings.set("theme", "neon")
    with pytest.raises(ValueError):
        settings.set("crossfade_s", 30.0)
    with pytest.raises(KeyError):
        settings.set("nope", 1)


def test_damaged_settings_fall_back_to_defaults_and_are_kept(data_dir: Path):
    paths = DataPaths(data_dir).ensure()
    paths.settings.write_text("{not json")
    settings = user_settings(paths.settings)
    assert settings.get("theme") == "dark"
    assert (data_dir / "settings.damaged.json").read_text() == "{not json"


def test_wrong_types_in_file_are_ignored(data_dir: Path):
    paths = DataPaths(data_dir).ensure()
    paths.settings.write_text(json.dumps({"theme": 3, "master_volume": 0.5, "x": 1}))
    settings = user_settings(paths.settings)
    assert settings.get("theme") == "dark"
    assert settings.get("master_volume") == 0.5


def test_window_state_is_a_separate_file(data_dir: Path):
    paths = DataPaths(data_dir).ensure()
    state = window_state(paths.window_state)
    state.set("last_page", "journal")
    assert not paths.settings.exists()
    assert json.loads(paths.window_state.read_text()) == {"last_page": "journal"}


def test_full_disk_keeps_the_old_settings(data_dir: Path, monkeypatch):
    paths = DataPaths(data_dir).ensure()
    settings = user_settings(paths.settings)
    settings.set("theme", "dawn")
    before = paths.settings.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"):
        settings.set("theme", "dark")
    monkeypatch.undo()
    assert paths.settings.read_bytes() == before
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_setting_the_current_value_writes_nothing(data_dir: Path):
    paths = DataPaths(data_dir).ensure()
    state = window_state(paths.window_state)
    state.set("last_page", "prepare")  # the default: the window does this on every start
    assert not paths.window_state.exists()
    state.set("last_page", "journal")
    written = paths.window_state.stat().st_mtime_ns
    state.set("last_page", "journal")
    assert paths.window_state.stat().st_mtime_ns == written
    state.set("last_page", "prepare")
    assert json.loads(paths.window_state.read_text()) == {}
