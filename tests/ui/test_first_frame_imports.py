"""Nothing heavy stands in front of the first frame (issue 18, item 3).

The real app starts in a fresh interpreter (offscreen, a temp data folder) and,
at its first finished frame, lists ``sys.modules``. Whatever page it lands on,
none of the modules below may be loaded yet: each is needed only later (sound,
decoding, synthesis, tags, transcription, encryption) and would slow every start.
Nor may the other pages, or the parts only they need: each page is built, with
its modules, when it is first shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import add_session

ROOT = Path(__file__).resolve().parents[2]

# Top-level packages (and our own modules) that must wait until they are used.
HEAVY = ("numpy", "soundfile", "pygame", "mutagen", "ctranslate2", "faster_whisper", "av",
         "onnxruntime", "pyloudnorm", "scipy", "sqlcipher3", "tinysoundfont",
         "ketacompanion.audio", "ketacompanion.core.binaural", "ketacompanion.cli.binaural",
         "ketacompanion.cli.export", "ketacompanion.cli.playlist",
         # issue 14: the lock's libraries and screens load only for a protected journal
         "argon2", "cryptography", "keyring", "ketacompanion.services.vault",
         "ketacompanion.ui.unlock_screen", "ketacompanion.ui.protect_dialog",
         "ketacompanion.ui.idle_lock", "ketacompanion.ui.journal_lock_dialog",
         # a plain journal's start only looks whether the key file exists: no key chain,
         # no OpenSSL hashes, no secrets
         "ketacompanion.core.keychain", "hashlib", "_hashlib", "secrets",
         # the WAL scrubber hears of sleep over the system bus, opened after the frame
         "PySide6.QtDBus")
# The Journal's dialogs and views that a card or a button opens after the first frame:
# export, the playlist editor (behind "Play this music again"), search's transcript view.
JOURNAL_LATER = ("ketacompanion.ui.export_dialog", "ketacompanion.services.export",
                 "ketacompanion.ui.playlist_editor", "ketacompanion.ui.transcript_view")
# The course's check-ins: the after-infusion offer reads session starts only.
CHECKINS = ("ketacompanion.core.checkins", "ketacompanion.core.measures")
# Parts of the Journal each loaded by its first use: the transcription service by a
# voice note in view, the check-ins and their chart by a course or a check-in, the
# course's dialogs by a click. Its cards' marks need no sessions' module.
JOURNAL_FIRST_USE = ("ketacompanion.services.transcription",
                     "ketacompanion.services.speech_engine", "ketacompanion.storage.transcripts",
                     "ketacompanion.storage.sessions", "ketacompanion.ui.course_dialog",
                     "ketacompanion.ui.checkin_dialog", "ketacompanion.ui.measures_chart",
                     *CHECKINS)
# The course and the after-infusion offer's rules: one query says no offer is due
# (the sessions here are months old), so neither loads (the Journal's course card
# needs the course).
OFFER = ("ketacompanion.core.course", "ketacompanion.core.integration")
# What makes the ready-made playlists: a start only checks which were added (by key).
READY_MADE_MAKERS = ("ketacompanion.core.soundscapes",)

# What only the note and the Journal need (and, after a crash, start-up's recovery).
NOTES = ("ketacompanion.services.notes", "ketacompanion.services.takes",
         "ketacompanion.services.take_bin", "ketacompanion.services.draft_writes",
         "ketacompanion.services.transcription", "ketacompanion.services.speech_engine",
         "ketacompanion.storage.transcripts")
# Calm mode opens at Start; until then its painting and controls wait.
CALM = ("ketacompanion.ui.calm_mode", "ketacompanion.ui.calm_painting",
        "ketacompanion.ui.calm_controls", "ketacompanion.ui.hold_gesture")
PAGES = {page: f"ketacompanion.ui.{page}_page"
         for page in ("prepare", "session", "journal", "note")}
NOT_YET = {
    # The first-run offer to protect the journal asks about an interrupted session
    # when it comes, after the first frame: the sessions' module waits for it.
    "prepare": (PAGES["session"], PAGES["journal"], PAGES["note"], *NOTES, *CALM, *CHECKINS,
                *OFFER, "ketacompanion.storage.sessions",
                # a playlist's change is stamped by core.stamps: no session records
                "ketacompanion.core.records"),
    "session": (PAGES["prepare"], PAGES["journal"], PAGES["note"], *NOTES, *CALM, *CHECKINS,
                *OFFER, *READY_MADE_MAKERS, "ketacompanion.ui.crisis_panel"),
    "journal": (PAGES["prepare"], PAGES["session"], PAGES["note"], *CALM, *JOURNAL_LATER,
                *JOURNAL_FIRST_USE, *READY_MADE_MAKERS, "ketacompanion.core.fitting",
                "ketacompanion.core.presets"),
}

CHILD = """
import json, sys
from ketacompanion import first_frame

