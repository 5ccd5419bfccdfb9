"""The blend between pieces (the crossfade setting) on the Prepare page.

It is one setting for every playlist: the Prepare fit, the Session page's check
and the player all lay the playlist out with it (issue 11: Prepare said "Fits
45 min." for 20 pieces of 135 s that the player ended 76 s early).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build
from ketacompanion.core.models import FileItem
from ketacompanion.core.timeline import content_end
from ketacompanion.ui.prepare_page import PreparePage

QUIET_END = "then it is quiet until the end."


def _open_twenty_pieces(page: PreparePage) -> None:
    page.new_playlist()
    pieces = [FileItem(f"/music/{n}.ogg", f"Piece {n}", None, 135.0) for n in range(20)]
    page.editor.insert_items(pieces, None, "add")


def test_choosing_the_blend_changes_the_fit_and_is_kept_for_the_session(companion, qtbot):
    page = companion.window.findChild(PreparePage)
    _open_twenty_pieces(page)
    panel = page.fit_panel
    assert [panel.blend.itemText(i) for i in range(panel.blend.count())] == [
        "none", "4 s", "8 s"]
    assert panel.blend.currentText() == "4 s"  # the setting's default
    assert panel.summary.text() == f"Ends 1 min 16 s before 45 min; {QUIET_END}"
    panel.blend.setFocus()
    qtbot.keyClick(panel.blend, Qt.Key.Key_Up)  # as a person chooses it
    assert panel.blend.currentText() == "none"
    assert panel.summary.text() == "Fits 45 min."
    assert companion.settings.get("crossfade_s") == 0.0
    # The Session page checks the same playlist against the same timeline.
    session = companion.window.page("session")
    session.preflight.set_length(page.state.current(), 45)
    assert session.preflight.length_line == "Length: Fits 45 min."
    qtbot.keyClick(panel.blend, Qt.Key.Key_Down)
    qtbot.keyClick(panel.blend, Qt.Key.Key_Down)
    assert panel.blend.currentText() == "8 s"
    assert panel.summary.text() == f"Ends 2 min 32 s before 45 min; {QUIET_END}"
    session.preflight.set_length(page.state.current(), 45)
    assert session.preflight.length_line == f"Length: Ends 2 min 32 s before 45 min; {QUIET_END}"
    assert json.loads(companion.paths.settings.read_text())["crossfade_s"] == 8.0


def test_a_blend_set_in_the_settings_file_is_shown_as_it_is(qtbot, data_dir: Path):
    data_dir.mkdir(mode=0o700)
    (data_dir / "settings.json").write_text('{"crossfade_s": 6}')
    built = build(QApplication.instance(), data_dir)
    try:
        page = built.window.findChild(PreparePage)
        _open_twenty_pieces(page)
        panel = page.fit_panel
        assert panel.blend.currentText() == "6 s" and panel.crossfade_s == 6.0
        assert [panel.blend.itemText(i) for i in range(panel.blend.count())] == [
            "none", "4 s", "6 s", "8 s"]
        assert panel.summary.text() == f"Ends 1 min 54 s before 45 min; {QUIET_END}"
    finally:
        built.close()


def _library_detail(page: PreparePage, name: str) -> str:
    from ketacompanion.ui.playlist_library import NAME_ROLE

    items = page.library.list
    return next(items.item(r).data(NAME_ROLE)[1] for r in range(items.count())
                if items.item(r).data(NAME_ROLE)[0] == name)


def test_the_library_says_how_long_a_playlist_plays_with_the_blend(companion, qtbot):
    # The library added the pieces end to end ("9 items · 56 min") beside a fit and a
    # length question that hear them blended ("This playlist lasts 55 min 13 s").
    page = companion.window.findChild(PreparePage)
    panel = page.fit_panel
    panel.blend.setFocus()
    qtbot.keyClick(panel.blend, Qt.Key.Key_Down)  # 8 s
    assert panel.blend.currentText() == "8 s"
    playlist = next(p for p in (page.state.repo.get(s.id) for s in page.state.repo.summaries())
                    if p.name == "Piano - 60 min")
    heard = content_end(playlist.items, 8.0)
    assert 55 * 60 < heard < 55.5 * 60  # end to end it is 56 min 17 s
    assert _library_detail(page, "Piano - 60 min") == "9 items · 55 min"
    qtbot.keyClick(panel.blend, Qt.Key.Key_Up)
    qtbot.keyClick(panel.blend, Qt.Key.Key_Up)  # none: gapless, end to end
    assert panel.blend.currentText() == "none"
    assert _library_detail(page, "Piano - 60 min") == "9 items · 56 min"
