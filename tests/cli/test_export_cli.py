from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.__main__ import main
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

ROOT = Path(__file__).resolve().parents[2]


def _seed(data: Path) -> None:
    paths = DataPaths(data).ensure()
    db = Database.open(paths.database)
    journal = JournalRepository(db, paths.recordings)
    for day, note in (("2026-03-02", "green swamp"), ("2026-03-05", "purple light")):
        sid = add_session(db, f"{day}T09:00:00Z", mood_before=3, mood_after=6, note=note)
        take = paths.recordings / f"t{sid}.flac"
        soundfile.write(take, np.zeros(1600, "int16"), 16000, subtype="PCM_16")
        journal.add_take(sid, take, 0.1)
    db.close()


def test_empty_journal_is_said_plainly(tmp_path: Path, capsys):
    assert main(["--data-dir", str(tmp_path / "none"), "export", "--out", str(tmp_path / "o")]) == 1
    assert "journal is empty" in capsys.readouterr().out
    assert not (tmp_path / "o").exists()


def test_markdown_export_with_since_and_voice_notes(tmp_path: Path, capsys):
    _seed(tmp_path / "d")
    out = tmp_path / "out"
    code = main(["--data-dir", str(tmp_path / "d"), "export", "--out", str(out),
                 "--since", "2026-03-04"])
    assert code == 0
    text = (out / "journal.md").read_text()
    assert "purple light" in text and "green swamp" not in text
    assert "](voice-notes/2026-03-05-session-02-voice-1.flac)" in text
    assert (out / "voice-notes" / "2026-03-05-session-02-voice-1.flac").exists()
    assert main(["--data-dir", str(tmp_path / "d"), "export", "--out", str(out),
                 "--since", "2027-01-01"]) == 1
    assert main(["--data-dir", str(tmp_path / "d"), "export", "--out", str(out),
                 "--since", "March"]) == 2


@pytest.mark.needs("pdftotext", "pdfinfo")
def test_pdf_export_from_a_plain_terminal(tmp_path: Path):
    _seed(tmp_path / "d")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "ketacompanion", "--data-dir", str(tmp_path / "d"), "export",
         "--out", str(tmp_path / "out"), "--format", "pdf"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "journal.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Session 2" in text and "purple light" in text and "green swamp" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 1  # short sessions share a page: none is left mostly empty
    first = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True).stdout
    assert first.index("At a glance") < first.index("Infusion 1") < first.index("Infusion 2")
    for number in range(1, pages + 1):  # every page numbered, in order, at its foot
        page_text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf),
                                    "-"], capture_output=True, text=True).stdout
        assert page_text.strip().endswith(f"Page {number} of {pages}")


def test_an_earlier_export_in_the_folder_is_never_replaced(tmp_path: Path, capsys, qapp):
    # qapp: the PDF export below reuses the suite's QApplication instead of making a
    # QGuiApplication that later widget tests would find.
    _seed(tmp_path / "d")
    kept = {"journal.md": "my own words\n", "journal.pdf": "%PDF my printout\n",
            "voice-notes/2026-03-02-session-01-voice-1.flac": "my own recording"}
    for name, text in kept.items():
        out = tmp_path / name.replace("/", "-")  # one folder per file already there
        (out / name).parent.mkdir(parents=True)
        (out / name).write_text(text)
        before = sorted(p.relative_to(out) for p in out.rglob("*"))
        for fmt in ("md", "pdf"):
            code = main(["--data-dir", str(tmp_path / "d"), "export", "--out", str(out),
                         "--format", fmt])
            assert code == 2, (name, fmt)
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and str(out) in err and name.split("/")[0] in err
            assert "nothing was written" in err
        assert (out / name).read_text() == text
        assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_folder_with_other_files_is_used_as_it_is(tmp_path: Path):
    _seed(tmp_path / "d")
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "letter.txt").write_text("dear therapist")
    assert main(["--data-dir", str(tmp_path / "d"), "export", "--out", str(out)]) == 0
    assert (out / "journal.md").exists() and (out / "letter.txt").read_text() == "dear therapist"
