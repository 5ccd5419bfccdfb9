"""The Prepare page's Import… refuses text that is no playlist, in one plain sentence."""

from __future__ import annotations

from pathlib import Path

from ketacompanion.ui.prepare_page import PreparePage


def test_a_text_file_is_not_imported_as_a_playlist_of_missing_files(companion, tmp_path: Path):
    page = companion.window.findChild(PreparePage)
    messages: list[str] = []
    page.message.connect(messages.append)
    before = [s.name for s in page.state.repo.summaries()]
    source = tmp_path / "shopping.txt"
    source.write_text("milk\nbread\n")
    page.import_file(str(source))
    page.import_file(str(tmp_path / "nonexist.m3u"))
    assert messages == [
        "This file does not look like a playlist: it has no playlist heading, "
        "and none of the files it lists are there.",
        f"There is no file called {tmp_path / 'nonexist.m3u'}.",
    ]
    assert [s.name for s in page.state.repo.summaries()] == before
