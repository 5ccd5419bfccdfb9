"""Exporting from the Prepare page to PLS, which holds music files only."""

from __future__ import annotations

from pathlib import Path

from ketacompanion.ui.prepare_page import PreparePage


def test_a_beats_only_playlist_is_not_written_as_an_empty_pls(companion, tmp_path: Path):
    page = companion.window.findChild(PreparePage)
    messages: list[str] = []
    page.message.connect(messages.append)
    page.state.open(page.state.repo.find("Theta beats - 45 min").id)
    target = tmp_path / "theta.pls"
    page.export_to(str(target))
    assert messages == ["Nothing in this playlist can be written as PLS; use .m3u8 or .xspf."]
    assert not target.exists()
