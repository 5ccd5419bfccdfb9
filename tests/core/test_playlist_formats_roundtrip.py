"""Export then import: our own files keep everything; any bytes never crash the reader."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketacompanion.core.models import (
    MAX_ITEM_SECONDS,
    BinauralSegment,
    FileItem,
    NoiseColour,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.playlist_formats import (
    ImportResult,
    PlaylistFormatError,
    PlaylistWriteError,
    parse_playlist_bytes,
    read_playlist,
    write_playlist,
)
from ketacompanion.core.special_items import special_to_json

DATA = Path(__file__).parent / "data" / "playlists"
KEEPING = [".m3u", ".m3u8", ".xspf"]
SEGMENT = BinauralSegment(
    200.0,
    6.0,
    600.0,
    to_carrier_hz=180.5,
    to_beat_hz=4.0,
    noise=NoiseColour.PINK,
    noise_level=0.25,
    label="Théta – descent",
)


def make_items(root: Path) -> list:
    under = root / "lists" / "music" / "Ólafur Arnalds" / "Near Light #1.flac"
    beside = root / "elsewhere" / "100% calm.ogg"
    hashed = root / "lists" / "#7 drone.mp3"
    for path in (under, beside, hashed):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return [
        SilenceItem(30.0),
        FileItem(str(under), "Near Light", "Ólafur Arnalds", 402.0),
        SEGMENT,
        FileItem(str(beside), "100% calm, slow", None, 61.0),
        FileItem(str(hashed), "Drone", "Anon", None),
        BinauralSegment(120.0, 10.0, 300.0),
    ]


@pytest.mark.parametrize("suffix", KEEPING)
def test_own_export_keeps_files_segments_and_silences(tmp_path: Path, suffix: str) -> None:
    items = make_items(tmp_path)
    target = tmp_path / "lists" / f"session{suffix}"
    notes = write_playlist(Playlist("Tuesday", items), target)
    assert notes == []
    result = read_playlist(target)
    assert result.items == items
    assert result.problems == []
    assert result.name == "Tuesday"


@pytest.mark.parametrize("suffix", KEEPING + [".pls"])
def test_paths_are_relative_under_the_folder_and_absolute_elsewhere(
    tmp_path: Path, suffix: str
) -> None:
    items = make_items(tmp_path)
    target = tmp_path / "lists" / f"session{suffix}"
    write_playlist(items, target)
    text = target.read_text("utf-8")
    assert str(tmp_path / "lists") not in text
    assert str(tmp_path / "elsewhere") in text or (tmp_path / "elsewhere").as_uri() in text
    if suffix == ".xspf":
        assert "<location>music/%C3%93lafur%20Arnalds/Near%20Light%20%231.flac</location>" in text
    else:
        lines = [line.partition("=")[2] if suffix == ".pls" else line for line in text.splitlines()]
        assert "music/Ólafur Arnalds/Near Light #1.flac" in lines
        assert "./#7 drone.mp3" in text


def test_pls_leaves_out_segments_and_says_so(tmp_path: Path) -> None:
    items = make_items(tmp_path)
    target = tmp_path / "lists" / "session.pls"
    notes = write_playlist(items, target)
    assert notes == [
        "PLS files cannot hold binaural segments or silences; 3 items were left out. "
        "Export as M3U8 or XSPF to keep them."
    ]
    result = read_playlist(target)
    assert result.items == [item for item in items if isinstance(item, FileItem)]
    assert result.problems == []
    assert "NumberOfEntries=3\nVersion=2\n" in target.read_text("utf-8")


@pytest.mark.parametrize("suffix", KEEPING + [".pls"])
def test_odd_file_names_survive(tmp_path: Path, suffix: str) -> None:
    names = [" leading space.ogg", "back\\slash.ogg", "new\nline.ogg"]
    if sys.platform.startswith("linux"):
        names.append(os.fsdecode(b"latin1-\xe9.ogg"))  # bytes that are not UTF-8
    items = []
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        items.append(FileItem(str(tmp_path / name), "T", None, 1.0))
    write_playlist(items, tmp_path / f"odd{suffix}")
    assert read_playlist(tmp_path / f"odd{suffix}").items == items


def test_extm3u_line_is_ignored_by_plain_readers(tmp_path: Path) -> None:
    """Other players see our extra lines as comments: every non-# line is a real file."""
    items = make_items(tmp_path)
    target = tmp_path / "lists" / "session.m3u8"
    write_playlist(items, target)
    locations = [
        line for line in target.read_text("utf-8").splitlines() if not line.startswith("#")
    ]
    assert len(locations) == 3
    assert all((target.parent / line).is_file() for line in locations if not line.startswith("/"))


