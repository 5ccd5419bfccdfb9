"""Start-up stays light and plain: no pygame until sound is wanted, no technical words on screen.

Each check runs the real app in a fresh interpreter (pygame, once imported, stays
in ``sys.modules``), on a machine with no usable sound output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketacompanion.ui.audio_messages import NO_OUTPUT, SOUND_STOPPED, plain_audio_message
from tests.builders import add_session

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ketacompanion.app import build

app = QApplication(sys.argv[:1])
companion = build(app, Path(sys.argv[1]), rehearse=sys.argv[2] == "rehearse")
window = companion.window
report = {"after_build": "pygame" in sys.modules}
window.show()
window.repaint()  # the first paint
app.processEvents()
report["after_first_paint"] = "pygame" in sys.modules
report["heavy_at_paint"] = sorted(m for m in ("av", "pyebur128", "scipy", "numpy",
                                             "ketacompanion.services.loudness",
                                             "ketacompanion.core.loudness",
                                             # issue 14: only a protected journal loads these
                                             "sqlcipher3", "argon2", "cryptography", "keyring",
                                             "ketacompanion.storage.cipher_db",
                                             # a plain journal needs no key chain at all
                                             "ketacompanion.core.keychain", "hashlib",
                                             "secrets",
                                             # the after-infusion offer reads no check-ins
                                             "ketacompanion.core.checkins",
                                             "ketacompanion.core.measures",
                                             # nor does the Journal without a course; its
                                             # voice notes' words, its cards' marks and
                                             # its dialogs load on first use
                                             "ketacompanion.ui.measures_chart",
                                             "ketacompanion.ui.checkin_dialog",
                                             "ketacompanion.ui.course_dialog",
                                             "ketacompanion.services.transcription",
                                             "ketacompanion.storage.transcripts",
                                             "ketacompanion.storage.sessions")
                                  if m in sys.modules)
# Landing on Prepare: no offer is due, so neither the course nor the offer's rules load,
# and a playlist's change is stamped without the session records.
report["prepare_later"] = sorted(m for m in ("ketacompanion.core.course",
                                             "ketacompanion.core.integration",
                                             "ketacompanion.core.records") if m in sys.modules)
report["built"] = [key for key in window.page_keys() if window.built_page(key) is not None]
report["page_modules"] = sorted(m for m in sys.modules if m.endswith("_page"))
page = window.built_page("session")
loop = QEventLoop()
def check():
    if page is None or "Sound:" in page.preflight.text():
        loop.quit()
timer = QTimer(interval=50)
timer.timeout.connect(check)
timer.start()
QTimer.singleShot(3000, loop.quit)
loop.exec()
report["later"] = "pygame" in sys.modules
report["page"] = window.current_page()
report["preflight"] = page.preflight.text() if page is not None else None
report["notice"] = window.notice.text()
companion.close()
print("REPORT " + json.dumps(report), flush=True)
"""


def run_app(tmp_path: Path, mode: str) -> dict:
    env = {**os.environ, "SDL_AUDIODRIVER": "nonexistent", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data"), mode],
                            capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("REPORT ")), None)
    assert line is not None, result.stdout + result.stderr
    return json.loads(line[len("REPORT "):])


def test_building_and_showing_the_app_does_not_load_pygame(tmp_path: Path) -> None:
    report = run_app(tmp_path, "normal")
    assert report["page"] == "prepare"
    assert not report["after_build"] and not report["after_first_paint"] and not report["later"]
    # Nor the decoders and the loudness meter: they load when a file is measured or played.
    assert report["heavy_at_paint"] == []
    assert report["prepare_later"] == []


def test_landing_on_the_journal_loads_only_what_its_first_frame_shows(tmp_path: Path) -> None:
    run_app(tmp_path, "normal")  # the data folder, as a first start makes it
    for day in range(1, 13):
        add_session(tmp_path / "data" / "ketacompanion.sqlite3", f"2026-03-{day:02d}T09:00:00Z",
                    mood_before=4, mood_after=7, note="slow music", marks=[(600.0, "Drift")])
    (tmp_path / "data" / "window-state.json").write_text(json.dumps({"last_page": "journal"}),
                                                          encoding="utf-8")
    report = run_app(tmp_path, "normal")
    assert report["page"] == "journal" and report["built"] == ["journal"]
    assert report["heavy_at_paint"] == []


def test_only_the_landing_page_is_built_before_the_first_paint(tmp_path: Path) -> None:
    report = run_app(tmp_path, "normal")
    assert report["built"] == ["prepare"]
    assert report["page_modules"] == ["ketacompanion.ui.prepare_page"]


def test_the_session_page_checks_sound_after_its_first_paint_in_plain_words(
    tmp_path: Path,
) -> None:
    report = run_app(tmp_path, "rehearse")
    assert report["page"] == "session"
    assert not report["after_build"] and not report["after_first_paint"]
    assert report["later"]  # the sound check ran once the page was on screen
    assert f"Sound: {NO_OUTPUT}" in report["preflight"]
    for text in (report["preflight"], report["notice"]):
        for word in ("ALSA", "SDL", "Audio target", "nonexistent", "pygame"):
            assert word not in text


@pytest.mark.parametrize(("raw", "plain"), [
    ("No sound output is available (ALSA: Couldn't open audio device: No such device).",
     NO_OUTPUT),
    ("No sound output is available (the sound output opened as 8-bit, 1 channels).", NO_OUTPUT),
    ("The sound output is not open. Trying again every few seconds.", NO_OUTPUT),
    ("The sound output stopped working (Audio device lost). Trying again every few seconds.",
     SOUND_STOPPED),
    ("The sound output stopped responding. Trying again every few seconds.", SOUND_STOPPED),
    ("Skipped: rain.ogg is damaged (Error : unexpected end of file in libsndfile)",
     "One piece will not play and was skipped: rain.ogg is damaged. The music goes on."),
    ("Skipped: sea.flac is missing (/home/me/Music/sea.flac)",
     "One piece will not play and was skipped: sea.flac is missing. The music goes on."),
])
def test_audio_messages_become_plain_words(raw: str, plain: str) -> None:
    assert plain_audio_message(raw) == plain
