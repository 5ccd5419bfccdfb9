"""The export opens with a summary a therapist reads in a minute, and keeps what was said."""

from __future__ import annotations

import re
import stat
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.services.export import export_journal
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session


@pytest.fixture
def journal(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    (tmp_path / "rec").mkdir()
    yield JournalRepository(db, tmp_path / "rec")
    db.close()


def _series(journal: JournalRepository, count: int, tmp_path: Path) -> list[int]:
    transcripts = TranscriptRepository(journal.database, tmp_path / "rec")
    ids = []
    for n in range(1, count + 1):
        sid = add_session(journal.database, f"2026-03-{n:02d}T09:00:00Z",
                          ended=f"2026-03-{n:02d}T09:40:00Z", intention=f"intention {n}",
                          mood_before=3, mood_after=min(10, 3 + n), marks=[(600, "Drift")])
        ids.append(sid)
        if n % 2:
            journal.save_note(sid, f"Written on day {n}. " + "More words follow here. " * 12)
        take = tmp_path / "rec" / f"take-{n}.flac"
        tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(16000 * 2) / 16000)
        soundfile.write(take, tone, 16000, subtype="PCM_16")
        stored = journal.add_take(sid, take, 2.0)
        transcripts.save_heard(stored.id, f"Spoken on day {n} about the sea.", "tiny.en")
    return ids


def test_markdown_opens_with_one_line_per_session_then_each_in_full(journal, tmp_path):
    _series(journal, 3, tmp_path)
    text = export_journal(journal, tmp_path / "out", "md").read_text()
    glance = text.index("## At a glance")
    lines = [ln for ln in text[glance:text.index("## Session")].splitlines()
             if ln.startswith("**Infusion")]
    assert lines == [f"**Infusion {n}** · {n} Mar 2026 · 40 min · “intention {n}” · "
                     f"mood 3 → {3 + n} · 1 mark  " for n in (1, 2, 3)]
    assert "*Written on day 1. More words follow here." in text  # the note's first words...
    assert "*Spoken on day 2 about the sea.*" in text  # ...else what was said
    assert re.search(r"\*Written on day 1\.[^*]{0,75}…\*", text)  # cut at a word
    assert text.count("**Voice note 1, in words** (transcribed on this laptop): Spoken on") == 3
    assert "CHART" not in text and "\u2063" not in text  # Markdown has no chart


def test_each_voice_note_is_also_an_mp3_any_phone_plays(journal, tmp_path):
    _series(journal, 1, tmp_path)
    text = export_journal(journal, tmp_path / "out", "md").read_text()
    mp3 = tmp_path / "out" / "voice-notes" / "2026-03-01-session-01-voice-1.mp3"
    assert "· [MP3](voice-notes/2026-03-01-session-01-voice-1.mp3)" in text
    assert stat.S_IMODE(mp3.stat().st_mode) == 0o600
    assert mp3.read_bytes()[:3] == b"ID3" or mp3.read_bytes()[0] == 0xFF
    samples, rate = soundfile.read(mp3, dtype="float32")
    assert len(samples) / rate == pytest.approx(2.0, abs=0.1)
    spectrum = np.abs(np.fft.rfft(samples[:rate]))
    assert np.argmax(spectrum) == pytest.approx(220, abs=3)


@pytest.mark.needs("pdftotext", "pdfimages")
def test_pdf_summary_fits_one_page_with_a_vector_chart(journal, tmp_path, qapp):
    _series(journal, 12, tmp_path)
    pdf = export_journal(journal, tmp_path / "out", "pdf")
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "At a glance" in first and "Mood over the series" in first
    assert "Mood before (hollow) and after" in first  # drawn by the chart painter
    assert all(f"Infusion {n} ·" in first for n in range(1, 13))  # twelve lines, one page
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # the chart is lines and circles, not a picture
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    said = re.findall(r"in\s+words\s+\(transcribed\s+on\s+this\s+laptop\):\s+Spoken\s+on\s+day",
                      whole)
    assert len(said) == 12  # every transcript in full


def _lowest_ink(pgm: Path) -> float:
    """How far down the page its last text reaches (0 top, 1 bottom), page number left out."""
    data = pgm.read_bytes()
    header = data.split(b"\n", 3)
    width, height = (int(v) for v in header[1].split())
    pixels = np.frombuffer(header[3][: width * height], np.uint8).reshape(height, width)
    rows = np.nonzero((pixels < 128).any(axis=1))[0]
    body = rows[rows < height * 0.9]  # the footer's "Page n of N" is not content
    return float(body.max()) / height


@pytest.mark.needs("pdftoppm")
def test_no_page_but_the_last_is_left_mostly_empty(journal, tmp_path, qapp):
    ids = _series(journal, 8, tmp_path)
    for sid in ids:
        journal.save_note(sid, "Short.")
    pdf = export_journal(journal, tmp_path / "out", "pdf")
    subprocess.run(["pdftoppm", "-gray", "-r", "30", str(pdf), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert 2 <= len(pages) < 9  # was a page per session
    for page in pages[:-1]:
        assert _lowest_ink(page) > 0.6, page.name


def test_the_export_command_includes_the_summary_and_transcripts(tmp_path, capsys):
    from ketacompanion.__main__ import main
    from ketacompanion.paths import DataPaths

    paths = DataPaths(tmp_path / "data").ensure()
    db = Database.open(paths.database)
    (tmp_path / "takes" / "rec").mkdir(parents=True)
    _series(JournalRepository(db, paths.recordings), 2, tmp_path / "takes")
    db.close()
    out = tmp_path / "out"
    assert main(["--data-dir", str(tmp_path / "data"), "export", "--out", str(out)]) == 0
    text = (out / "journal.md").read_text()
    assert text.index("## At a glance") < text.index("**Infusion 1**") < text.index("## Session")
    assert "(transcribed on this laptop): Spoken on day 2 about the sea." in text
