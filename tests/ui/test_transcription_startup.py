"""The speech engine never loads before the first paint, and a kill mid-transcription is redone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from speech_samples import SENTENCES, spoken, write_take

from ketacompanion.core.wer import word_error_rate
from ketacompanion.paths import DataPaths
from ketacompanion.storage.database import Database
from ketacompanion.storage.journal import JournalRepository
from tests.builders import add_session

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("faster_whisper", "ctranslate2", "soxr", "onnxruntime", "av", "tokenizers")

CHILD = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
import ketacompanion.__main__, ketacompanion.gui
HEAVY = tuple(sys.argv[4].split(','))
report = {"imported": [m for m in HEAVY if m in sys.modules]}
from ketacompanion.app import build
app = QApplication(sys.argv[:1])
companion = build(app, Path(sys.argv[1]))
window = companion.window
window.show()
window.repaint()  # the first paint
app.processEvents()
report["first_paint"] = [m for m in HEAVY if m in sys.modules]
service = companion.notes.transcription
take_id = int(sys.argv[2])
if sys.argv[3] == "ask":
    service.request(companion.notes.journal.takes(1)[0])
    print("ASKED", flush=True)
loop = QEventLoop()
timer = QTimer(interval=50)
timer.timeout.connect(lambda: service.transcript(take_id) is not None and loop.quit())
timer.start()
QTimer.singleShot(60000, loop.quit)
loop.exec()
found = service.transcript(take_id)
report["text"] = found.text if found else None
companion.close()
print("REPORT " + json.dumps(report), flush=True)
"""


def _seed(data: Path, folder: Path) -> int:
    paths = DataPaths(data).ensure()
    db = Database.open(paths.database)
    sid = add_session(db, "2026-03-02T09:00:00Z")
    gap = np.zeros(4000, "<i2")
    samples = np.concatenate([np.concatenate([spoken(s, folder), gap]) for s in SENTENCES])
    take = write_take(samples, paths.recordings / "take-1.flac")
    take_id = JournalRepository(db, paths.recordings).add_take(sid, take, len(samples) / 16000).id
    db.close()
    return take_id


def _start(data: Path, take_id: int, mode: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(take_id), mode,
                             ",".join(HEAVY)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)


@pytest.mark.needs("espeak-ng", "sox")
def test_a_kill_during_transcription_is_redone_at_the_next_start(tmp_path: Path, qtbot):
    data = tmp_path / "data"
    take_id = _seed(data, tmp_path)
    first = _start(data, take_id, "ask")
    try:
        assert first.stdout.readline().strip() == "ASKED", first.stderr.read()
        db_path = DataPaths(data).database
        # Killed once the engine is at work on the take (its library mapped, model loading).
        qtbot.waitUntil(lambda: "/ctranslate2" in Path(f"/proc/{first.pid}/maps").read_text(),
                        timeout=30000)
        time.sleep(0.3)  # a moment into its work: the child gives no sign of it
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    db = Database.open(db_path)
    try:
        assert db.connection.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 0
        assert db.connection.execute(
            "SELECT take_id FROM transcription_queue").fetchall()[0][0] == take_id
    finally:
        db.close()
    second = _start(data, take_id, "wait")  # a plain start: nobody asks again
    out, err = second.communicate(timeout=120)
    line = next((ln for ln in out.splitlines() if ln.startswith("REPORT ")), None)
    assert line is not None, out + err
    report = json.loads(line[len("REPORT "):])
    assert report["imported"] == [] and report["first_paint"] == []  # not before first paint
    assert word_error_rate(" ".join(SENTENCES), report["text"]) <= 0.15, report["text"]


def test_start_up_modules_do_not_import_the_engine():
    code = ("import sys, ketacompanion.__main__, ketacompanion.gui, ketacompanion.app, "
            "ketacompanion.ui.note_page, ketacompanion.ui.journal_page, "
            "ketacompanion.services.transcription, ketacompanion.cli.transcribe; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "[]", result.stderr
