"""``ketacompanion transcribe FILE``: the words of a WAV, FLAC or OGG file, offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import soundfile
from speech_samples import SENTENCES, spoken

from ketacompanion.__main__ import main
from ketacompanion.core.wer import word_error_rate
from ketacompanion.services import speech_engine


@pytest.mark.needs("espeak-ng", "sox")
@pytest.mark.parametrize("fmt", ["WAV", "FLAC", "OGG"])
def test_prints_the_words_of_each_format(tmp_path: Path, capsys, fmt):
    path = tmp_path / f"said.{fmt.lower()}"
    soundfile.write(path, spoken(SENTENCES[1], tmp_path, 22050), 22050, format=fmt)
    assert main(["--data-dir", str(tmp_path / "d"), "transcribe", str(path)]) == 0
    printed = capsys.readouterr().out
    assert word_error_rate(SENTENCES[1], printed) <= 0.15, printed


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "transcribe", str(tmp_path / "no.wav")]) == 2
    err = capsys.readouterr().err
    assert err == f"ketacompanion: error: {tmp_path / 'no.wav'} does not exist\n"


def test_a_file_that_is_not_audio_is_one_line(tmp_path: Path, capsys):
    (tmp_path / "note.wav").write_text("not a recording")
    assert main(["--data-dir", str(tmp_path / "d"), "transcribe", str(tmp_path / "note.wav")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be read as audio" in err


def test_missing_engine_is_one_line_and_exit_2(tmp_path: Path, capsys, monkeypatch):
    soundfile.write(tmp_path / "a.wav", [0.0] * 1600, 16000)
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    assert main(["--data-dir", str(tmp_path / "d"), "transcribe", str(tmp_path / "a.wav")]) == 2
    err = capsys.readouterr().err
    assert err == ("ketacompanion: error: Voice notes can become text once the speech engine "
                   'is installed: pip install -e ".[transcribe]"\n')


def test_missing_model_is_one_line_and_exit_2(tmp_path: Path, capsys, monkeypatch):
    soundfile.write(tmp_path / "a.wav", [0.0] * 1600, 16000)
    monkeypatch.setenv(speech_engine.MODEL_ENV, str(tmp_path / "nowhere"))
    assert main(["--data-dir", str(tmp_path / "d"), "transcribe", str(tmp_path / "a.wav")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "speech model" in err and "is incomplete" in err


def test_a_changed_model_is_refused_in_one_line(tmp_path: Path, monkeypatch):
    folder = tmp_path / "model"
    folder.mkdir()
    for name in speech_engine.MODEL_FILES:
        (folder / name).symlink_to(speech_engine.model_folder() / name)
    (folder / "tokenizer.json").unlink()
    (folder / "tokenizer.json").write_text("{}")
    soundfile.write(tmp_path / "a.wav", [0.1] * 16000, 16000)
    result = subprocess.run(
        [sys.executable, "-m", "ketacompanion", "--data-dir", str(tmp_path / "d"),
         "transcribe", str(tmp_path / "a.wav")],
        env={**__import__("os").environ, speech_engine.MODEL_ENV: str(folder)},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "tokenizer.json is not the published tiny.en file" in result.stderr
