"""``ketacompanion playlist``: list, show, import, export, and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion import __main__ as cli
from ketacompanion.core.playlist_formats import read_playlist


@pytest.fixture
def run(capsys, tmp_path: Path):
    """Run ``ketacompanion playlist ARGS`` in-process on a temp data folder."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = cli.main(["--data-dir", str(tmp_path / "d"), "playlist", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return runner


def _song(path: Path, title: str) -> Path:
    with soundfile.SoundFile(path, "w", 8000, 1, format="OGG", subtype="VORBIS") as sink:
        sink.title = title
        sink.write(np.zeros(16000, dtype=np.float32))
    return path


def test_list_shows_the_ready_made_playlists(run, tmp_path: Path):
    code, out, _ = run("list")
    assert code == 0 and "Theta beats - 45 min" in out and "for 45 min" in out


def test_import_show_and_export_round_trip(run, tmp_path: Path):
    music = tmp_path / "music"
    music.mkdir()
    _song(music / "a.ogg", "Alpha Song")
    _song(music / "b.ogg", "Beta Song")
    source = music / "mine.m3u8"
    source.write_text("#EXTM3U\na.ogg\nb.ogg\nmissing.ogg\nhttp://radio.example/x\n")
    code, out, err = run("import", str(source), "--name", "Mine")
    assert code == 0 and "imported “Mine” (3 items)" in out
    assert "web address skipped" in err and "missing.ogg" in err
    code, out, _ = run("show", "mine")
    assert code == 0
    assert "Alpha Song" in out and "Beta Song" in out and "2 s" in out
    assert "File not found" in out and "Ends" in out
    target = tmp_path / "out" / "again.xspf"
    target.parent.mkdir()
    code, out, _ = run("export", "Mine", "--out", str(target))
    assert code == 0
    back = read_playlist(target, keep_missing=True)
    assert [Path(i.path).name for i in back.items] == ["a.ogg", "b.ogg", "missing.ogg"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "Nope"], "no playlist called 'Nope'"),
        (["export", "Nope", "--out", "x.m3u"], "no playlist called"),
        (["export", "Theta beats - 45 min", "--out", "/no/such/dir/x.m3u"], "does not exist"),
        (["export", "Theta beats - 45 min", "--out", "{tmp}/x.txt"], ".m3u, .m3u8, .pls or"),
        (["import", "{tmp}/missing.m3u"], "There is no file called {tmp}/missing.m3u."),
        (["import", "{tmp}/binary.m3u"], "binary data"),
        (["import", "{tmp}/empty.pls"], "empty"),
        (["import", "{tmp}/web.m3u"], "nothing that can be played"),
        (["import", "{tmp}/web.m3u", "--name", "Theta beats - 45 MIN"], "nothing that can"),
    ],
)
def test_errors_are_one_line_with_exit_2(run, tmp_path: Path, args, message):
    (tmp_path / "binary.m3u").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.pls").write_bytes(b"")
    (tmp_path / "web.m3u").write_text("http://example.org/a.mp3\n")
    code, _, err = run(*[a.format(tmp=tmp_path) for a in args])
    assert code == 2
    last = err.strip().splitlines()[-1]
    assert last.startswith("ketacompanion: error: ") and message.format(tmp=tmp_path) in last


def test_import_notes_each_damaged_line_once_and_keeps_the_good_ones(run, tmp_path: Path):
    _song(tmp_path / "a.ogg", "Alpha")
    source = tmp_path / "mixed.m3u"
    source.write_text("#EXTM3U\na.ogg\nfile://[broken/b.mp3\n"
                      '#EXTKC:{"kind":"silence","duration_s":1e999}\n'
                      '#EXTKC:{"kind":"silence","duration_s":1e300}\n')
    code, out, err = run("import", str(source))
    assert code == 0 and "imported “mixed” (1 item)" in out
    day = "silence must last at least 1 ms and at most 24 h"
    assert err.splitlines() == [
        "note: line 3: damaged address skipped (file://[broken/b.mp3)",
        f"note: line 4: damaged ketacompanion entry skipped ({day}, not inf s)",
        f"note: line 5: damaged ketacompanion entry skipped ({day}, not 1e+300 s)",
    ]
    code, out, _ = run("show", "mixed")
    assert code == 0 and "Alpha" in out


def test_import_of_nothing_but_damaged_lines_fails_plainly(run, tmp_path: Path):
    source = tmp_path / "bad.m3u"
    source.write_text("#EXTM3U\nfile://[broken/b.mp3\n")
    code, out, err = run("import", str(source))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "note: line 2: damaged address skipped (file://[broken/b.mp3)",
        "ketacompanion: error: bad.m3u holds nothing that can be played.",
    ]


