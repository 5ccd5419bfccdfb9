"""Rehearsals are kept apart from the real series: not in the default export, no clutter.

Six rehearsals used to make six Journal cards and six pages of "Length: 0 min" in
the export for the therapist.
"""

from __future__ import annotations

from journal_cards import listed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QRadioButton
from test_journal_export import add_session, button, open_journal

from ketacompanion.__main__ import main


def seed(companion) -> tuple[int, list[int]]:
    """One real session and six rehearsals after it; their ids."""
    real = add_session(companion, "2026-03-02T09:00:00Z", 3, 6, "A green swamp")
    rehearsals = [add_session(companion, f"2026-03-0{3 + n // 3}T1{n}:00:00Z", None, None,
                              f"rehearsal {n}", rehearsal=1) for n in range(6)]
    return real, rehearsals


def cards(page) -> list[int]:
    return listed(page)


def test_rehearsals_fold_into_one_quiet_line(qtbot, companion) -> None:
    real, rehearsals = seed(companion)
    page = open_journal(companion)
    assert cards(page) == [real]
    line = button(page, "6 rehearsals, not part of your series. Show them")
    assert line.objectName() == "quietButton"
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    assert cards(page) == [*reversed(rehearsals), real]
    qtbot.mouseClick(button(page, "Hide the rehearsals"), Qt.MouseButton.LeftButton)
    assert cards(page) == [real]


def test_no_rehearsal_line_without_rehearsals(companion) -> None:
    add_session(companion, "2026-03-02T09:00:00Z", 3, 6, "A green swamp")
    page = open_journal(companion)
    assert not [b for b in page.findChildren(QPushButton)
                if "rehearsal" in b.text() and b.isVisibleTo(page)]


def test_the_export_for_the_therapist_leaves_rehearsals_out(companion, monkeypatch,
                                                            tmp_path) -> None:
    real, _rehearsals = seed(companion)
    page = open_journal(companion)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialog = page.open_export()
    assert dialog.chosen() == [real]
    next(r for r in dialog.findChildren(QRadioButton)
         if r.accessibleName() == "Export as Markdown").click()
    button(dialog, "Choose the folder to export into").click()
    assert dialog.run_export() is not None
    text = next(tmp_path.glob("Infusion journal*/journal.md")).read_text(encoding="utf-8")
    assert "A green swamp" in text and "rehearsal" not in text.lower()
    # Shown in the Journal, they can be chosen for an export too.
    page.toggle_rehearsals()
    dialog = page.open_export()
    assert len(dialog.chosen()) == 7
    dialog.reject()


def test_the_command_line_export_leaves_rehearsals_out_unless_asked(companion,
                                                                    tmp_path) -> None:
    seed(companion)
    data = companion.paths.root
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path / "a")]) == 0
    text = (tmp_path / "a" / "journal.md").read_text(encoding="utf-8")
    assert "A green swamp" in text and "rehearsal" not in text.lower()
    assert "Length: 0 min" not in text
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path / "b"),
                 "--rehearsals"]) == 0
    text = (tmp_path / "b" / "journal.md").read_text(encoding="utf-8")
    assert text.count("## Rehearsal · ") == 6 and "A green swamp" in text


def test_a_journal_of_rehearsals_only_says_how_to_export_them(companion, tmp_path,
                                                              capsys) -> None:
    add_session(companion, "2026-03-03T10:00:00Z", None, None, "tone check", rehearsal=1)
    data = companion.paths.root
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path / "a")]) == 1
    assert "only rehearsals; add --rehearsals to export them" in capsys.readouterr().out
    assert not (tmp_path / "a").exists()
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path / "a"),
                 "--rehearsals"]) == 0