def test_xspf_export_is_valid_for_other_readers(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    items = make_items(tmp_path)
    target = tmp_path / "lists" / "session.xspf"
    write_playlist(Playlist("Calm", items), target)
    root = ET.parse(target).getroot()
    ns = {"x": "http://xspf.org/ns/0/"}
    assert root.tag == "{http://xspf.org/ns/0/}playlist"
    assert len(root.findall("x:trackList/x:track", ns)) == 3
    children = [child.tag.rpartition("}")[2] for child in root]
    assert children == ["title", "extension", "trackList"]  # order the XSPF schema wants


def test_unknown_export_type_and_unwritable_folder(tmp_path: Path) -> None:
    with pytest.raises(PlaylistWriteError, match="Choose a playlist type"):
        write_playlist([], tmp_path / "list.txt")
    with pytest.raises(PlaylistWriteError, match="could not be saved"):
        write_playlist([], tmp_path / "no-such-folder" / "list.m3u")


def test_failed_export_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "list.m3u8"
    target.write_text("#EXTM3U\nold.ogg\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(PlaylistWriteError, match="No space left on device"):
        write_playlist([SilenceItem(1.0)], target)
    assert target.read_text() == "#EXTM3U\nold.ogg\n"
    assert [path.name for path in tmp_path.iterdir()] == ["list.m3u8"]


def test_damaged_ketacompanion_line_is_reported_and_skipped(tmp_path: Path) -> None:
    data = (
        b'#EXTM3U\n#EXTKC:{"kind":"binaural","carrier_hz":100,"beat_hz":200,"duration_s":5}\n'
        b"#EXTKC:[[[\n#EXTKC:" + b"[" * 5000 + b'\n#EXTKC:{"kind":"silence","duration_s":2}\n'
    )
    result = parse_playlist_bytes(data, ".m3u8", tmp_path)
    assert result.items == [SilenceItem(2.0)]
    assert result.problems[0].startswith("line 2: damaged ketacompanion entry skipped (beat")
    assert len(result.problems) == 3


# --- property tests ---------------------------------------------------------

_BASE = Path(tempfile.mkdtemp(prefix="kc-playlists-"))
_word = st.text(
    st.characters(categories=("L", "N"), exclude_characters="\x00"), min_size=1, max_size=8
)
_title = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_name = st.text(
    st.characters(categories=("L", "N", "Zs", "P", "S"), exclude_characters="/\\\x00"),
    min_size=1,
    max_size=20,
).filter(lambda text: text.strip() not in ("", ".", ".."))
_files = st.builds(
    lambda folder, name, title, artist, seconds: FileItem(
        str(_BASE / folder / (name + ".ogg")), title, artist, seconds
    ),
    st.sampled_from(["", "sub", "sub/deeper"]),
    _name,
    _title,
    st.none() | _title,
    st.none() | st.integers(1, 36_000).map(float),
)
_segments = st.builds(
    BinauralSegment,
    carrier_hz=st.floats(100, 1000),
    beat_hz=st.floats(0.5, 40),
    duration_s=st.floats(0.1, 7200),
    to_carrier_hz=st.none() | st.floats(100, 1000),
    to_beat_hz=st.none() | st.floats(0.5, 40),
    noise=st.none() | st.sampled_from(NoiseColour),
    noise_level=st.floats(0, 1),
    label=st.text(max_size=30),
)
_silences = st.floats(0.1, MAX_ITEM_SECONDS).map(SilenceItem)
_items = st.lists(st.one_of(_files, _segments, _silences), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=_items, suffix=st.sampled_from(KEEPING))
def test_any_items_round_trip(items: list, suffix: str) -> None:
    target = _BASE / f"list{suffix}"
    write_playlist(items, target)
    result = read_playlist(target, keep_missing=True)
    expected = [
        FileItem(item.path, item.title, item.artist if item.title else None, item.duration_s)
        if isinstance(item, FileItem)
        else item
        for item in items
    ]
    assert result.items == expected


def _check(data: bytes, suffix: str) -> None:
    try:
        result = parse_playlist_bytes(data, suffix, _BASE)
    except PlaylistFormatError as error:
        message = str(error)
        assert message.endswith(".") and "\n" not in message and len(message) < 300
    else:
        assert isinstance(result, ImportResult)
        assert all(isinstance(line, str) and "\n" not in line for line in result.problems)
        for item in result.items:
            if not isinstance(item, FileItem):
                special_to_json(item)  # storable: finite numbers only


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".m3u", ".m3u8", ".pls", ".xspf"]))
def test_any_bytes_give_a_result_or_a_clear_error(data: bytes, suffix: str) -> None:
    _check(data, suffix)


