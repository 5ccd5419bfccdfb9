"""The Prepare page as a person uses it: build, reorder, undo, fit, preview, import, export."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPoint,
    QPointF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QWidget,
)

from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.playlist_formats import read_playlist
from ketacompanion.core.timeline import DEFAULT_CROSSFADE_S, content_end
from ketacompanion.ui.binaural_dialog import BinauralDialog
from ketacompanion.ui.fit_panel import wrap_lines
from ketacompanion.ui.playlist_library_state import LibraryState
from ketacompanion.ui.playlist_model import PROBLEM_ROLE
from ketacompanion.ui.prepare_page import PreparePage


class FakePreviewer(QObject):
    """Records preview requests (the real PlayerService has its own tests)."""

    error = Signal(str)
    preview_changed = Signal(bool)
    previewing = False

    def __init__(self) -> None:
        super().__init__()
        self.previews: list[tuple[object, float, float]] = []

    def preview(self, item, seconds=15.0, volume=0.3) -> None:
        self.previews.append((item, seconds, volume))

    def stop_preview(self, fade_s=2.0) -> None:
        pass


def song(path: Path, title: str | None = None, seconds: float = 2.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with soundfile.SoundFile(path, "w", 8000, 1, format="OGG", subtype="VORBIS") as sink:
        if title:
            sink.title = title
        sink.write(np.zeros(int(8000 * seconds), dtype=np.float32))
    return path


@pytest.fixture
def page(companion) -> PreparePage:
    prepare = companion.window.findChild(PreparePage)
    assert prepare is not None
    messages: list[str] = []
    prepare.message.connect(messages.append)
    prepare.messages = messages
    return prepare


@pytest.fixture
def fresh(page, qtbot) -> PreparePage:
    """The page with a new, empty playlist open."""
    page.new_playlist()
    assert page.state.current().items == []
    return page


def titles(page: PreparePage) -> list[str]:
    model = page.editor.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def add_and_wait(page: PreparePage, qtbot, paths: list[str]) -> None:
    before = page.editor.model.rowCount()
    page.editor.add_paths(paths)
    qtbot.waitUntil(lambda: not page.editor._scanner.busy(), timeout=20000)
    assert page.editor.model.rowCount() >= before


def test_importing_the_page_leaves_dialogs_and_playlist_formats_for_later() -> None:
    # Each is only needed on a click; at start-up they cost imports and PySide enums.
    later = ("ketacompanion.ui.binaural_dialog", "ketacompanion.core.playlist_formats",
             "ketacompanion.core.relocate", "xml.etree.ElementTree")
    code = ("import sys\n"
            "import ketacompanion.ui.prepare_page\n"
            f"print([m for m in {later!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_first_run_lists_ready_made_playlists_and_opens_one(page):
    names = [page.library.list.item(r).text().split("\n")[0]
             for r in range(page.library.list.count())]
    assert "Theta beats - 45 min" in names
    assert page.state.current() is not None
    assert page.name_label.text() == page.state.current().name


def test_add_files_reads_tags_and_falls_back_to_the_file_name(fresh, qtbot, tmp_path):
    a = song(tmp_path / "m" / "a.ogg", "Still Water")
    b = song(tmp_path / "m" / "b-untagged.ogg")
    add_and_wait(fresh, qtbot, [str(a), str(b)])
    assert titles(fresh) == ["Still Water", "b-untagged"]
    model = fresh.editor.model
    assert model.data(model.index(0, 2)) == "Music"
    assert model.data(model.index(0, 3)) == "2 s"
    stored = fresh.state.repo.get(fresh.state.current().id)
    assert [i.title for i in stored.items] == ["Still Water", "b-untagged"]


def test_reorder_by_drag_then_undo_and_redo(fresh, qtbot):
    items = [SilenceItem(60), SilenceItem(120), SilenceItem(180)]
    fresh.editor.insert_items(items, None, "add")
    model = fresh.editor.model
    # What a drag of row 0 carries, dropped below the last row.
    mime = model.mimeData([model.index(0, c) for c in range(model.columnCount())])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert [i.duration_s for i in model.items()] == [120, 180, 60]
    assert [i.duration_s for i in fresh.state.repo.get(fresh.state.current().id).items] == [
        120, 180, 60]
    fresh.state.undo_stack.undo()
    assert [i.duration_s for i in model.items()] == [60, 120, 180]
    fresh.state.undo_stack.redo()
    assert [i.duration_s for i in model.items()] == [120, 180, 60]


def test_a_finished_move_does_not_also_remove_the_dragged_rows(fresh):
    fresh.editor.insert_items([SilenceItem(60), SilenceItem(120)], None, "add")
    model = fresh.editor.model
    # After a MoveAction drop the view asks the model to remove the source rows.
    assert not model.removeRows(0, 1, QModelIndex())
    assert model.rowCount() == 2


def test_remove_with_undo(fresh, qtbot):
    fresh.editor.insert_items([SilenceItem(60), SilenceItem(120), SilenceItem(180)], None, "x")
    fresh.editor.table.selectRow(1)
    qtbot.mouseClick(fresh.editor.remove_button, Qt.MouseButton.LeftButton)
    assert [i.duration_s for i in fresh.editor.model.items()] == [60, 180]
    qtbot.mouseClick(fresh.undo_button, Qt.MouseButton.LeftButton)
    assert [i.duration_s for i in fresh.editor.model.items()] == [60, 120, 180]


def test_files_dropped_from_the_file_manager_are_added(fresh, qtbot, tmp_path):
    a = song(tmp_path / "drop" / "x.ogg", "Dropped")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(a))])
    # A real drag enters before it drops; Qt delivers the drop only after that.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(fresh.editor, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(fresh.editor, event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: titles(fresh) == ["Dropped"], timeout=5000)


def test_a_non_audio_file_dropped_gives_a_clear_message(fresh, qtbot, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    fake = tmp_path / "fake.mp3"
    fake.write_text("not really mp3 " * 50)
    model = fresh.editor.model
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text)), QUrl.fromLocalFile(str(fake))])
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    qtbot.waitUntil(lambda: any("Not added" in m for m in fresh.messages), timeout=5000)
    assert "notes.txt (and 1 more): not an audio file" in fresh.messages[-1]
    assert model.rowCount() == 0


def test_missing_files_are_flagged_with_the_reason_on_hover(fresh, tmp_path):
    there = song(tmp_path / "here.ogg", "Here")
    current = fresh.state.current()
    current.items = [FileItem(str(there), "Here", None, 2.0), FileItem("/gone/away.ogg", "Away")]
    fresh.state.edit(current, "set")
    model = fresh.editor.model
    assert model.data(model.index(0, 0, QModelIndex()), PROBLEM_ROLE) is None
    assert model.data(model.index(1, 0)).startswith("⚠")
    assert "not found" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)


def assert_hint_centred_on_table(qtbot, editor) -> None:
    hint, viewport = editor.empty_hint, editor.table.viewport()
    assert hint.isVisibleTo(editor) and hint.parentWidget() is viewport
    centre = viewport.rect().center()
    qtbot.waitUntil(lambda: (hint.geometry().center() - centre).manhattanLength() <= 1)


def test_the_hint_shows_over_the_table_while_it_has_no_rows(page, qtbot):
    window = page.window()
    window.show()
    qtbot.waitExposed(window)
    editor = page.editor
    assert editor.model.rowCount() > 0 and not editor.empty_hint.isVisibleTo(editor)
    page.new_playlist()
    assert_hint_centred_on_table(qtbot, editor)
    editor.insert_items([SilenceItem(60)], None, "add")
    assert not editor.empty_hint.isVisibleTo(editor)
    page.state.undo_stack.undo()
    assert editor.empty_hint.isVisibleTo(editor)


class _EmptyLibrary:
    """A repository with no playlists (only what the page asks on opening)."""

    def summaries(self, crossfade_s: float | None = None) -> list:
        return []


def test_a_page_shown_with_nothing_open_shows_the_hint(qtbot, tmp_path):
    page = PreparePage(LibraryState(_EmptyLibrary(), tmp_path))
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    assert page.state.current() is None and not page.editor.isEnabled()
    assert_hint_centred_on_table(qtbot, page.editor)


def test_the_page_reads_its_library_once_as_it_is_built(companion, qtbot, monkeypatch):
    """A listing with lengths reads every playlist whole: once is enough for the first frame."""
    repo = companion.window.findChild(PreparePage).state.repo
    with_lengths: list[float] = []
    summaries = repo.summaries

    def counted(crossfade_s: float | None = None) -> list:
        if crossfade_s is not None:
            with_lengths.append(crossfade_s)
        return summaries(crossfade_s)

    monkeypatch.setattr(repo, "summaries", counted)
    page = PreparePage(LibraryState(repo, Path(".")))
    qtbot.addWidget(page)
    assert with_lengths == [DEFAULT_CROSSFADE_S]
    assert page.library.list.count() == len(summaries()) > 0
    first = min(summaries(), key=lambda s: s.name.casefold())
    assert page.state.current().id == first.id
    assert page.library.list.currentItem().toolTip() == first.name


def test_fit_display_follows_length_and_ending(fresh, qtbot):
    fresh.editor.insert_items([SilenceItem(30 * 60)], None, "add")
    panel = fresh.fit_panel
    assert "Ends 15 min before 45 min" in panel.summary.text()
    qtbot.mouseClick(panel.lengths.button(40), Qt.MouseButton.LeftButton)
    assert "Ends 10 min before 40 min" in panel.summary.text()
    assert fresh.state.repo.get(fresh.state.current().id).target_minutes == 40
    panel.ending.setCurrentIndex(panel.ending.findData(EndBehaviour.BED.value))
    assert "binaural bed carries on" in panel.summary.text()
    fresh.editor.insert_items([SilenceItem(10 * 60)], None, "add")
    # The two silences blend into each other over the default 4 s.
    fits = "Fits 40 min. The bed carries on alone for the last 4 s."
    assert panel.summary.text() == fits
    fresh.editor.insert_items([SilenceItem(20 * 60)], None, "add")
    assert panel.summary.text().startswith("Runs 19 min 52 s over 40 min")
    fresh.state.undo_stack.undo()
    assert panel.summary.text() == fits


def test_tab_goes_through_the_page_in_reading_order(page):
    chain, widget = [], page.nextInFocusChain()
    while widget is not page and len(chain) < 500:
        if (page.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.objectName() != "qt_spinbox_lineedit"):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    library, panel, editor = page.library, page.fit_panel, page.editor
    assert chain == [
        library.list, library.new_button, library.sound_button, library.import_button,
        library.ready_button,
        page.export_button, page.more_button,
        *(panel.lengths.button(minutes) for minutes in (40, 45, 55, 60)), panel.minutes,
        panel.ending, panel.blend, panel.bed, panel.bed_preset, panel.bed_level,
        editor.add_button, editor.preview_button, editor.remove_button, editor.cancel_button,
        editor.table, page.undo_button, page.redo_button,
    ]


def test_the_fit_sentence_takes_its_outcome_colour_before_and_after_showing(fresh, qtbot):
    summary = fresh.fit_panel.summary

    def colour() -> str:
        return summary.palette().color(summary.foregroundRole()).name()

    fresh.editor.insert_items([SilenceItem(75 * 60)], None, "add")  # runs over, not yet shown
    window = fresh.window()
    window.show()
    qtbot.waitExposed(window)
    over = colour()
    fresh.state.undo_stack.undo()
    assert summary.property("outcome") == "empty" and colour() != over
    fresh.state.undo_stack.redo()
    assert colour() == over


def test_binaural_bed_with_its_own_level(fresh, qtbot):
    panel = fresh.fit_panel
    panel.bed.setChecked(True)
    panel.bed_preset.setCurrentIndex(panel.bed_preset.findText("Delta 2 Hz"))
    panel.bed_level.setValue(40)
    stored = fresh.state.repo.get(fresh.state.current().id)
    assert stored.bed is not None and stored.bed.beat_hz == 2
    assert stored.bed_level == pytest.approx(0.4)


def test_binaural_dialog_presets_and_custom_values(qtbot):
    dialog = BinauralDialog(12)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findText("Settle 10 → 6 Hz"))
    segment = dialog.segment()
    assert (segment.beat_hz, segment.end_beat_hz, segment.duration_s) == (10, 6, 720)
    assert segment.label == "Settle 10 → 6 Hz"
    dialog.carrier.setValue(300)
    dialog.glide.setChecked(False)
    custom = dialog.segment()
    assert custom.carrier_hz == 300 and custom.to_beat_hz is None and custom.label == ""
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == BinauralDialog.DialogCode.Accepted


def test_preview_plays_the_selected_row_quietly(qtbot, companion, tmp_path):
    previewer = FakePreviewer()
    state = companion.window.findChild(PreparePage).state
    page = PreparePage(LibraryState(state.repo, state.audio_dir), previewer)
    qtbot.addWidget(page)
    page.new_playlist()
    page.editor.insert_items([BinauralSegment(200, 6, 60)], None, "add")
    page.editor.table.selectRow(0)
    qtbot.mouseClick(page.editor.preview_button, Qt.MouseButton.LeftButton)
    item, seconds, volume = previewer.previews[0]
    assert isinstance(item, BinauralSegment) and seconds == 15 and volume <= 0.3


def test_library_create_rename_duplicate_delete_with_undo(page, qtbot):
    state = page.state
    page.new_playlist()
    first = state.current()
    assert first.name == "My playlist"
    assert state.rename("Tuesday")
    page.duplicate()
    assert state.current().name == "Tuesday copy"
    state.delete()
    assert state.repo.find("Tuesday copy") is None
    state.undo_stack.undo()
    back = state.repo.find("Tuesday copy")
    assert back is not None and state.current().id == back.id
    assert not state.rename("  ")
    assert page.messages[-1] == "A playlist needs a name."
    for _ in range(4):
        state.undo_stack.undo()
    assert state.repo.find("Tuesday") is None and state.repo.find("My playlist") is None
    for _ in range(4):
        state.undo_stack.redo()
    assert state.repo.find("Tuesday") is not None


def test_restore_a_ready_made_playlist(page):
    theta = page.state.repo.find("Theta beats - 45 min")
    page.state.open(theta.id)
    page.state.delete()
    page.state.restore("theta-45")
    restored = page.state.current()
    assert restored.name == "Theta beats - 45 min" and len(restored.items) == 3


def test_export_m3u8_then_import_it_back(page, qtbot, tmp_path):
    a = song(tmp_path / "music" / "a.ogg", "Alpha")
    page.new_playlist()
    add_and_wait(page, qtbot, [str(a)])
    page.editor.insert_items([BinauralSegment(180, 6, 600, label="Theta 6 Hz")], None, "beats")
    target = tmp_path / "out" / "mine.m3u8"
    target.parent.mkdir()
    page.export_to(str(target))
    assert "Saved “My playlist” as mine.m3u8" in page.messages[-1]
    exported = read_playlist(target)
    assert Path(exported.items[0].path) == a and exported.items[1].beat_hz == 6
    page.import_file(str(target))
    qtbot.waitUntil(lambda: page.state.current().name == "My playlist (2)", timeout=5000)
    items = page.state.current().items
    assert items[0].title == "Alpha" and items[0].duration_s == pytest.approx(2, abs=0.1)
    assert isinstance(items[1], BinauralSegment)


def test_broken_playlist_file_gives_one_clear_message(page, tmp_path):
    bad = tmp_path / "bad.m3u"
    bad.write_bytes(bytes(range(256)) * 8)
    page.import_file(str(bad))
    assert page.messages[-1] == "This file is not a playlist: it contains binary data."


def test_locate_missing_files_in_a_new_folder(fresh, qtbot, tmp_path):
    moved = song(tmp_path / "new" / "Album" / "01.ogg", "One")
    current = fresh.state.current()
    current.items = [FileItem(str(tmp_path / "old" / "Album" / "01.ogg"), "One", None, 2.0),
                     FileItem(str(tmp_path / "old" / "gone.ogg"), "Gone", None, 2.0)]
    fresh.state.edit(current, "set")
    assert fresh.editor.model.problem_count() == 2
    fresh.locate_in(str(tmp_path / "new"))
    # The folder is searched in the background, with progress and a Stop button.
    assert fresh.editor.progress.isVisibleTo(fresh.editor)
    assert fresh.state.current().items[0].path != str(moved)
    qtbot.waitUntil(lambda: not fresh.locator.busy(), timeout=5000)
    assert fresh.state.current().items[0].path == str(moved)
    assert fresh.editor.model.problem_count() == 1
    assert fresh.messages[-1] == "Found 1 missing file; 1 still missing."
    assert not fresh.editor.progress.isVisibleTo(fresh.editor)
    fresh.state.undo_stack.undo()
    assert fresh.editor.model.problem_count() == 2


def test_locating_in_a_big_folder_can_be_stopped(fresh, qtbot, tmp_path):
    for i in range(400):
        (tmp_path / "big" / f"d{i:03d}").mkdir(parents=True)
    current = fresh.state.current()
    current.items = [FileItem(str(tmp_path / "old" / "x.ogg"), "X", None, 2.0)]
    fresh.state.edit(current, "set")
    fresh.locator.progress.connect(lambda _n: fresh.editor.cancel_button.click())
    fresh.locate_in(str(tmp_path / "big"))
    qtbot.waitUntil(lambda: not fresh.locator.busy(), timeout=5000)
    assert fresh.messages[-1] == "Stopped looking. Nothing was changed."
    assert fresh.state.current().items[0].path == str(tmp_path / "old" / "x.ogg")


def test_every_control_on_the_page_has_an_accessible_name(page):
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider, QCheckBox,
             QAbstractItemView)
    for widget in page.findChildren(QWidget):
        if isinstance(widget, kinds) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            if widget.window() is not page.window():
                continue  # a combo box's own popup list
            assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()}"


def test_new_playlist_from_bundled_piano_and_theta_fits_45(page, qtbot, tmp_path):
    """The two-minute path of the issue, as far as code can walk it."""
    page.new_playlist()
    pieces = sorted(str(p) for p in (page.state.audio_dir).glob("*.ogg"))
    if not pieces:
        pytest.skip("bundled piano pieces not rendered yet")
    add_and_wait(page, qtbot, pieces)
    # The beats start where the music begins to blend into them (4 s by default).
    music_s = content_end(page.state.current().items, DEFAULT_CROSSFADE_S)
    dialog_segment = BinauralSegment(180, 6, 45 * 60 - music_s + DEFAULT_CROSSFADE_S,
                                     label="Theta 6 Hz")
    page.editor.insert_items([dialog_segment], None, "beats")
    assert page.fit_panel.summary.text() == "Fits 45 min."
    assert isinstance(page.state.current(), Playlist)


def _folder_of_wavs(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    template = folder / "template.tmp"
    soundfile.write(template, np.zeros(80, dtype=np.float32), 8000, format="WAV")
    data = template.read_bytes()
    template.unlink()
    for i in range(count):
        (folder / f"{i:05d}.wav").write_bytes(data)
    return folder


def test_a_folder_of_5000_files_keeps_the_window_responsive(fresh, qtbot, tmp_path):
    folder = _folder_of_wavs(tmp_path / "big", 5000)
    ticks: list[float] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    progress: list[tuple[int, int]] = []
    fresh.editor._scanner.progress.connect(lambda done, total: progress.append((done, total)))
    timer.start()
    fresh.editor.add_paths([str(folder)])
    assert fresh.editor.progress.isVisibleTo(fresh.editor)
    qtbot.waitUntil(lambda: not fresh.editor._scanner.busy(), timeout=30000)
    timer.stop()
    assert fresh.editor.model.rowCount() == 5000
    assert progress[-1] == (5000, 5000) and len(progress) > 1
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 10 and max(gaps) < 0.5  # the UI thread kept turning
    assert not fresh.editor.progress.isVisibleTo(fresh.editor)


def test_adding_a_big_folder_can_be_stopped(fresh, qtbot, tmp_path):
    folder = _folder_of_wavs(tmp_path / "big", 3000)
    fresh.editor.add_paths([str(folder)])
    qtbot.mouseClick(fresh.editor.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not fresh.editor._scanner.busy(), timeout=30000)
    assert fresh.editor.model.rowCount() == 0
    assert fresh.messages[-1] == "Stopped. Nothing was added."


def test_a_long_fit_sentence_wraps_onto_a_second_line_instead_of_being_cut(fresh, qtbot):
    companion_window = fresh.window()
    companion_window.resize(1024, 720)  # the narrowest screen people have
    companion_window.show()
    qtbot.waitExposed(companion_window)
    fresh.editor.insert_items([SilenceItem(30 * 60)], None, "add")
    panel = fresh.fit_panel
    panel.set_crossfade(0)  # gapless: the two silences below fill 45 min exactly
    panel.ending.setCurrentIndex(panel.ending.findData(EndBehaviour.BED.value))
    label = panel.summary
    text = label.text()
    assert "binaural bed carries on alone" in text
    metrics = label.fontMetrics()
    width = label.contentsRect().width()
    assert metrics.horizontalAdvance(text) > width  # too long for one line here
    qtbot.waitUntil(lambda: label.height() >= 2 * metrics.lineSpacing())
    lines = wrap_lines(text, metrics, width)
    assert len(lines) == 2 and " ".join(lines) == text  # all of it shows, nothing elided
    assert label.heightForWidth(width + label.contentsMargins().left()
                                + label.contentsMargins().right()) >= 2 * metrics.lineSpacing()
    fresh.editor.insert_items([SilenceItem(15 * 60)], None, "add")
    assert label.text() == "Fits 45 min."
    qtbot.waitUntil(lambda: label.height() < 2 * metrics.lineSpacing())  # back to one line


def test_wrap_lines_keeps_words_whole_and_elides_only_past_the_last_line(qapp):
    from PySide6.QtGui import QFont, QFontMetrics
    metrics = QFontMetrics(QFont())
    words = "one two three four five six seven eight nine ten eleven twelve"
    width = metrics.horizontalAdvance("one two three four")
    lines = wrap_lines(words, metrics, width)
    assert len(lines) == 2 and lines[0].split() == words.split()[: len(lines[0].split())]
    assert lines[1].endswith("…")
    assert wrap_lines("short", metrics, width) == ["short"]
    assert wrap_lines("", metrics, width) == []


def test_the_apps_preview_button_turns_to_stop_while_it_plays(page, qtbot, companion):
    # Through the app's own (lazily built) player: the button follows what really plays.
    page.new_playlist()
    page.editor.insert_items([BinauralSegment(200, 6, 60)], None, "add")
    page.editor.table.selectRow(0)
    button = page.editor.preview_button
    with qtbot.waitSignal(companion.previewer.preview_changed, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert companion.previewer.previewing and button.text() == "■ Stop"
    with qtbot.waitSignal(companion.previewer.preview_changed, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not companion.previewer.previewing and button.text() == "▶ Preview"
    assert companion.previewer.player().state.value == "stopping"  # fading, not cut


def test_sound_for_this_session_makes_a_fitted_playlist_of_each_choice(page, qtbot):
    from ketacompanion.core.models import NatureItem, NatureSound
    from ketacompanion.core.soundscapes import SOUNDSCAPES

    menu = page.library.sound_button.menu()
    assert [a.text() for a in menu.actions()] == [s.name for s in SOUNDSCAPES]
    page.length.set(55)
    sea = next(a for a in menu.actions() if a.text() == "Sea")
    sea.trigger()
    opened = page.state.current()
    assert opened.name == "Sea - 55 min" and opened.target_minutes == 55
    assert opened.items == [NatureItem(NatureSound.SEA, 55 * 60.0)]
    assert titles(page) == ["Sea"]
    assert page.fit_panel.summary.text().startswith("Fits")
    # One undo takes it away again, as for a new playlist.
    page.state.undo_stack.undo()
    assert page.state.repo.find("Sea - 55 min") is None
    page.library.sound_requested.emit("beats")
    assert page.state.current().items[0].arc == "classic"
    # Fresh piano over beats: kept in the library, the beats under it following the arc.
    page.library.sound_requested.emit("fresh-piano-beats")
    kept = page.state.repo.get(page.state.current().id)
    assert kept.name == "Fresh piano over beats - 55 min" and titles(page) == ["Fresh piano"]
    assert kept.bed is not None and kept.bed.arc == "classic"
    assert page.fit_panel.bed.isChecked()
    assert page.fit_panel.bed_preset.currentData() == "arc"


def test_the_arc_preset_in_the_beats_dialog_follows_the_arc(qtbot):
    from ketacompanion.ui.binaural_dialog import BinauralDialog

    dialog = BinauralDialog()
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("arc"))
    segment = dialog.segment()
    assert segment.arc == "classic" and (segment.beat_hz, segment.end_beat_hz) == (10, 4)
