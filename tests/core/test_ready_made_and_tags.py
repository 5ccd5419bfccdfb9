"""Ready-made playlists fit their length; tags come from files, the file name as fallback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.core.fitting import FitOutcome, describe, fit
from ketacompanion.core.models import EndBehaviour, FileItem, SilenceItem
from ketacompanion.core.ready_made import READY_MADE, build, fill_with_pieces
from ketacompanion.core.relocate import locate_missing
from ketacompanion.core.tags import audio_files, file_problem, read_tags
from ketacompanion.paths import assets_dir


def _pieces(*minutes: float) -> list[FileItem]:
    return [FileItem(f"/a/{i}.ogg", f"P{i}", "k", m * 60) for i, m in enumerate(minutes)]


@pytest.mark.parametrize("lengths", [(4.2, 5.1, 3.3, 6.0), (7.5,), (2.0, 11.0, 3.7)])
def test_every_ready_made_playlist_fits_its_length(lengths):
    for entry in READY_MADE:
        playlist = build(entry, _pieces(*lengths))
        assert playlist is not None and playlist.name.endswith(f"- {entry.minutes} min")
        assert fit(playlist).outcome == FitOutcome.FITS, entry.key


def test_piano_playlists_wait_for_the_pieces_but_beats_do_not():
    built = {entry.key: build(entry, []) for entry in READY_MADE}
    assert built["piano-45"] is None and built["piano-theta-60"] is None
    assert built["theta-45"] is not None


def test_piano_over_theta_has_a_soft_theta_bed():
    playlist = build(next(e for e in READY_MADE if e.key == "piano-theta-60"), _pieces(5))
    assert playlist.bed is not None and playlist.bed.beat_hz == 6
    assert playlist.end_behaviour == EndBehaviour.BED and 0 < playlist.bed_level < 0.5


def test_fill_goes_round_the_pieces_in_order():
    chosen = fill_with_pieces(_pieces(10, 10, 10), 45 * 60)
    assert [p.title for p in chosen][:4] == ["P0", "P1", "P2", "P0"]


def _wav(path: Path, seconds: float = 0.5) -> Path:
    soundfile.write(path, np.zeros((int(44100 * seconds), 2), dtype=np.float32), 44100)
    return path


def test_tags_title_artist_length_from_an_ogg(tmp_path: Path):
    path = tmp_path / "x.ogg"
    with soundfile.SoundFile(path, "w", 44100, 2, format="OGG", subtype="VORBIS") as sink:
        sink.title, sink.artist = "Still Water", "Someone"
        sink.write(np.zeros((44100, 2), dtype=np.float32))
    info = read_tags(path)
    assert info.problem is None
    assert (info.item.title, info.item.artist) == ("Still Water", "Someone")
    assert info.item.duration_s == pytest.approx(1.0, abs=0.05)


def test_untagged_file_falls_back_to_its_name(tmp_path: Path):
    info = read_tags(_wav(tmp_path / "Morning light.wav"))
    assert info.problem is None and info.item.title == "Morning light"
    assert info.item.duration_s == pytest.approx(0.5, abs=0.01)


def test_bad_files_give_reasons_not_errors(tmp_path: Path):
    (tmp_path / "notes.ogg").write_text("not audio at all " * 20)
    (tmp_path / "empty.mp3").write_bytes(b"")
    locked = _wav(tmp_path / "locked.wav")
    os.chmod(locked, 0)
    assert "Not an audio file" in read_tags(tmp_path / "notes.ogg").problem
    assert "empty" in read_tags(tmp_path / "empty.mp3").problem
    assert "not found" in read_tags(tmp_path / "gone.ogg").problem
    if os.geteuid() != 0:
        assert "permission" in file_problem(locked)
    assert read_tags(tmp_path / "gone.ogg").item.title == "gone"


def test_audio_files_walks_folders_in_order_and_skips_other_files(tmp_path: Path):
    for name in ("b/2.ogg", "b/1.FLAC", "a.mp3", "cover.jpg", ".hidden/x.ogg", "b/.x.ogg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in audio_files(tmp_path)]
    assert found == ["a.mp3", "b/1.FLAC", "b/2.ogg"]


def test_locate_missing_repairs_a_moved_folder_in_one_step(tmp_path: Path):
    old = tmp_path / "old" / "Music"
    new = tmp_path / "new" / "Music"
    for name in ("Calm/01.ogg", "Other/01.ogg", "Calm/02.ogg"):
        (new / name).parent.mkdir(parents=True, exist_ok=True)
        (new / name).write_bytes(b"x")
    still_there = _wav(tmp_path / "here.wav")
    items = [FileItem(str(old / "Calm/01.ogg"), "one"), SilenceItem(5),
             FileItem(str(old / "Calm/02.ogg")), FileItem(str(still_there)),
             FileItem(str(old / "lost.ogg"))]
    result = locate_missing(items, tmp_path / "new")
    assert (result.found, result.still_missing) == (2, 1)
    assert result.items[0] == FileItem(str(new / "Calm/01.ogg"), "one")
    assert result.items[2].path == str(new / "Calm/02.ogg")
    assert result.items[1:2] == [SilenceItem(5)] and result.items[3].path == str(still_there)


@pytest.mark.needs("sox")
def test_sox_made_file_reads(tmp_path: Path):
    path = tmp_path / "tone.flac"
    subprocess.run(["sox", "-n", "-r", "44100", str(path), "synth", "2", "sine", "200"],
                   check=True)
    assert read_tags(path).item.duration_s == pytest.approx(2.0, abs=0.01)


def test_fill_lands_within_a_minute_when_pieces_allow_it():
    # The bundled pieces' real lengths: round-robin alone would run 4.5 min over.
    chosen = fill_with_pieces(_pieces(364.1 / 60, 358.0 / 60, 403.4 / 60), 45 * 60)
    total = sum(p.duration_s for p in chosen)
    assert abs(total - 2700) <= 60
    counts = [sum(1 for p in chosen if p.title == t) for t in ("P0", "P1", "P2")]
    assert max(counts) - min(counts) <= 1


def _bundled_piano() -> list[FileItem]:
    pieces = [read_tags(path).item for path in sorted((assets_dir() / "audio").glob("*.ogg"))]
    assert len(pieces) >= 2
    return pieces


_PIECE_SETS = {
    "bundled": _bundled_piano,
    "four": lambda: _pieces(4.2, 5.1, 3.3, 6.0),
    "one-long": lambda: _pieces(2.0, 11.0, 3.7),
    "two": lambda: _pieces(6.0, 6.5),
}


@pytest.mark.parametrize("pieces", _PIECE_SETS.values(), ids=_PIECE_SETS.keys())
@pytest.mark.parametrize("entry", [e for e in READY_MADE if e.needs_piano], ids=lambda e: e.key)
def test_ready_made_piano_goes_round_every_piece_evenly_never_twice_in_a_row(entry, pieces):
    # "Piano - 60 min" was Drift, Still Water, Drift, then Still Water six times, and
    # never Slow Light: the fit had been bought by giving up the even share.
    pieces = pieces()
    playlist = build(entry, pieces)
    paths = [item.path for item in playlist.items]
    counts = [paths.count(piece.path) for piece in pieces]
    assert min(counts) >= 1, "every piece is used"
    assert max(counts) - min(counts) <= 1, counts
    assert all(a != b for a, b in zip(paths, paths[1:], strict=False)), paths
    if playlist.end_behaviour == EndBehaviour.REPEAT and len(pieces) > 2:
        assert paths[-1] != paths[0], "playing again from the top repeats no piece"
    report = fit(playlist)
    assert report.outcome == FitOutcome.FITS
    assert describe(report).startswith(f"Fits {entry.minutes} min."), describe(report)
