"""Playlists from other players, imported through the page's Import… button."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ketacompanion.core.models import FileItem
from ketacompanion.ui.prepare_page import PreparePage

DATA = Path(__file__).parent.parent / "core" / "data" / "playlists"
HERE = DATA.resolve()


@pytest.fixture
def page(companion, monkeypatch) -> PreparePage:
    prepare = companion.window.findChild(PreparePage)
    prepare.messages = []
    prepare.message.connect(prepare.messages.append)
    return prepare


def import_through_button(page: PreparePage, qtbot, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "Playlists")))
    qtbot.mouseClick(page.library.import_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(("name", "titles", "paths"), [
    ("vlc.xspf", ["Says", "Rêverie #1"],
     ["/home/anna/Music/Nils Frahm/Spaces/02 Says.flac", f"{HERE}/calm/Rêverie #1.ogg"]),
    ("winamp.m3u", ["Gymnopédie No. 1", "An Ending (Ascent)"],
     ["C:/Music/Satie/Gymnopédie No. 1.mp3", f"{HERE.parent}/calm/An Ending (Ascent).mp3"]),
    ("foobar2000.m3u8", ["Near Light", "On the Nature of Daylight"],
     [f"{HERE}/calm/Ólafur Arnalds/Near Light.flac",
      "D:/Musik/Max Richter/On the Nature of Daylight.flac"]),
    ("audacious.pls", ["Eden", "Requiem for Dying Mothers, Pt. 1"],
     ["/home/anna/Music/Hania Rani/Esja/Eden.flac",
      "/home/anna/Music/Stars of the Lid/Requiem for Dying Mothers, Pt. 1.mp3"]),
])
def test_other_players_playlists_import_with_the_right_tracks(
        page, qtbot, monkeypatch, name, titles, paths):
    before = len(page.state.repo.summaries())
    import_through_button(page, qtbot, monkeypatch, DATA / name)
    qtbot.waitUntil(lambda: len(page.state.repo.summaries()) == before + 1, timeout=5000)
    current = page.state.current()
    assert current.name.startswith(Path(name).stem) or current.name == "Playlist"
    files = [item for item in current.items if isinstance(item, FileItem)]
    assert [f.path for f in files[:2]] == paths
    model = page.editor.model
    shown = [model.data(model.index(row, 0)) for row in range(2)]
    # Missing here (another person's music): flagged, with the reason on hover.
    assert shown == [f"⚠ {title}" for title in titles]
    assert "not found" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert page.messages[-1].startswith(f"Imported {len(current.items)} items as “")
    assert "missing" in page.messages[-1]


def test_a_broken_playlist_gives_one_clear_message_and_adds_nothing(page, qtbot, monkeypatch):
    before = page.state.repo.summaries()
    import_through_button(page, qtbot, monkeypatch, DATA / "image.m3u")
    qtbot.waitUntil(lambda: bool(page.messages), timeout=5000)
    assert page.messages == ["This file is not a playlist: it contains binary data."]
    assert page.state.repo.summaries() == before


INFINITE_SILENCE = '#EXTKC:{"kind":"silence","duration_s":1e999}'


def imported(page: PreparePage, qtbot, monkeypatch, path: Path) -> None:
    before = len(page.state.repo.summaries())
    import_through_button(page, qtbot, monkeypatch, path)
    qtbot.waitUntil(lambda: len(page.state.repo.summaries()) == before + 1, timeout=5000)


def test_damaged_lines_are_said_and_the_good_ones_still_import(
        page, qtbot, monkeypatch, tmp_path):
    song = tmp_path / "calm.ogg"
    with soundfile.SoundFile(song, "w", 8000, 1, format="OGG", subtype="VORBIS") as sink:
        sink.title = "Calm"
        sink.write(np.zeros(8000, dtype=np.float32))
    playlist = tmp_path / "mixed.m3u"
    playlist.write_text(f"#EXTM3U\ncalm.ogg\nfile://[broken/b.mp3\n{INFINITE_SILENCE}\n")
    imported(page, qtbot, monkeypatch, playlist)
    current = page.state.current()
    assert current.name == "mixed"
    assert current.items == [FileItem(str(song), "Calm", None, 1.0)]
    assert page.messages[-1] == (
        "Imported 1 item as “mixed” (line 3: damaged address skipped (file://[broken/b.mp3)).")


@pytest.mark.parametrize("length", ["1e999", "1e300", "86401", "1e-300"])
def test_a_silence_without_end_is_refused_and_says_why(page, qtbot, monkeypatch, tmp_path,
                                                        length):
    playlist = tmp_path / "endless.m3u"
    playlist.write_text(f'#EXTM3U\n#EXTKC:{{"kind":"silence","duration_s":{length}}}\n')
    before = page.state.repo.summaries()
    import_through_button(page, qtbot, monkeypatch, playlist)
    qtbot.waitUntil(lambda: bool(page.messages), timeout=5000)
    why = "line 2: damaged ketacompanion entry skipped (silence must last at least 1 ms"
    assert page.messages[0].startswith(f"endless.m3u holds nothing that can be played ({why}")
    assert len(page.messages) == 1 and "at most 24 h" in page.messages[0]
    assert page.state.repo.summaries() == before


def test_missing_files_are_counted_once_and_the_first_other_problem_is_said(
        page, qtbot, monkeypatch):
    imported(page, qtbot, monkeypatch, DATA / "vlc.xspf")
    assert page.messages[-1] == (
        "Imported 2 items as “Playlist” (2 files missing; "
        "track 3: web address skipped (https://radio.example.org/ambient.ogg)).")
