"""`ketacompanion binaural`: the written file is what the issue promises."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.audio.analysis import frequency, max_step, peak_dbfs, rms_envelope
from ketacompanion.cli import COMMANDS, CliError
from ketacompanion.cli import binaural as cli

REPO = Path(__file__).resolve().parents[2]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ketacompanion")
    cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def invoke(argv: list[str]) -> int:
    args = parse(argv)
    return args.handler(args)


def test_binaural_is_a_registered_command() -> None:
    assert "binaural" in COMMANDS


def test_one_minute_flac_is_197_and_203_hz_fading_quiet_and_click_free(tmp_path: Path) -> None:
    out = tmp_path / "beats.flac"
    assert invoke(["binaural", "--carrier", "200", "--beat", "6", "--minutes", "1",
                   "--out", str(out)]) == 0
    data, sr = soundfile.read(out)
    info = soundfile.info(out)
    assert info.format == "FLAC" and info.channels == 2 and sr == 44100
    assert len(data) == 60 * sr
    steady = data[20 * sr : 40 * sr]
    assert frequency(steady[:, 0], sr) == pytest.approx(197.0, abs=0.05)
    assert frequency(steady[:, 1], sr) == pytest.approx(203.0, abs=0.05)
    assert peak_dbfs(data) <= -12.0
    assert peak_dbfs(steady) > -12.2
    # Fades: silent at both ends, rising over the first seconds, falling at the end.
    env = rms_envelope(data[:, 1], sr // 10)
    assert env[0] < 0.01 * env[300] and env[-1] < 0.01 * env[300]
    # Default fades: 10 s in and 20 s out, raised-cosine shaped.
    full = env[250:350].mean()
    centres = (np.arange(len(env)) + 0.5) / 10
    expected = np.ones(len(env))
    expected = np.where(centres < 10, (1 - np.cos(np.pi * centres / 10)) / 2, expected)
    expected = np.where(centres > 40, (1 - np.cos(np.pi * (60 - centres) / 20)) / 2, expected)
    np.testing.assert_allclose(env / full, expected, atol=0.02)
    # No clicks anywhere: no step bigger than the steady tone's own (plus one LSB).
    lsb = 1 / 32768
    for ch in (0, 1):
        assert max_step(data[:, ch]) <= max_step(steady[:, ch]) + 1.5 * lsb


def test_glide_10_to_4_is_linear(tmp_path: Path) -> None:
    out = tmp_path / "glide.wav"
    invoke(["binaural", "--carrier", "200", "--beat", "10", "--to-beat", "4", "--minutes", "1",
            "--fade-in", "1", "--fade-out", "1", "--out", str(out)])
    data, sr = soundfile.read(out)
    for centre_s in (5, 15, 30, 45, 55):
        win = data[(centre_s - 1) * sr : (centre_s + 1) * sr]
        beat = frequency(win[:, 1], sr) - frequency(win[:, 0], sr)
        assert beat == pytest.approx(10 - 6 * centre_s / 60, abs=0.05)


@pytest.mark.parametrize("ext", ["wav", "ogg"])
def test_other_formats_follow_the_extension_under_ceiling(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"b.{ext}"
    invoke(["binaural", "--carrier", "300", "--beat", "4", "--noise", "pink", "--noise-level",
            "0.5", "--minutes", "0.1", "--out", str(out)])
    data, sr = soundfile.read(out)
    assert soundfile.info(out).format == {"wav": "WAV", "ogg": "OGG"}[ext]
    assert len(data) == pytest.approx(6 * sr, abs=2048)
    assert peak_dbfs(data) <= -12.0


@pytest.mark.parametrize(
    "argv",
    [
        ["--carrier", "10", "--beat", "4", "--minutes", "1"],
        ["--carrier", "200", "--beat", "250", "--minutes", "1"],
        ["--carrier", "200", "--beat", "6", "--minutes", "-1"],
        ["--carrier", "abc", "--beat", "6", "--minutes", "1"],
        ["--carrier", "200", "--beat", "6", "--minutes", "nan"],
        ["--carrier", "200", "--beat", "6", "--minutes", "1", "--noise", "purple"],
        ["--carrier", "200", "--beat", "6", "--minutes", "1", "--noise", "pink",
         "--noise-level", "3"],
        ["--carrier", "200", "--beat", "6", "--to-beat", "300", "--minutes", "1"],
    ],
)
def test_nonsense_is_refused_with_one_line(tmp_path: Path, argv: list[str]) -> None:
    out = tmp_path / "x.flac"
    with pytest.raises(CliError) as info:
        invoke(["binaural", *argv, "--out", str(out)])
    assert "\n" not in str(info.value) and str(info.value)
    assert not out.exists()


def test_unknown_extension_and_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CliError, match=r"\.wav, \.flac or \.ogg"):
        invoke(["binaural", "--carrier", "200", "--beat", "6", "--minutes", "1",
                "--out", str(tmp_path / "x.mp4")])
    with pytest.raises(CliError, match="does not exist"):
        invoke(["binaural", "--carrier", "200", "--beat", "6", "--minutes", "1",
                "--out", str(tmp_path / "nope" / "x.wav")])


@pytest.mark.skipif(not (REPO / "ketacompanion" / "__main__.py").exists(),
                    reason="the command-line entry point is not in this tree yet")
def test_command_line_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "beats.flac"
    ok = subprocess.run(
        [sys.executable, "-m", "ketacompanion", "binaural", "--carrier", "200", "--beat", "6",
         "--minutes", "0.2", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert soundfile.info(out).frames == 12 * 44100
    bad = subprocess.run(
        [sys.executable, "-m", "ketacompanion", "binaural", "--carrier", "200", "--beat", "300",
         "--minutes", "1", "--out", str(tmp_path / "bad.flac")],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1 and "beat" in bad.stderr