def test_import_with_a_taken_name_is_refused(run, tmp_path: Path):
    _song(tmp_path / "a.ogg", "A")
    (tmp_path / "p.m3u").write_text("a.ogg\n")
    code, _, err = run("import", str(tmp_path / "p.m3u"), "--name",
                        "theta beats - 45 min")
    assert code == 2 and "already a playlist called" in err


def test_real_process_exit_code_and_no_traceback(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "ketacompanion", "--data-dir", str(tmp_path / "d"), "playlist",
         "show", "nothing"], capture_output=True, text=True, timeout=60,
        env={**os.environ}, cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_data_dir_is_understood_after_every_action(tmp_path: Path, capsys):
    """README: --data-dir works with every sub-command, so after a playlist action too."""
    data = str(tmp_path / "after")
    _song(tmp_path / "a.ogg", "Alpha")
    (tmp_path / "p.m3u8").write_text("#EXTM3U\na.ogg\n")
    out = tmp_path / "p.xspf"
    for args in (["list"], ["import", str(tmp_path / "p.m3u8"), "--name", "After"],
                 ["show", "After"], ["export", "After", "--out", str(out)]):
        assert cli.main(["playlist", *args, "--data-dir", data]) == 0, args
    assert "imported “After”" in capsys.readouterr().out
    assert (tmp_path / "after" / "ketacompanion.sqlite3").exists()
    assert [Path(i.path).name for i in read_playlist(out).items] == ["a.ogg"]
    # One given before the sub-command is not overridden when none comes after.
    assert cli.main(["--data-dir", data, "playlist", "show", "After"]) == 0


def test_export_of_a_beats_only_playlist_as_pls_is_refused(run, tmp_path: Path):
    target = tmp_path / "theta.pls"
    code, out, err = run("export", "Theta beats - 45 min", "--out", str(target))
    assert code == 2 and out == ""
    assert err == ("ketacompanion: error: Nothing in this playlist can be written as PLS; "
                   "use .m3u8 or .xspf.\n")
    assert not target.exists()


@pytest.mark.parametrize("text", ["root:x:0:0:root:/root:/bin/bash\nbin:x:2:2::/bin:\n",
                                  "garbage\n"])
def test_a_text_file_that_is_no_playlist_is_not_imported(run, tmp_path: Path, text: str):
    source = tmp_path / "passwd"
    source.write_text(text)
    before = run("list")[1]
    code, out, err = run("import", str(source))
    assert code == 2 and out == ""
    assert err == ("ketacompanion: error: This file does not look like a playlist: it has no "
                   "playlist heading, and none of the files it lists are there.\n")
    assert run("list")[1] == before


def test_a_playlist_on_an_unplugged_drive_is_still_imported(run, tmp_path: Path):
    source = tmp_path / "usb.m3u8"
    source.write_text("#EXTM3U\n/media/usb/Music/one.ogg\n/media/usb/Music/two.ogg\n")
    code, out, err = run("import", str(source))
    assert code == 0 and "imported “usb” (2 items)" in out
    assert err.count("missing file") == 2


@pytest.mark.parametrize(("setting", "sentence"), [
    (None, "Ends 1 min 16 s before 45 min; then it is quiet until the end."),  # 4 s blends
    (0, "Fits 45 min."),
])
def test_show_lays_the_fit_out_with_the_persons_blend(run, tmp_path: Path, setting, sentence):
    # The same sentence as the Prepare page: 20 pieces of 135 s overlap by the crossfade.
    lines = ["#EXTM3U"]
    for n in range(20):
        lines += [f"#EXTINF:135,Piece {n}", f"/nowhere/{n}.ogg"]
    source = tmp_path / "twenty.m3u8"
    source.write_text("\n".join(lines) + "\n")
    assert run("import", str(source), "--name", "Twenty")[0] == 0
    if setting is not None:
        (tmp_path / "d" / "settings.json").write_text(f'{{"crossfade_s": {setting}}}')
    code, out, _ = run("show", "Twenty")
    assert code == 0 and out.rstrip().endswith(sentence)


def test_list_says_how_long_each_playlist_plays_as_show_and_the_app_do(run, tmp_path: Path):
    # "list" added the pieces end to end (56 min 17 s) where "show", the Prepare fit and
    # the Session page hear them with the 4 s blend (55 min 45 s).
    from ketacompanion.core.fitting import format_duration
    from ketacompanion.core.timeline import content_end
    from ketacompanion.storage.database import Database
    from ketacompanion.storage.playlists import PlaylistRepository

    code, out, _ = run("list")
    assert code == 0
    database = Database.open(next((tmp_path / "d").glob("*.sqlite3")))
    try:
        playlist = PlaylistRepository(database).find("Piano - 60 min")
    finally:
        database.close()
    heard = format_duration(content_end(playlist.items, 4.0))
    assert heard == "55 min 45 s"
    line = next(line for line in out.splitlines() if line.startswith("Piano - 60 min "))
    assert line.endswith(heard), line
