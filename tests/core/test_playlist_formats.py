"""Reading playlists as VLC, Winamp, Audacious, Strawberry and foobar2000 write them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ketacompanion.core.models import FileItem
from ketacompanion.core.playlist_formats import (
    MAX_FILE_BYTES,
    PlaylistFormatError,
    parse_playlist_bytes,
    read_playlist,
)

DATA = Path(__file__).parent / "data" / "playlists"
LIBRARY = [
    "lists/calm/Rêverie #1.ogg",
    "lists/calm/Ólafur Arnalds/Near Light.flac",
    "lists/calm/An Ending (Ascent).mp3",
    "lists/Music/Ambient/Café.mp3",
    "calm/An Ending (Ascent).mp3",
]


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    """A music folder next to and under a playlist folder; returns the playlist folder."""
    for name in LIBRARY:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"not really audio")
    return tmp_path / "lists"


def load(lists: Path, name: str, **kwargs: bool):
    shutil.copy(DATA / name, lists / name)
    return read_playlist(lists / name, **kwargs)


def paths(items: list) -> list[str]:
    return [item.path for item in items]


def test_vlc_xspf_escaped_relative_url_resolves_and_others_are_reported(lists: Path) -> None:
    result = load(lists, "vlc.xspf")
    assert result.format == "xspf"
    assert result.name == "Playlist"
    assert paths(result.items) == [str(lists / "calm" / "Rêverie #1.ogg")]
    assert result.items[0] == FileItem(
        str(lists / "calm/Rêverie #1.ogg"), "Rêverie #1", None, 301.5
    )
    assert result.problems == [
        "track 1: missing file: /home/anna/Music/Nils Frahm/Spaces/02 Says.flac",
        "track 3: web address skipped (https://radio.example.org/ambient.ogg)",
    ]


def test_vlc_xspf_keep_missing_keeps_tags_and_duration(lists: Path) -> None:
    result = load(lists, "vlc.xspf", keep_missing=True)
    says = result.items[0]
    assert says == FileItem(
        "/home/anna/Music/Nils Frahm/Spaces/02 Says.flac", "Says", "Nils Frahm", 528.013
    )
    assert len(result.items) == 2  # the web stream is never kept


def test_vlc_m3u8_file_url_extinf_and_stream(lists: Path) -> None:
    result = load(lists, "vlc.m3u8", keep_missing=True)
    assert result.format == "m3u8"
    assert result.items == [
        FileItem("/home/anna/Music/Nils Frahm/Spaces/02 Says.flac", "Says", "Nils Frahm", 528.0),
        FileItem(str(lists / "calm/Rêverie #1.ogg"), "Rêverie #1", None, 301.0),
    ]
    assert (
        result.problems[-1] == "line 8: web address skipped (http://radio.example.org/ambient.mp3)"
    )


def test_winamp_m3u_latin1_crlf_backslashes(lists: Path) -> None:
    result = load(lists, "winamp.m3u")
    assert result.format == "m3u"
    assert result.items == [
        FileItem(
            str(lists.parent / "calm/An Ending (Ascent).mp3"),
            "An Ending (Ascent)",
            "Brian Eno",
            240.0,
        ),
        FileItem(str(lists / "Music/Ambient/Café.mp3"), "Café del Mar – Ambient", None, None),
    ]
    assert result.problems == [
        "line 3: missing file: C:\\Music\\Satie\\Gymnopédie No. 1.mp3 (a Windows path)"
    ]


def test_foobar2000_m3u8_with_bom(lists: Path) -> None:
    result = load(lists, "foobar2000.m3u8")
    assert result.items == [
        FileItem(
            str(lists / "calm/Ólafur Arnalds/Near Light.flac"),
            "Near Light",
            "Ólafur Arnalds",
            402.0,
        )
    ]
    assert result.problems == [
        "line 5: missing file: D:\\Musik\\Max Richter\\On the Nature of Daylight.flac "
        "(a Windows path)"
    ]


def test_audacious_pls_file_urls(lists: Path) -> None:
    result = load(lists, "audacious.pls", keep_missing=True)
    assert result.format == "pls"
    assert paths(result.items) == [
        "/home/anna/Music/Hania Rani/Esja/Eden.flac",
        "/home/anna/Music/Stars of the Lid/Requiem for Dying Mothers, Pt. 1.mp3",
    ]
    assert (result.items[0].artist, result.items[0].title) == ("Hania Rani", "Eden")
    assert "entry 3: web address skipped (http://radio.example.org/drone.mp3)" in result.problems
    assert not any("NumberOfEntries" in line for line in result.problems)


def test_winamp_pls_relative_entries(lists: Path) -> None:
    result = load(lists, "winamp.pls")
    assert result.items == [
        FileItem(
            str(lists / "calm/An Ending (Ascent).mp3"), "An Ending (Ascent)", "Brian Eno", 240.0
        ),
        FileItem(str(lists / "calm/Rêverie #1.ogg"), "Rêverie #1", None, None),
    ]
    assert result.problems == []


def test_strawberry_xspf_plain_relative_paths(lists: Path) -> None:
    result = load(lists, "strawberry.xspf")
    assert [(item.artist, item.title, item.duration_s) for item in result.items] == [
        ("Ólafur Arnalds", "Near Light", 402.0),
        ("Brian Eno", "An Ending (Ascent)", 240.0),
    ]
    assert result.problems == []


def test_pls_with_wrong_counts_reads_what_is_there(lists: Path) -> None:
    result = load(lists, "wrong-count.pls")
    assert len(result.items) == 2
    assert result.problems == [
        "entry 2: has a title or length but no File, skipped",
        "NumberOfEntries says 5 but the file lists 2",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("image.m3u", "This file is not a playlist: it contains binary data."),
        ("empty.m3u", "This playlist file is empty."),
    ],
)
def test_unusable_files_give_one_clear_sentence(lists: Path, name: str, message: str) -> None:
    with pytest.raises(PlaylistFormatError) as caught:
        load(lists, name)
    assert str(caught.value) == message


def test_truncated_xspf_is_reported_as_damaged(lists: Path) -> None:
    with pytest.raises(PlaylistFormatError, match=r"^This XSPF playlist is damaged or incomplete"):
        load(lists, "truncated.xspf")


def test_missing_or_folder_paths_are_clear(tmp_path: Path) -> None:
    with pytest.raises(PlaylistFormatError, match="There is no file called"):
        read_playlist(tmp_path / "gone.m3u")
    (tmp_path / "dir.m3u").mkdir()
    with pytest.raises(PlaylistFormatError, match="is a folder"):
        read_playlist(tmp_path / "dir.m3u")


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.m3u"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(PlaylistFormatError, match=r"too large to open \(21\.0 MB; the limit is 20"):
        read_playlist(huge)


def test_too_many_entries_is_refused(tmp_path: Path) -> None:
    data = b"#EXTM3U\n" + b"http://x/\n" * 100_001
    with pytest.raises(PlaylistFormatError, match="more than 100,000 entries"):
        parse_playlist_bytes(data, ".m3u", tmp_path)


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><playlist><title>&b;</title></playlist>'
    )
    with pytest.raises(PlaylistFormatError, match="entities"):
        parse_playlist_bytes(bomb, ".xspf", tmp_path)


def test_other_xml_is_not_a_playlist(tmp_path: Path) -> None:
    with pytest.raises(PlaylistFormatError, match="not an XSPF playlist"):
        parse_playlist_bytes(b"<?xml version='1.0'?><html><body/></html>", ".xspf", tmp_path)


def test_problem_list_is_capped(tmp_path: Path) -> None:
    data = "\n".join(f"missing-{n}.mp3" for n in range(500)).encode()
    result = parse_playlist_bytes(data, ".m3u", tmp_path)
    assert len(result.problems) == 201
    assert result.problems[-1] == "... and 300 more problems"


def test_content_wins_over_a_wrong_extension(tmp_path: Path) -> None:
    (tmp_path / "a.ogg").write_bytes(b"x")
    result = parse_playlist_bytes(b"[playlist]\nFile1=a.ogg\nNumberOfEntries=1\n", ".m3u", tmp_path)
    assert result.format == "pls"
    assert paths(result.items) == [str(tmp_path / "a.ogg")]


def test_utf16_m3u_with_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "é.ogg").write_bytes(b"x")
    data = "#EXTM3U\r\n#EXTINF:12,Ä - B\r\né.ogg\r\n".encode("utf-16")
    result = parse_playlist_bytes(data, ".m3u", tmp_path)
    assert result.items == [FileItem(str(tmp_path / "é.ogg"), "B", "Ä", 12.0)]


def test_invalid_utf8_in_m3u8_is_read_as_windows_1252_and_said(tmp_path: Path) -> None:
    (tmp_path / "Café.mp3").write_bytes(b"x")
    result = parse_playlist_bytes("Café.mp3\n".encode("cp1252"), ".m3u8", tmp_path)
    assert paths(result.items) == [str(tmp_path / "Café.mp3")]
    assert result.problems == ["the file is not valid UTF-8; read as Windows-1252 instead"]


def test_file_url_on_network_host_and_odd_schemes_are_reported(tmp_path: Path) -> None:
    data = b"file://nas/share/a.mp3\nsmb://nas/a.mp3\nfile:///C:/Music/a%20b.mp3\n"
    result = parse_playlist_bytes(data, ".m3u", tmp_path)
    assert result.items == []
    assert result.problems == [
        "line 1: network location skipped (file://nas/share/a.mp3)",
        "line 2: unsupported address skipped (smb://nas/a.mp3)",
        "line 3: missing file: C:\\Music\\a b.mp3 (a Windows path)",
    ]


@pytest.mark.parametrize(("suffix", "template", "where"), [
    (".m3u", "#EXTM3U\n{good}\n{bad}\n", "line 3"),
    (".pls", "[playlist]\nFile1={good}\nFile2={bad}\nNumberOfEntries=2\n", "entry 2"),
    (".xspf", "<playlist xmlns='http://xspf.org/ns/0/'><trackList><track><location>{good}"
     "</location></track><track><location>{bad}</location></track></trackList></playlist>",
     "track 2"),
])
@pytest.mark.parametrize("bad", ["file://[broken/b.mp3", "file://host]/b.mp3",
                                 "file://[not-an-address]/b.mp3"])
def test_an_unreadable_address_is_a_problem_for_its_line_only(
        tmp_path: Path, suffix: str, template: str, where: str, bad: str) -> None:
    good = tmp_path / "a.mp3"
    good.write_bytes(b"x")
    data = template.format(good=good.as_uri(), bad=bad).encode()
    result = parse_playlist_bytes(data, suffix, tmp_path, keep_missing=True)
    assert result.items == [FileItem(str(good))]
    assert result.problems == [f"{where}: damaged address skipped ({bad})"]


def test_playlist_with_only_a_header_has_no_entries(tmp_path: Path) -> None:
    result = parse_playlist_bytes(b"#EXTM3U\r\n", ".m3u", tmp_path)
    assert result.items == []
    assert result.problems == ["the playlist has no entries"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_playlist_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.m3u")
    with pytest.raises(PlaylistFormatError, match="not a regular file"):
        read_playlist(tmp_path / "pipe.m3u")


def test_windows_paths_are_kept_with_their_folders_when_asked(lists: Path) -> None:
    result = load(lists, "winamp.m3u", keep_missing=True)
    assert result.items[0] == FileItem(
        "C:/Music/Satie/Gymnopédie No. 1.mp3", "Gymnopédie No. 1", "Erik Satie", 187.0
    )
    assert len(result.items) == 3
    assert result.problems == [
        "line 3: missing file: C:\\Music\\Satie\\Gymnopédie No. 1.mp3 (a Windows path)"
    ]
    url = parse_playlist_bytes(
        b"file:///D:/M%C3%BAsica/a%20b.mp3\n", ".m3u", lists, keep_missing=True
    )
    assert [item.path for item in url.items] == ["D:/Música/a b.mp3"]
