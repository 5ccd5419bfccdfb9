"""A data folder that cannot be made: a calm message and exit 2, no traceback, no window."""

from __future__ import annotations

from pathlib import Path

from modal import when_a_box_shows
from PySide6.QtWidgets import QApplication, QMessageBox

from ketacompanion import __main__ as cli
from ketacompanion.ui.startup_problem import show_data_folder_problem


def _answer(seen: list[tuple[str, str, str, list[str]]]) -> None:
    """Close the message once it is up, noting what it said."""
    def act(box: QMessageBox) -> None:
        seen.append((box.windowTitle(), box.text(), box.informativeText(),
                     [b.text() for b in box.buttons()]))
        box.buttons()[0].click()
    when_a_box_shows(act)


def test_the_message_names_the_folder_the_reason_and_what_to_do(qapp, tmp_path: Path):
    seen: list[tuple[str, str, str, list[str]]] = []
    _answer(seen)
    folder = tmp_path / "usb" / "ketacompanion"
    show_data_folder_problem(folder, "the disk it is on is read-only")
    title, text, more, buttons = seen[0]
    assert title == "ketacompanion cannot use its data folder"
    assert "cannot use its data folder" in text
    assert str(folder) in more and "the disk it is on is read-only" in more
    assert "Nothing has been changed" in more and "plug it in" in more
    assert buttons == ["Close"]
    assert "Error" not in title + text + more and "errno" not in more.lower()


def test_the_gui_start_shows_the_message_and_exits_2(qapp, tmp_path: Path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    seen: list[tuple[str, str, str, list[str]]] = []
    _answer(seen)
    assert cli.main(["--data-dir", str(afile / "data")]) == 2
    title, _, more, _ = seen[0]
    assert str(afile / "data") in more and "part of its path is a file, not a folder" in more
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and str(afile / "data") in err
    assert not [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.objectName() == "mainWindow"]
