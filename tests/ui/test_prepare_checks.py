"""Files that will not play are flagged in their rows: found by decoding, off the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ketacompanion import app as app_module
from ketacompanion.core.models import FileItem
from ketacompanion.ui.decode_check import DecodeChecker
from ketacompanion.ui.playlist_model import PROBLEM_ROLE
from ketacompanion.ui.prepare_page import PreparePage


def tone(path: Path, seconds: float = 1.0) -> Path:
    t = np.arange(int(8000 * seconds)) / 8000
    soundfile.write(path, 0.3 * np.sin(2 * np.pi * 220 * t), 8000, format="OGG")
    return path


def row_problem(page: PreparePage, row: int) -> tuple[str, str | None, str | None]:
    model = page.editor.model
    index = model.index(row, 0)
    return (model.data(index), model.data(index, PROBLEM_ROLE),
            model.data(index, Qt.ItemDataRole.ToolTipRole))


@pytest.fixture
def shown(companion, qtbot) -> PreparePage:
    """The Prepare page on screen (offscreen), a new playlist open."""
    page = companion.window.findChild(PreparePage)
    companion.window.show_page("prepare")
    companion.window.show()
    qtbot.waitExposed(companion.window)
    qtbot.waitUntil(lambda: not page.editor._checker.busy(), timeout=10000)
    page.messages = []
    page.message.connect(page.messages.append)
    page.new_playlist()
    return page


def test_corrupt_and_missing_files_are_flagged_with_the_reason_on_hover(shown, qtbot, tmp_path):
    good = tone(tmp_path / "good.ogg")
    corrupt = tmp_path / "corrupt.ogg"
    corrupt.write_bytes(np.random.default_rng(3).bytes(30000))
    missing = tmp_path / "gone" / "missing.ogg"
    current = shown.state.current()
    current.items = [FileItem(str(good), "Good", None, 1.0),
                     FileItem(str(corrupt), "Corrupt", None, 60.0),
                     FileItem(str(missing), "Missing", None, 60.0)]
    shown.state.edit(current, "set")
    # The stat check flags the missing file at once; decoding has not answered yet,
    # because its answer can only arrive through the event loop: nothing blocked.
    assert shown.editor.checking()
    title, problem, tip = row_problem(shown, 2)
    assert title == "⚠ Missing" and "not found" in tip and problem == tip
    assert row_problem(shown, 1)[1] is None
    qtbot.waitUntil(lambda: row_problem(shown, 1)[1] is not None, timeout=10000)
    title, problem, tip = row_problem(shown, 1)
    assert title == "⚠ Corrupt"
    assert tip == "corrupt.ogg is damaged or not a kind of audio file we can play"
    assert row_problem(shown, 0) == ("Good", None, str(good))
    assert not shown.editor.check_label.isVisibleTo(shown.editor)
    assert shown.messages[-1] == "1 piece will not play; point at the ⚠ row to see why."
    # A flagged row is not previewed: its reason is said instead.
    shown.editor.table.selectRow(1)
    shown.editor.preview_selected()
    assert shown.messages[-1] == tip


def test_files_added_later_are_checked_and_unchanged_ones_not_again(
        monkeypatch, qtbot, data_dir, tmp_path):
    calls: list[list[str]] = []
    real = app_module.file_problems

    def counting(paths: list[str], should_stop) -> dict[str, str]:
        calls.append(list(paths))
        return real(paths, should_stop)

    monkeypatch.setattr(app_module, "file_problems", counting)
    built = app_module.build(QApplication.instance(), data_dir)
    try:
        built.window.show()
        qtbot.waitExposed(built.window)
        page = built.window.findChild(PreparePage)
        page.new_playlist()
        first = tone(tmp_path / "first.ogg")
        bad = tmp_path / "bad.ogg"
        bad.write_bytes(b"OggS" + bytes(4000))
        page.editor.insert_items([FileItem(str(first), "First", None, 1.0)], None, "add")
        qtbot.waitUntil(lambda: calls[-1:] == [[str(first)]] and not page.editor._checker.busy(),
                        timeout=5000)
        page.editor.insert_items([FileItem(str(bad), "Bad", None, 1.0)], None, "add")
        qtbot.waitUntil(lambda: row_problem(page, 1)[1] is not None, timeout=5000)
        assert calls[-1] == [str(bad)]  # only the new file was decoded
        count = len(calls)
        page.state.undo_stack.undo()
        page.state.undo_stack.redo()  # same, unchanged files: the flag is remembered
        assert row_problem(page, 1)[1].startswith("bad.ogg is damaged")
        # A check the undo or redo started would be running now, or already answered.
        qtbot.waitUntil(lambda: not page.editor._checker.busy(), timeout=5000)
        QApplication.processEvents()
        assert len(calls) == count
    finally:
        built.close()


def test_a_running_check_is_cancelled_by_the_next_and_its_answer_dropped(qtbot):
    started, results = threading.Event(), []

    def slow(paths: list[str], should_stop) -> dict[str, str]:
        started.set()
        while not should_stop():
            threading.Event().wait(0.01)
        return {path: "late answer" for path in paths}

    checker = DecodeChecker(slow)
    checker.checked.connect(results.append)
    assert checker.check([__file__])
    assert started.wait(5) and checker.busy()
    checker.cancel(wait_s=5)
    assert not checker.busy()
    QApplication.processEvents()  # a late answer would be queued here by now
    assert results == []
    assert not DecodeChecker(None).check([__file__])  # no decoder: nothing runs


def test_after_an_edit_only_files_never_decoded_are_looked_at(qtbot, tmp_path: Path,
                                                              monkeypatch):
    from ketacompanion.ui import decode_check

    files = [tone(tmp_path / f"{n}.ogg", 0.1) for n in range(30)]
    decoded: list[list[str]] = []

    def check(paths: list[str], should_stop) -> dict[str, str]:
        decoded.append(paths)
        return {}

    checker = DecodeChecker(check)
    with qtbot.waitSignal(checker.checked, timeout=5000):
        assert checker.check([str(f) for f in files])
    stamped: list[str] = []
    stamp = decode_check._stamp
    monkeypatch.setattr(decode_check, "_stamp", lambda path: (stamped.append(path), stamp(path))[1])
    new = tone(tmp_path / "new.ogg", 0.1)
    with qtbot.waitSignal(checker.checked, timeout=5000):
        assert checker.check([str(f) for f in [*files[:10], new, *files[10:]]], recheck=False)
    assert decoded[-1] == [str(new)] and stamped == [str(new)]
    assert not checker.check([str(f) for f in files], recheck=False)  # nothing new
    # Opening the playlist again looks at every file (a stat each), decoding what changed.
    tone(files[3], 0.2)
    with qtbot.waitSignal(checker.checked, timeout=5000):
        assert checker.check([str(f) for f in files])
    assert decoded[-1] == [str(files[3])] and len(stamped) == 1 + len(files)
