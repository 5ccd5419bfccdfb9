"""Importing a file that is not a playlist: a mistyped name, or any text file at all.

A file with no playlist marking whose every line names a file that is not there is
refused (it is text, not a playlist); a real playlist whose music is all missing is
still imported, because the drive may only be unplugged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacompanion.core.models import FileItem
from ketacompanion.core.playlist_formats import PlaylistFormatError, read_playlist

NOT_A_PLAYLIST = ("This file does not look like a playlist: it has no playlist heading, "
                  "and none of the files it lists are there.")
PASSWD = ("root:x:0:0:root:/root:/bin/bash\n"
          "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")


def test_a_mistyped_name_is_said_as_such(tmp_path: Path) -> None:
    with pytest.raises(PlaylistFormatError) as caught:
        read_playlist(tmp_path / "nonexist.m3u")
    assert str(caught.value) == f"There is no file called {tmp_path / 'nonexist.m3u'}."


@pytest.mark.parametrize(("name", "text"), [
    ("passwd", PASSWD),
    ("notes.m3u", "garbage\n"),
    ("list.pls", "File1=nowhere.mp3.txt\nsome words\n"),
    ("README.md", "# Notes\nRender the beats with\nketacompanion binaural --out beats.flac\n"
                  "and keep them safe.\n"),
])
@pytest.mark.parametrize("keep_missing", [True, False])
def test_text_that_is_no_playlist_is_refused(
    tmp_path: Path, name: str, text: str, keep_missing: bool
) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(PlaylistFormatError) as caught:
        read_playlist(tmp_path / name, keep_missing=keep_missing)
    assert str(caught.value) == NOT_A_PLAYLIST


@pytest.mark.parametrize(("name", "text"), [
    ("extended.m3u", "#EXTM3U\n/media/usb/Music/one.ogg\n/media/usb/Music/two.txt\n"),
    ("info-only.m3u", "#EXTINF:120,Satie - One\n/media/usb/Music/one\n"),
    ("winamp.pls", "[playlist]\nFile1=/media/usb/Music/one.ogg\nNumberOfEntries=1\n"),
    ("vlc.xspf", '<?xml version="1.0"?><playlist xmlns="http://xspf.org/ns/0/" version="1">'
                 "<trackList><track><location>file:///media/usb/Music/one.ogg</location>"
                 "</track></trackList></playlist>"),
    # An old plain M3U has no heading, but music file names tell it apart from any text.
    ("plain.m3u", "/media/usb/Music/one.ogg\n/media/usb/Music/two.flac\nread me\n"),
    ("radio-and-files.m3u", "http://radio.example/calm\nD:\\Music\\one.mp3\n"),
])
def test_a_real_playlist_whose_music_is_all_missing_is_still_read(
    tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text)
    result = read_playlist(tmp_path / name, keep_missing=True)
    assert result.items and all(isinstance(item, FileItem) for item in result.items)
    assert all("missing file" in problem or "web address" in problem
               for problem in result.problems)


def test_text_naming_one_file_that_is_there_is_read_as_a_plain_playlist(tmp_path: Path) -> None:
    (tmp_path / "song").write_bytes(b"x")
    (tmp_path / "list.m3u").write_text("song\nnot-here\n")
    result = read_playlist(tmp_path / "list.m3u", keep_missing=True)
    assert [Path(item.path).name for item in result.items] == ["song", "not-here"]
