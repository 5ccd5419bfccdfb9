"""The 'fresh piano' playlist item: validated, and carried as one line of JSON."""

from __future__ import annotations

import json

import pytest

from ketacompanion.core.fresh_piano import (
    COMPOSER_VERSION,
    MAX_SEED,
    PianoSeed,
    has_fresh_piano,
    new_seed,
    seed_for,
    with_seed,
)
from ketacompanion.core.models import FileItem, FreshPiano, InvalidItemError, Playlist, SilenceItem
from ketacompanion.core.special_items import special_from_json, special_to_json


def test_fresh_piano_goes_to_json_and_back() -> None:
    item = FreshPiano(45 * 60.0, seed=123456789012, arc="long-plateau")
    text = special_to_json(item)
    assert json.loads(text) == {"kind": "piano", "duration_s": 2700.0, "seed": 123456789012,
                                "arc": "long-plateau"}
    assert special_from_json(text) == item
    assert item.kind == "fresh piano"


@pytest.mark.parametrize(
    "text",
    [
        '{"kind":"piano","duration_s":2700,"seed":-1,"arc":"classic"}',
        '{"kind":"piano","duration_s":2700,"seed":1.5,"arc":"classic"}',
        '{"kind":"piano","duration_s":2700,"seed":true,"arc":"classic"}',
        '{"kind":"piano","duration_s":2700,"seed":1,"arc":"wild"}',
        '{"kind":"piano","duration_s":1e999,"seed":1,"arc":"classic"}',
        '{"kind":"piano","duration_s":"long","seed":1,"arc":"classic"}',
    ],
)
def test_a_damaged_fresh_piano_entry_is_refused_clearly(text: str) -> None:
    with pytest.raises(ValueError):
        special_from_json(text)


def test_fresh_piano_checks_its_values() -> None:
    with pytest.raises(InvalidItemError, match="seed"):
        FreshPiano(60.0, seed=-3)
    with pytest.raises(InvalidItemError, match="classic"):
        FreshPiano(60.0, arc="loud")
    with pytest.raises(InvalidItemError):
        FreshPiano(0.0)


def test_a_sessions_piano_seed_reads_back_and_damage_is_passed_by() -> None:
    seed = PianoSeed(new_seed())
    assert 0 < seed.seed <= MAX_SEED
    assert PianoSeed.from_json(seed.to_json()) == seed
    for damaged in (None, "7", {"seed": -1, "composer": 1}, {"seed": True, "composer": 1},
                    {"seed": 7}, {"seed": 7.5, "composer": 1}, [7, 1]):
        assert PianoSeed.from_json(damaged) is None


def test_with_seed_sets_only_the_fresh_piano() -> None:
    file = FileItem("/m/a.ogg", duration_s=60)
    playlist = Playlist("Mixed", [file, FreshPiano(600.0), SilenceItem(5)])
    assert has_fresh_piano(playlist) and not has_fresh_piano(Playlist("Files", [file]))
    seeded = with_seed(playlist, 42)
    assert seeded.items == [file, FreshPiano(600.0, seed=42), SilenceItem(5)]
    assert playlist.items[1].seed == 0  # the stored playlist is left as it was


def test_a_playlist_file_with_fresh_piano_imports_the_rest_and_says_why(tmp_path) -> None:
    from ketacompanion.core.playlist_formats import parse_playlist_bytes

    song = tmp_path / "song.ogg"
    song.write_bytes(b"x")
    text = f"#EXTM3U\n#EXTKC:{special_to_json(FreshPiano(600.0, 3))}\n{song}\n"
    result = parse_playlist_bytes(text.encode(), ".m3u8", tmp_path)
    assert [type(i) for i in result.items] == [FileItem]
    assert any("fresh piano" in p for p in result.problems)


def test_the_seed_keeps_the_arc_and_length_that_played_and_older_records_stay_readable() -> None:
    playlist = Playlist("Mixed", [FileItem("/m/a.ogg", duration_s=60),
                                  FreshPiano(2700.0, arc="gentle"), FreshPiano(600.0)])
    kept = seed_for(playlist, 99, "gentle")
    assert kept == PianoSeed(99, COMPOSER_VERSION, "gentle", 2700.0)
    back = PianoSeed.from_json(json.loads(json.dumps(kept.to_json())))
    assert back == kept and back.item() == FreshPiano(2700.0, seed=99, arc="gentle")
    assert back.same_composer
    older = PianoSeed.from_json({"seed": 7, "composer": 1})  # kept before the length was
    assert older == PianoSeed(7, 1) and older.item() is None
    for damaged in ({"arc": "classic", "length_s": "long"}, {"arc": "classic", "length_s": -1},
                    {"arc": "classic", "length_s": True}):
        record = PianoSeed.from_json({"seed": 7, "composer": 1, **damaged})
        assert record is not None and record.item() is None
    assert not PianoSeed(7, COMPOSER_VERSION + 1, "classic", 60.0).same_composer
