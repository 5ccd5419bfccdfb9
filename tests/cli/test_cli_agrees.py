"""The command line agrees with itself: one rule for existing files, missing folders, words.

- A file already there is never replaced silently: every command refuses in one line
  (exit 2) unless ``--force`` is given (``binaural`` and ``playlist export`` used to
  overwrite while ``export`` refused).
- A missing folder above the output is refused by every command (``export`` used to
  make a whole tree for a mistyped path); the folder ``export`` writes into may be new.
- Values out of range are refused even when they would be ignored (``--noise-level 3``
  without ``--noise`` used to pass).
- The playlist's ending is said in the app's words ("play it again", not "repeat").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.__main__ import main
from ketacompanion.core.models import END_WORDS, EndBehaviour
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.playlists import PlaylistRepository
from tests.builders import add_session

PLAYLIST = "Theta beats - 45 min"
BEATS = ["binaural", "--carrier", "200", "--beat", "6", "--minutes", "0.05"]


def _run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("ketacompanion: error: "), err
    for word in words:
        assert word in err, err


def _seed_journal(data: Path, note: str) -> None:
    paths = DataPaths(data).ensure()
    db = Database.open(paths.database)
    journal = JournalRepository(db, paths.recordings)
    sid = add_session(db, "2026-03-02T09:00:00Z", note=note)
    take = paths.recordings / f"t{sid}.flac"
    soundfile.write(take, np.zeros(1600, "int16"), 16000, subtype="PCM_16")
    journal.add_take(sid, take, 0.1)
    db.close()


def test_binaural_refuses_an_existing_file_unless_forced(tmp_path: Path, capsys):
    out = tmp_path / "beats.wav"
    out.write_bytes(b"the person's own recording")
    code, _, err = _run(capsys, tmp_path / "d", *BEATS, "--out", str(out))
    _one_line_error(code, err, str(out), "already exists", "--force")
    assert out.read_bytes() == b"the person's own recording"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beats.wav", "d"]  # no temp file
    code, out_text, _ = _run(capsys, tmp_path / "d", *BEATS, "--out", str(out), "--force")
    assert code == 0 and "wrote" in out_text
    assert soundfile.info(out).frames == 3 * 44100


def test_playlist_export_refuses_an_existing_file_unless_forced(tmp_path: Path, capsys):
    out = tmp_path / "mine.m3u8"
    out.write_text("#EXTM3U\nmy own list.flac\n")
    code, _, err = _run(capsys, tmp_path / "d", "playlist", "export", PLAYLIST, "--out", str(out))
    _one_line_error(code, err, str(out), "already exists", "--force")
    assert out.read_text() == "#EXTM3U\nmy own list.flac\n"
    code, _, _ = _run(capsys, tmp_path / "d", "playlist", "export", PLAYLIST, "--out", str(out),
                      "--force")
    assert code == 0 and "my own list" not in out.read_text() and "#EXTKC" in out.read_text()


def test_export_replaces_an_earlier_export_only_when_forced(tmp_path: Path, capsys):
    data, out = tmp_path / "d", tmp_path / "therapy"
    _seed_journal(data, "green swamp")
    assert _run(capsys, data, "export", "--out", str(out))[0] == 0
    (out / "voice-notes" / "old-voice.flac").write_bytes(b"an earlier export's copy")
    (out / "letter.txt").write_text("dear therapist")
    db = Database.open(DataPaths(data).database)
    JournalRepository(db, DataPaths(data).recordings).save_note(1, "purple light")
    db.close()
    code, _, err = _run(capsys, data, "export", "--out", str(out))
    _one_line_error(code, err, "already holds journal.md, voice-notes", "--force")
    assert "green swamp" in (out / "journal.md").read_text()
    code, _, _ = _run(capsys, data, "export", "--out", str(out), "--force")
    assert code == 0
    assert "purple light" in (out / "journal.md").read_text()
    # The earlier export is replaced as a whole; the person's other files stay.
    assert sorted(p.name for p in (out / "voice-notes").iterdir()) == [
        "2026-03-02-session-01-voice-1.flac", "2026-03-02-session-01-voice-1.mp3"]
    assert sorted(p.name for p in out.iterdir()) == ["journal.md", "letter.txt", "voice-notes"]
    assert (out / "letter.txt").read_text() == "dear therapist"


@pytest.mark.parametrize("command", ["binaural", "playlist", "export"])
def test_a_missing_folder_is_refused_by_every_command(tmp_path: Path, capsys, command):
    data = tmp_path / "d"
    _seed_journal(data, "green swamp")
    missing = tmp_path / "Docments" / "2026"
    args = {"binaural": [*BEATS, "--out", str(missing / "beats.flac")],
            "playlist": ["playlist", "export", PLAYLIST, "--out", str(missing / "x.m3u8")],
            "export": ["export", "--out", str(missing / "therapy")]}[command]
    code, _, err = _run(capsys, data, *args)
    _one_line_error(code, err, str(missing), "does not exist")
    assert not (tmp_path / "Docments").exists()


def test_export_may_make_the_folder_it_writes_into(tmp_path: Path, capsys):
    data = tmp_path / "d"
    _seed_journal(data, "green swamp")
    code, _, _ = _run(capsys, data, "export", "--out", str(tmp_path / "therapy"))
    assert code == 0 and (tmp_path / "therapy" / "journal.md").exists()
    assert (tmp_path / "therapy").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(("extra", "words"), [
    (["--noise-level", "3"], ["--noise-level", "between 0 and 1"]),
    (["--noise-level", "-0.5"], ["--noise-level", "between 0 and 1"]),
    (["--noise-level", "nan"], ["--noise-level"]),
    (["--noise-level", "0.5"], ["--noise-level", "--noise pink, brown or white"]),
    (["--noise", "pink", "--noise-level", "3"], ["--noise-level", "between 0 and 1"]),
])
def test_noise_level_is_checked_with_or_without_noise(tmp_path: Path, capsys, extra, words):
    out = tmp_path / "x.flac"
    code, _, err = _run(capsys, tmp_path / "d", *BEATS, *extra, "--out", str(out))
    _one_line_error(code, err, *words)
    assert not out.exists()


def test_playlist_show_uses_the_apps_words_for_the_ending(tmp_path: Path, capsys):
    data = tmp_path / "d"
    assert _run(capsys, data, "playlist", "list")[0] == 0  # seeds the ready-made playlists
    seen = {}
    for behaviour in EndBehaviour:
        db = Database.open(DataPaths(data).database)
        repo = PlaylistRepository(db)
        playlist = repo.find(PLAYLIST)
        playlist.end_behaviour = behaviour
        repo.save(playlist)
        db.close()
        code, out, _ = _run(capsys, data, "playlist", "show", PLAYLIST)
        assert code == 0
        seen[behaviour] = out.splitlines()[0]
    assert seen[EndBehaviour.REPEAT].endswith("if it ends early: play it again)")
    assert seen[EndBehaviour.SILENCE].endswith("if it ends early: let it be quiet)")
    assert seen[EndBehaviour.BED].endswith("if it ends early: continue with the bed)")
    assert set(END_WORDS) == set(EndBehaviour)


def test_the_app_offers_the_same_words(qapp):
    from ketacompanion.ui.fit_panel import FitPanel

    panel = FitPanel()
    labels = [panel.ending.itemText(i) for i in range(panel.ending.count())]
    assert labels == [END_WORDS[b] for b in EndBehaviour]
    assert labels[0] == "play it again" and labels[-1] == "let it be quiet"