reported = first_frame.FirstFinishedFrame._report

def report(self):
    print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
    reported(self)

first_frame.FirstFinishedFrame._report = report
from ketacompanion.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _first_frame_modules(data: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SDL_AUDIODRIVER": "nonexistent",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "--data-dir", str(data), "--exit-after-first-paint"],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT, check=False)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("MODULES ")), None)
    assert line is not None, result.stdout + result.stderr
    assert "first-frame" in result.stdout
    return json.loads(line[len("MODULES "):])


def _heavy(modules: list[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy)]


def _add_sessions(database: Path, count: int) -> None:
    for n in range(count):
        add_session(database, f"2026-0{1 + n % 9}-1{n % 9}T09:00:00+00:00", playlist_name="Drift",
                    intention="rest", mood_before=4, mood_after=7,
                    note="green light, slow music", marks=[(600.0, "Drift")])


@pytest.mark.parametrize("page", ["prepare", "session", "journal"])
def test_no_heavy_module_is_loaded_before_the_first_frame(tmp_path: Path, page: str) -> None:
    data = tmp_path / "data"
    first = _first_frame_modules(data)
    # The very first start reads the bundled piano pieces' tags to add the ready-made
    # playlists the Prepare page lists; that is the one place mutagen may load early.
    assert [m for m in _heavy(first) if not m.startswith("mutagen")] == []
    assert _heavy(first, NOT_YET["prepare"]) == []  # the first start lands on Prepare
    _add_sessions(data / "ketacompanion.sqlite3", 12)
    (data / "window-state.json").write_text(json.dumps({"last_page": page}), encoding="utf-8")
    modules = _first_frame_modules(data)
    assert PAGES[page] in modules  # it did land there
    assert _heavy(modules) == []
    assert _heavy(modules, NOT_YET[page]) == []


def test_a_voice_note_below_the_journals_first_frame_loads_its_words_after_it(tmp_path: Path):
    """The newest card has a voice note; the first frame (1100x720) ends above its words.

    The card is built for the first frame (its heading shows), so its voice notes'
    words (the transcript view, the transcription service) loaded before the frame
    though none of them was in it. They now come just after it.
    """
    from ketacompanion.storage.database import Database
    from ketacompanion.storage.journal import JournalRepository
    from ketacompanion.storage.transcripts import TranscriptRepository

    data = tmp_path / "data"
    _first_frame_modules(data)
    _add_sessions(data / "ketacompanion.sqlite3", 12)
    database = Database.open(data / "ketacompanion.sqlite3")
    try:
        newest = add_session(database, "2026-10-01T09:00:00Z", note="a warm green light",
                             mood_before=4, mood_after=7)
        take = JournalRepository(database, data / "recordings").add_take(
            newest, data / "recordings" / "take.flac", 42.0)
        TranscriptRepository(database, data / "recordings").save_heard(
            take.id, "the sea, and my grandmother", "faster-whisper tiny.en")
    finally:
        database.close()
    (data / "window-state.json").write_text(json.dumps({"last_page": "journal"}),
                                            encoding="utf-8")
    modules = _first_frame_modules(data)
    assert PAGES["journal"] in modules and "ketacompanion.ui.take_list" in modules
    assert _heavy(modules) == []
    assert _heavy(modules, NOT_YET["journal"]) == []  # transcript view, service, storage
