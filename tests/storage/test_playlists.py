"""The playlist repository and the ready-made seeding, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.core.models import EndBehaviour, FileItem, Playlist, SilenceItem
from ketacompanion.core.presets import preset
from ketacompanion.core.timeline import content_end
from ketacompanion.paths import assets_dir
from ketacompanion.storage.database import Database
from ketacompanion.storage.playlists import (
    PlaylistNameError,
    PlaylistNotFoundError,
    PlaylistRepository,
)
from ketacompanion.storage.ready_made import bundled_piano, restore_ready_made, seed_ready_made


@pytest.fixture
def repo(tmp_path: Path):
    db = Database.open(tmp_path / "k.sqlite3")
    yield PlaylistRepository(db)
    db.close()


def _playlist(name: str = "Evening") -> Playlist:
    return Playlist(
        name,
        [FileItem("/music/a b.ogg", "A", "Artist", 201.5), preset("settle").segment(5),
         SilenceItem(30), FileItem("/music/ü.flac")],
        target_minutes=55, end_behaviour=EndBehaviour.BED, bed=preset("delta").segment(55),
        bed_level=0.4,
    )


def test_add_and_get_round_trip_every_field(repo):
    stored = repo.add(_playlist())
    assert stored.id is not None
    again = repo.get(stored.id)
    expected = _playlist()
    expected.id = stored.id
    assert again == expected


def test_save_replaces_items_and_fields(repo):
    stored = repo.add(_playlist())
    stored.items = [SilenceItem(10)]
    stored.target_minutes, stored.end_behaviour, stored.bed = 40, EndBehaviour.REPEAT, None
    repo.save(stored)
    assert repo.get(stored.id) == stored


def test_names_are_unique_ignoring_case_and_spaces(repo):
    repo.add(_playlist("Evening"))
    with pytest.raises(PlaylistNameError, match="already"):
        repo.add(_playlist("  evening "))
    with pytest.raises(PlaylistNameError, match="needs a name"):
        repo.add(_playlist("   "))
    assert repo.unique_name("EVENING") == "EVENING (2)"
    repo.add(_playlist("Evening (2)"))
    assert repo.unique_name("Evening") == "Evening (3)"


def test_rename_delete_and_summaries(repo):
    a = repo.add(_playlist("b first"))
    repo.add(Playlist("A second"))
    repo.rename(a.id, "C third")
    summaries = repo.summaries()
    assert [s.name for s in summaries] == ["A second", "C third"]
    assert (summaries[1].item_count, summaries[1].total_s) == (4, None)  # no blend asked
    # How long it plays on the one timeline: gapless, the tone's 1 s tail under the silence.
    gapless = repo.summaries(0.0)[1]
    assert gapless.total_s == pytest.approx(201.5 + 300 + 30 - 1)
    assert gapless.total_s == content_end(repo.get(a.id).items, 0.0)
    assert repo.summaries(4.0)[1].total_s == pytest.approx(201.5 + 300 + 30 - 4 - 4)
    assert repo.find("c THIRD").id == a.id
    repo.delete(a.id)
    assert repo.find("C third") is None
    with pytest.raises(PlaylistNotFoundError):
        repo.get(a.id)


def test_a_failed_save_changes_nothing(repo):
    a = repo.add(_playlist("One"))
    repo.add(_playlist("Two"))
    a.name, a.items = "Two", []
    with pytest.raises(PlaylistNameError):
        repo.save(a)
    assert len(repo.get(a.id).items) == 4


def _piano(folder: Path, count: int = 3, seconds: float = 1.0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / f"piece{i}.ogg"
        with soundfile.SoundFile(path, "w", 8000, 1, format="OGG", subtype="VORBIS") as sink:
            sink.title = f"Piece {i}"
            sink.write(np.zeros(int(8000 * seconds), dtype=np.float32))
    return folder


def test_seeding_adds_each_ready_made_once_and_respects_deletion(repo, tmp_path: Path):
    audio = _piano(tmp_path / "audio")
    added = seed_ready_made(repo, audio)
    names = {p.name for p in added}
    assert {"Piano - 45 min", "Theta beats - 45 min", "Piano over theta - 60 min"} <= names
    piano = repo.find("Piano - 45 min")
    assert piano.items[0].title == "Piece 0" and piano.items[0].path.startswith(str(audio))
    repo.delete(piano.id)
    assert seed_ready_made(repo, audio) == []
    assert repo.find("Piano - 45 min") is None


def test_piano_ready_mades_appear_once_the_pieces_do(repo, tmp_path: Path):
    first = {p.name for p in seed_ready_made(repo, tmp_path / "none")}
    assert "Theta beats - 45 min" in first and "Piano - 45 min" not in first
    later = {p.name for p in seed_ready_made(repo, _piano(tmp_path / "audio"))}
    assert "Piano - 45 min" in later and "Theta beats - 45 min" not in later


def test_restore_resets_an_edited_copy_or_brings_a_deleted_one_back(repo, tmp_path: Path):
    audio = _piano(tmp_path / "audio")
    seed_ready_made(repo, audio)
    theta = repo.find("Theta beats - 45 min")
    original = list(theta.items)
    theta.items = theta.items[:1]
    repo.save(theta)
    restored = restore_ready_made(repo, "theta-45", audio)
    assert restored.id == theta.id and restored.items == original
    repo.delete(theta.id)
    again = restore_ready_made(repo, "theta-45", audio)
    assert again.name == "Theta beats - 45 min" and again.items == original
    with pytest.raises(LookupError):
        restore_ready_made(repo, "piano-45", tmp_path / "nothing")


def test_an_earlier_uneven_piano_60_stays_until_the_person_restores_it(repo):
    # Versions before the even rotation seeded Drift, Still Water, Drift, then Still
    # Water six times. Start-up never rewrites it; "restore" brings the even one.
    audio = assets_dir() / "audio"
    drift, _slow, still = bundled_piano(audio)
    old = repo.add(Playlist("Piano - 60 min", [drift, still, drift] + [still] * 6, 60,
                            EndBehaviour.REPEAT), builtin_key="piano-60")
    repo.mark_seeded("piano-60")
    seed_ready_made(repo, audio)
    assert repo.get(old.id).items == old.items
    restored = restore_ready_made(repo, "piano-60", audio)
    assert restored.id == old.id
    assert [item.title for item in restored.items] == ["Drift", "Slow Light", "Still Water"] * 3


def test_add_keeps_a_given_id_so_undoing_a_delete_restores_it(repo):
    stored = repo.add(_playlist())
    repo.delete(stored.id)
    back = repo.add(stored)
    assert back == stored


def test_nature_fresh_piano_and_beats_that_follow_the_arc_are_stored_and_read_back(repo, tmp_path):
    from ketacompanion.core.models import FreshPiano, NatureItem, NatureSound

    playlist = Playlist("Rain", [NatureItem(NatureSound.RAIN, 45 * 60.0),
                                 preset("arc").segment(45), FreshPiano(600.0, 0, "gentle")],
                        target_minutes=45, bed=preset("arc").segment(45), bed_level=0.2)
    saved = repo.add(playlist)
    other = Database.open(tmp_path / "k.sqlite3")  # a second connection: what is on disk
    try:
        again = PlaylistRepository(other).get(saved.id)
    finally:
        other.close()
    assert again.items == playlist.items
    assert again.bed == playlist.bed and again.bed.arc == "classic"
