"""Playlists from other players, imported through the page's Import… button."""

from __future__ import annotations

from pathlib import Path

import pytest
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
    qtbot.wait(50)
    assert page.messages == ["This file is not a playlist: it contains binary data."]
    assert page.state.repo.summaries() == before