_FIXTURES = sorted(path.name for path in DATA.iterdir())
# Damage random bytes seldom make: an address urlsplit refuses, lengths JSON reads as inf.
_DAMAGE = [b"\nfile://[broken/b.mp3\n", b"file://[", b"file://[::1", b"1e999", b"1e300",
           b'\n#EXTKC:{"kind":"silence","duration_s":1e999}\n',
           b'<item at="0">{"kind":"silence","duration_s":1e300}</item>']


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(_FIXTURES),
    cut=st.integers(0, 2000),
    junk=st.binary(max_size=40) | st.sampled_from(_DAMAGE),
    at=st.integers(0, 2000),
)
def test_damaged_real_playlists_give_a_result_or_a_clear_error(
    name: str, cut: int, junk: bytes, at: int
) -> None:
    data = (DATA / name).read_bytes()[:cut] or b"#"
    at = min(at, len(data))
    _check(data[:at] + junk + data[at:], Path(name).suffix)


def test_pls_refuses_a_playlist_it_can_hold_nothing_of(tmp_path: Path) -> None:
    target = tmp_path / "beats.pls"
    with pytest.raises(PlaylistWriteError) as info:
        write_playlist(Playlist("Beats", [SEGMENT, SilenceItem(5.0)]), target)
    assert str(info.value) == "Nothing in this playlist can be written as PLS; use .m3u8 or .xspf."
    assert list(tmp_path.iterdir()) == []
    for suffix in KEEPING:  # the formats that keep beats and silences still write them
        assert write_playlist([SEGMENT], tmp_path / f"beats{suffix}") == []


@pytest.mark.parametrize("suffix", KEEPING)
def test_own_export_keeps_nature_sounds_and_beats_that_follow_the_arc(
    tmp_path: Path, suffix: str
) -> None:
    from ketacompanion.core.models import NatureItem, NatureSound
    from ketacompanion.core.presets import preset

    items = [NatureItem(NatureSound.SEA, 600.0), preset("arc").segment(30),
             NatureItem(NatureSound.WIND, 300.0, "Evening wind")]
    target = tmp_path / f"nature{suffix}"
    assert write_playlist(Playlist("Shore", items), target) == []
    result = read_playlist(target)
    assert result.items == items and result.problems == []
