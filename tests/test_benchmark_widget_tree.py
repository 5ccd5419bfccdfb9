"""The start-up benchmark's copy of a first frame shows what the app showed, with no app code.

The benchmark prints what a landing page's own widgets cost when a program with
none of the app's code builds them (``benchmarks.widget_tree``); that figure is
only true if the copy shows the same widgets, texts and places as the app did.
Real processes, offscreen, every path under a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.data import seed_sessions
from benchmarks.startup import _MARKER_SOURCE, _land_on
from benchmarks.widget_tree import dump_program, replay_program

REPO = Path(__file__).resolve().parents[1]


def _run(argv: list[str], home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SDL_AUDIODRIVER": "dummy",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120,
                          cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]


def _shown(tree: dict) -> Counter:
    """Each shown widget's Qt class, text and place (the window by its size alone)."""
    return Counter(
        (w["cls"], w.get("text", ""), tuple(w["geometry"] if w["parent"] is not None
                                            else w["geometry"][2:]))
        for w in tree["widgets"] if w["visible"])


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    """A data folder the app has opened once, with 30 sessions in its journal."""
    home = tmp_path_factory.mktemp("home")
    folder = home / "data"
    _run([sys.executable, "-m", "ketacompanion", "--data-dir", str(folder),
          "--exit-after-first-paint"], home)
    seed_sessions(folder / "ketacompanion.sqlite3", 30)
    return folder


@pytest.mark.parametrize("page", ["prepare", "journal", "session"])
def test_the_copy_shows_the_apps_first_frame_without_its_code(journal, tmp_path, page) -> None:
    _land_on(journal, page)
    app_tree, copy_tree = tmp_path / "app.json", tmp_path / "copy.json"
    _run([sys.executable, "-c", dump_program(REPO), str(app_tree), "--data-dir", str(journal),
          "--exit-after-first-paint"], tmp_path)
    _run([sys.executable, "-c", replay_program(_MARKER_SOURCE, REPO), str(app_tree),
          str(copy_tree)], tmp_path)
    app, copy = (json.loads(p.read_text(encoding="utf-8")) for p in (app_tree, copy_tree))
    assert app["app_modules"] and not copy["app_modules"]
    assert app["qss"] and copy["qss"] == app["qss"]
    shown = _shown(app)
    assert sum(shown.values()) > 30  # a whole page, not an empty window
    assert _shown(copy) == shown
