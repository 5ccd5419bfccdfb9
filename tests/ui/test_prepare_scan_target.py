"""Files being added land in the playlist they were added to, whatever is open when they arrive."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtWidgets import QApplication

from ketacompanion.core.models import FileItem, Playlist, SilenceItem
from ketacompanion.ui.prepare_page import PreparePage


def song(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with soundfile.SoundFile(path, "w", 8000, 1, format="OGG", subtype="VORBIS") as sink:
        sink.title = title
        sink.write(np.zeros(4000, dtype=np.float32))
    return path


@pytest.fixture
def page(companion) -> PreparePage:
    prepare = companion.window.findChild(PreparePage)
    prepare.messages = []
    prepare.message.connect(prepare.messages.append)
    return prepare


@pytest.fixture
def two(page) -> tuple[int, int]:
    """Playlists A (two silences) and B (one), B created last."""
    page.state.create(Playlist("A", [SilenceItem(60), SilenceItem(120)]))
    a = page.state.current().id
    page.state.create(Playlist("B", [SilenceItem(30)]))
    return a, page.state.current().id


def wait_for_scan(page: PreparePage, qtbot) -> None:
    qtbot.waitUntil(lambda: not page.editor._scanner.busy(), timeout=10000)
    QApplication.processEvents()  # the slots queued on the scan's finished signal


def test_a_folder_added_to_a_then_opening_b_puts_the_files_in_a(page, two, qtbot, tmp_path):
    a, b = two
    song(tmp_path / "m" / "1.ogg", "One")
    song(tmp_path / "m" / "2.ogg", "Two")
    page.state.open(a)
    page.editor.add_paths([str(tmp_path / "m")], row=1)
    page.state.open(b)  # the person clicks B in the library while A's files are read
    wait_for_scan(page, qtbot)

    stored_a, stored_b = page.state.repo.get(a), page.state.repo.get(b)
    assert [getattr(i, "title", None) for i in stored_a.items] == [None, "One", "Two", None]
    assert isinstance(stored_a.items[1], FileItem)
    assert stored_b.items == [SilenceItem(30)]
    # B stays open and shown; the person is told where the files went.
    assert page.state.current().id == b
    assert page.editor.model.rowCount() == 1
    assert page.messages[-1] == "Added 2 files to “A”."
    summaries = {s.id: s for s in page.state.repo.summaries()}
    assert summaries[a].item_count == 4

    # One undo takes them out of A again, and shows A.
    page.state.undo_stack.undo()
    assert page.state.repo.get(a).items == [SilenceItem(60), SilenceItem(120)]
    assert page.state.current().id == a
    page.state.undo_stack.redo()
    assert len(page.state.repo.get(a).items) == 4


def test_files_for_a_playlist_deleted_meanwhile_are_not_added_anywhere(
        page, two, qtbot, tmp_path):
    a, b = two
    song(tmp_path / "m" / "1.ogg", "One")
    page.state.open(a)
    page.editor.add_paths([str(tmp_path / "m")])
    page.state.delete()  # deletes A, the open one
    page.state.open(b)
    wait_for_scan(page, qtbot)
    assert page.state.repo.get(b).items == [SilenceItem(30)]
    assert page.messages[-1] == "The playlist was deleted, so the files were not added."


def test_files_added_to_the_open_playlist_still_go_in_at_the_chosen_row(
        page, two, qtbot, tmp_path):
    _, b = two
    song(tmp_path / "m" / "1.ogg", "One")
    page.editor.add_paths([str(tmp_path / "m")], row=0)
    wait_for_scan(page, qtbot)
    items = page.state.repo.get(b).items
    assert [type(i) for i in items] == [FileItem, SilenceItem]
    assert page.state.current().id == b
