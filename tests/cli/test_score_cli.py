"""`ketacompanion score`: the fresh piano a session would play, written to a file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.__main__ import main
from ketacompanion.cli import COMMANDS

FAST = ["--rate", "8000"]  # a whole session at a low rate: the same mix, fewer frames


def _run(capsys, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(tmp_path / "data"), "score", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_is_a_registered_command() -> None:
    assert "score" in COMMANDS


def test_a_40_minute_score_lasts_40_minutes_fades_and_repeats_only_by_seed(
    tmp_path: Path, capsys
) -> None:
    a, b, c = (tmp_path / name for name in ("a.flac", "b.flac", "c.flac"))
    for out, seed in ((a, "7"), (b, "7"), (c, "8")):
        code, said, err = _run(capsys, tmp_path, "--minutes", "40", "--seed", seed,
                               "--out", str(out), *FAST)
        assert code == 0, err
        assert f"seed {seed}" in said and "composer 1" in said
    assert a.stat().st_mode & 0o777 == 0o600  # private from the first byte, as every export
    first, rate = soundfile.read(a, dtype="float32")
    assert rate == 8000 and first.shape == (40 * 60 * 8000, 2)
    again, _ = soundfile.read(b, dtype="float32")
    other, _ = soundfile.read(c, dtype="float32")
    assert np.array_equal(first, again)
    assert not np.allclose(first[: 120 * rate], other[: 120 * rate], atol=1e-3)
    # The session's fades: rising from silence, falling into the end.
    assert np.abs(first[:40]).max() < 0.01
    level = [np.sqrt((first[i * rate : (i + 1) * rate] ** 2).mean()) for i in range(4)]
    assert level[0] < level[3]
    assert np.abs(first[-rate // 10 :]).max() < 1e-3
    # Lifted to the session's loudness as the player does, its peaks stay under -1 dBTP.
    assert np.abs(first).max() <= 10 ** (-1 / 20) + 1e-3


def test_piano_over_beats_and_beats_alone(tmp_path: Path, capsys) -> None:
    for sound in ("piano+beats", "beats"):
        out = tmp_path / f"{sound}.wav"
        code, _, err = _run(capsys, tmp_path, "--minutes", "40", "--seed", "1", "--sound", sound,
                            "--out", str(out), *FAST)
        assert code == 0, err
        data, rate = soundfile.read(out, dtype="float32")
        assert len(data) == 40 * 60 * rate
        # The beat's two ears differ: the bed (or the beats) are in it.
        middle = data[20 * 60 * rate : 20 * 60 * rate + 10 * rate]
        assert np.abs(middle[:, 0] - middle[:, 1]).max() > 0.01


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--minutes", "39"], ["--minutes", "40", "60"]),
        (["--minutes", "soon"], ["--minutes", "number"]),
        (["--minutes", "45", "--seed", "-1"], ["--seed", "whole number"]),
        (["--minutes", "45", "--seed", "1.5"], ["--seed", "whole number"]),
        (["--minutes", "45", "--sound", "drums"], ["--sound", "piano+beats"]),
        (["--minutes", "45", "--arc", "wild"], ["--arc", "long-plateau"]),
        (["--minutes", "45", "--rate", "12"], ["--rate"]),
    ],
)
def test_nonsense_gets_one_line_and_exit_2(tmp_path: Path, capsys, args, words) -> None:
    out = tmp_path / "x.flac"
    code, _, err = _run(capsys, tmp_path, *args, "--out", str(out))
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("ketacompanion: error: "), err
    for word in words:
        assert word in err, err
    assert not out.exists()


def test_an_existing_file_or_a_missing_folder_is_refused(tmp_path: Path, capsys) -> None:
    kept = tmp_path / "kept.flac"
    kept.write_bytes(b"mine")
    code, _, err = _run(capsys, tmp_path, "--minutes", "40", "--out", str(kept))
    assert code == 2 and "--force" in err and kept.read_bytes() == b"mine"
    missing = tmp_path / "no" / "x.ogg"
    code, _, err = _run(capsys, tmp_path, "--minutes", "40", "--out", str(missing))
    assert code == 2 and "does not exist" in err
    code, _, err = _run(capsys, tmp_path, "--minutes", "40", "--out", str(tmp_path / "x.mp3"))
    assert code == 2 and ".flac" in err


def test_the_score_is_as_loud_as_the_session_plays_it(tmp_path: Path, capsys) -> None:
    # The player brings beats and the fresh piano to one loudness (-18 LUFS); the score
    # renders the same mix, so it must land there too (it was left at the render's level).
    from ketacompanion.audio.loudness_meter import measure_frames
    from ketacompanion.core.loudness import TARGET_LUFS

    for sound in ("beats", "piano"):
        out = tmp_path / f"{sound}-loud.wav"
        code, _, err = _run(capsys, tmp_path, "--minutes", "40", "--seed", "3", "--sound",
                            sound, "--out", str(out), "--rate", "16000")
        assert code == 0, err
        data, rate = soundfile.read(out, dtype="float32")
        middle = data[5 * 60 * rate : 35 * 60 * rate]  # past the fade in, before the end
        heard = measure_frames(middle, rate)
        assert heard is not None
        assert heard.lufs == pytest.approx(TARGET_LUFS, abs=1.0), sound
