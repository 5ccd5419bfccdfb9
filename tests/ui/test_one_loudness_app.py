"""The app wires one loudness: the open playlist's files are measured after the decode check,
kept in the app's database, and the player plays them at that gain; closing stops the worker.

The bundled pieces (the ready-made playlist open at first start) need no measuring: their
loudness ships with them (assets/audio/loudness.json), so they play at it at once."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from ketacompanion.core.loudness import Loudness, gain_for
from ketacompanion.core.models import FileItem
from ketacompanion.paths import assets_dir
from ketacompanion.services.loudness import bundled_loudness
from ketacompanion.ui.prepare_page import PreparePage


def rows(database) -> dict[str, Loudness]:
    with sqlite3.connect(database) as conn:
        found = conn.execute("SELECT path, lufs, true_peak FROM loudness").fetchall()
    return {path: Loudness(lufs, peak) for path, lufs, peak in found}


def test_the_open_playlists_files_are_measured_kept_and_played_at_their_gain(
        companion, qtbot) -> None:
    companion.window.show()  # the decode check (and then the measuring) waits for the page
    qtbot.waitExposed(companion.window)
    page = companion.window.findChild(PreparePage)
    assert page is not None
    page.state.open(page.state.repo.find("Piano - 45 min").id)  # the bundled pieces
    playlist = page.state.current()
    files = [item.path for item in playlist.items if isinstance(item, FileItem)]
    assert files  # the ready-made piano playlist opened at first start
    player = companion.previewer.player()
    gain_of = player._mixer._queue.gain_of  # what the mix multiplies each item by
    shipped = bundled_loudness(assets_dir() / "audio")
    for path in set(files):
        assert shipped[path][1].lufs == pytest.approx(-21, abs=2)  # the bundled pieces
        assert gain_of(FileItem(path)) == pytest.approx(gain_for(shipped[path][1]))
    assert companion.levels.get().wait_idle(90)  # the decode check hands them on: nothing to do
    assert companion.levels.get().measured == 0
    assert not set(files) & set(rows(companion.paths.database))
    companion.levels.close()
    assert not any(t.name == "loudness" and t.is_alive() for t in threading.enumerate())
