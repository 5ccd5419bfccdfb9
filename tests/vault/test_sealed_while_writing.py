"""A protected journal never puts a typed or spoken word on disk in plaintext, even mid-way.

A note is typed (draft autosave, then commit into SQLCipher) and a take is spoken
into a fake microphone (SDL's disk driver reading espeak-ng speech); at each step
the whole data folder is searched byte for byte. The same search on a plain
journal finds the words, so the search itself can fail.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pygame
import pytest
import soundfile
from vault_rig import CHEAP, PHRASE, byte_hits, make_journal

from ketacompanion.audio.capture_device import CHUNK_FRAMES
from ketacompanion.audio.recorder import Recorder
from ketacompanion.audio.take_player import take_samples
from ketacompanion.core.file_seal import FileSeal
from ketacompanion.core.sealed import is_sealed_file
from ketacompanion.services.notes import NoteDrafts
from ketacompanion.services.takes import TakeStore
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.vault import protect, unlock

RATE = 16000


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    folder = tmp_path_factory.mktemp("speech")
    wav, raw = folder / "speech.wav", folder / "speech.raw"
    subprocess.run(["espeak-ng", "-w", str(wav), PHRASE], check=True, timeout=30)
    subprocess.run(["sox", str(wav), "-r", str(RATE), "-c", "1", "-b", "16", "-e",
                    "signed-integer", "-L", "-t", "raw", str(raw)], check=True, timeout=30)
    return np.frombuffer(raw.read_bytes(), dtype="<i2")


def pcm_hits(root: Path, speech: np.ndarray) -> list[str]:
    """Files holding any 64-byte run of the spoken PCM (as a WAV or raw dump would)."""
    raw = speech.astype("<i2").tobytes()
    loud = int(np.argmax(np.abs(speech))) * 2
    windows = [raw[i:i + 64] for i in range(max(0, loud - 4096), loud + 4096, 1024)]
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and any(w in path.read_bytes() for w in windows):
            hits.append(str(path.relative_to(root)))
    return hits


def open_protected(tmp_path: Path):
    paths = make_journal(tmp_path / "data", sessions=1)
    protect(paths, "a calm harbour", CHEAP)
    key = unlock(paths, "a calm harbour")
    db = Database.open(paths.database, key=key)
    return paths, db, FileSeal.for_data_key(key)


def test_typing_a_note_never_writes_it_in_plaintext(qtbot, tmp_path: Path) -> None:
    paths, db, seal = open_protected(tmp_path)
    try:
        journal = JournalRepository(db, paths.recordings, paths.drafts)
        drafts = NoteDrafts(journal, paths.drafts, pause_ms=10, max_wait_ms=50, seal=seal)
        drafts.open(1)
        for n in range(3):
            drafts.edit(f"typing {n}: {PHRASE} distinctive cobalt")
            with qtbot.waitSignal(drafts.draft_saved, timeout=2000):
                pass
            assert byte_hits(paths.root, "distinctive cobalt") == []  # while typing
        assert is_sealed_file(paths.drafts / "note-1.json")
        # Reopened as after a crash: the sealed draft comes back whole.
        assert drafts.draft(1).text.endswith("distinctive cobalt")
        drafts.commit()
        assert "distinctive cobalt" in journal.note(1)
        assert byte_hits(paths.root, "distinctive cobalt") == []  # DB, WAL, SHM
    finally:
        db.close()
    assert byte_hits(paths.root, "distinctive cobalt") == []


def test_the_byte_search_does_find_words_on_a_plain_journal(qtbot, tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data", sessions=1)
    db = Database.open(paths.database)
    try:
        drafts = NoteDrafts(JournalRepository(db, paths.recordings, paths.drafts), paths.drafts,
                            pause_ms=10, max_wait_ms=50)
        drafts.open(1)
        drafts.edit("distinctive cobalt")
        with qtbot.waitSignal(drafts.draft_saved, timeout=2000):
            pass
        assert byte_hits(paths.root, "distinctive cobalt") == ["drafts/note-1.json"]
    finally:
        db.close()


@pytest.mark.needs("espeak-ng", "sox")
def test_speaking_a_take_never_writes_it_in_plaintext(qtbot, monkeypatch, tmp_path: Path,
                                                      speech: np.ndarray) -> None:
    paths, db, seal = open_protected(tmp_path)
    mic = tmp_path / "mic.raw"  # the fake microphone lives outside the data folder
    mic.write_bytes(speech.astype("<i2").tobytes())
    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "out.raw"))
    monkeypatch.setenv("SDL_DISKAUDIOFILEIN", str(mic))
    journal = JournalRepository(db, paths.recordings, paths.drafts)
    takes = TakeStore(journal, paths.recordings, paths.drafts, seal=seal)
    recorder = Recorder(RATE, writer=seal.wav_writer)
    try:
        draft = takes.new_draft_path(1)
        assert recorder.start(draft)
        qtbot.waitUntil(lambda: recorder.elapsed_s >= len(speech) / RATE * 0.7, timeout=15000)
        recorder.pause()  # flushed: what is on disk now is what a kill would leave
        assert pcm_hits(paths.root, speech) == []  # while recording
        assert is_sealed_file(draft)
        cut = tmp_path / "killed-here.wav"
        shutil.copy(draft, cut)  # the take as a kill mid-recording leaves it
        recorder.resume()
        qtbot.waitUntil(lambda: recorder.elapsed_s >= len(speech) / RATE + 0.3, timeout=15000)
        with qtbot.waitSignal(recorder.finished):
            recorder.stop()
        take = takes.finish(1, draft)
    finally:
        pygame.mixer.quit()
        db.close()
    assert take is not None and is_sealed_file(take.path) and not draft.exists()
    assert pcm_hits(paths.root, speech) == []
    for path in [*paths.drafts.iterdir(), *paths.recordings.iterdir()]:
        head = path.read_bytes()[:4]
        assert head not in (b"RIFF", b"fLaC"), path
    # What a kill mid-recording leaves is read back up to its last flush.
    partial, _ = soundfile.read(seal.audio(cut), dtype="int16")
    assert len(partial) > 0.5 * len(speech)
    assert np.array_equal(partial, speech[: len(partial)])
    # Played and transcribed from memory: the samples are the spoken ones, exactly,
    # except that SDL empties its capture buffer when the device pauses, so up to one
    # chunk of the sound just before the pause may never come (under load, about one
    # run in twenty: 1,024 samples, 64 ms here). Nothing is altered or repeated.
    recorded, rate = soundfile.read(seal.audio(take.path), dtype="int16")
    assert rate == RATE and len(take_samples(take.path, 44100, seal.audio)) > 0
    assert _spoken_with_one_gap(recorded, speech, at=len(partial), most=CHUNK_FRAMES)


def _spoken_with_one_gap(recorded: np.ndarray, speech: np.ndarray, at: int, most: int) -> bool:
    """``recorded`` is ``speech`` with at most ``most`` samples left out at ``at``."""
    if not np.array_equal(recorded[:at], speech[:at]):
        return False
    for gap in range(most + 1):
        after = speech[at + gap:]
        if np.array_equal(recorded[at:at + len(after)], after):
            return True
    return False


def test_a_take_a_kill_cut_short_is_recovered_sealed_at_the_next_start(tmp_path: Path) -> None:
    paths, db, seal = open_protected(tmp_path)
    try:
        journal = JournalRepository(db, paths.recordings, paths.drafts)
        takes = TakeStore(journal, paths.recordings, paths.drafts, seal=seal)
        draft = takes.new_draft_path(1)
        writer = seal.wav_writer(draft, RATE)
        tone = (np.sin(np.arange(RATE) * 2 * np.pi * 440 / RATE) * 8000).astype("<i2")
        writer.write(tone.tobytes())
        writer.flush()
        writer.write(tone.tobytes())  # never flushed: the kill came first
        del writer  # no close: no final chunk, as after SIGKILL
        recovered = takes.recover()
        assert len(recovered) == 1 and not draft.exists()
        stored = recovered[0].path
        assert is_sealed_file(stored)
        samples, rate = soundfile.read(seal.audio(stored), dtype="int16")
        assert rate == RATE and np.array_equal(samples, tone)
    finally:
        db.close()
