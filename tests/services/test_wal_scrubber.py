"""An edit's old words leave the WAL file once saves settle, off the save's own path.

The scrubber (services/wal_scrubber.py) empties the journal's WAL SETTLE_S after
the last save, MOST_S after the first at the latest, at once when the app steps
back or the system sleeps, and again after a busy reader or a full disk. Each test
reads the raw bytes of the database file and its WAL on a real journal, with
secure_delete on as the app runs; time is a fake clock, the timer is never waited
for: ``tick()`` is what its timeout calls.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ketacompanion.services.wal_scrubber import MOST_S, RETRY_S, SETTLE_S, WalScrubber
from ketacompanion.storage.database import Database, Scrub
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.transcripts import TranscriptRepository
from tests.builders import add_session, add_sessions_in_bulk

SECRET = "quetzalsecret"
NOTE = f"my {SECRET} words about the light " * 40


class Clock:
    """Seconds that move only when the test says."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _holders(path: Path, word: str = SECRET) -> list[str]:
    """Which of the database file and its WAL hold ``word``, as raw bytes."""
    wal = path.with_name(path.name + "-wal")
    files = {"main": path.read_bytes(), "wal": wal.read_bytes() if wal.exists() else b""}
    return [name for name, data in files.items() if word.encode() in data]


class Rig:
    """A journal whose session holds SECRET in its note and transcript, and its scrubber."""

    def __init__(self, root: Path) -> None:
        self.path = root / "ketacompanion.sqlite3"
        self.db = Database.open(self.path)
        self.clock = Clock()
        self.scrubber = WalScrubber(self.db, now=self.clock)
        self.journal = JournalRepository(self.db, root)
        self.transcripts = TranscriptRepository(self.db, root)
        add_sessions_in_bulk(self.db, 20, seed=5)
        self.sid = add_session(self.db, "2026-03-02T09:00:00Z", note=NOTE)
        self.take = self.journal.add_take(self.sid, root / "a.flac", 3.0).id
        self.transcripts.save_heard(self.take, NOTE, "e")
        self.later(SETTLE_S)
        assert self.scrubber.tick() is Scrub.DONE  # the words, settled in the file alone
        assert _holders(self.path) == ["main"]

    def later(self, seconds: float) -> None:
        self.clock.t += seconds

    def remove_the_words(self) -> None:
        """An edited note and a corrected transcript: the SECRET is in neither now."""
        self.journal.save_note(self.sid, "only fern words now")
        self.transcripts.save_edit(self.take, "only fern words now")

    def close(self) -> None:
        self.scrubber.stop()
        self.db.close()


@pytest.fixture
def rig(qtbot, tmp_path: Path):
    made = Rig(tmp_path)
    yield made
    made.close()


def test_an_edits_old_words_leave_the_wal_once_the_saves_settle(rig: Rig):
    rig.remove_the_words()
    # The saves themselves never checkpoint (issue 18's save goal): the old pages
    # wait in the WAL, and the timer is set for when the typing has settled.
    assert "wal" in _holders(rig.path)
    assert rig.scrubber.timer_ms() == SETTLE_S * 1000
    rig.later(SETTLE_S - 0.1)
    assert rig.scrubber.tick() is None and "wal" in _holders(rig.path)
    rig.later(0.1)
    assert rig.scrubber.tick() is Scrub.DONE
    assert _holders(rig.path) == [] and rig.scrubber.timer_ms() is None
    assert rig.journal.search("fern") == [rig.sid]


def test_saves_that_never_pause_are_scrubbed_within_most_s(rig: Rig):
    rig.remove_the_words()
    results = []
    for _ in range(int(MOST_S * 2)):  # a transcript corrected every second for a minute
        rig.later(1.0)
        rig.transcripts.save_edit(rig.take, f"fern draft {rig.clock.t}")
        results.append(rig.scrubber.tick())
        if results[-1] is Scrub.DONE:
            break
    assert results[-1] is Scrub.DONE and len(results) <= MOST_S
    assert _holders(rig.path) == []


def test_a_busy_reader_delays_the_scrub_without_blocking_and_it_is_retried(rig: Rig, caplog):
    reader = sqlite3.connect(rig.path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM notes").fetchone()  # an older snapshot, held
        rig.remove_the_words()
        rig.later(SETTLE_S)
        with caplog.at_level(logging.INFO):
            assert rig.scrubber.tick() is Scrub.BUSY
        assert "busy" in caplog.text and SECRET not in caplog.text
        # Not lost: the scrub is due again shortly, and the words wait only until then.
        assert rig.scrubber.due() == rig.clock.t + RETRY_S[0]
        assert rig.scrubber.timer_ms() == RETRY_S[0] * 1000
        rig.later(RETRY_S[0])
        assert rig.scrubber.tick() is Scrub.BUSY  # still reading
        assert rig.scrubber.due() == rig.clock.t + RETRY_S[1]
        reader.execute("COMMIT")
    finally:
        reader.close()
    rig.later(RETRY_S[1])
    assert rig.scrubber.tick() is Scrub.DONE
    assert _holders(rig.path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_full_disk_is_retried_quietly_and_nothing_is_lost(rig: Rig, caplog):
    import resource
    import signal

    add_sessions_in_bulk(rig.db, 40, seed=6)  # the checkpoint must grow the file
    rig.remove_the_words()
    counted = rig.journal.count()
    rig.later(SETTLE_S)
    before = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (rig.path.stat().st_size, hard))
    try:
        with caplog.at_level(logging.INFO):
            assert rig.scrubber.tick() is Scrub.FAILED
            rig.later(RETRY_S[0])
            assert rig.scrubber.tick() is Scrub.FAILED
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, before)
    assert "checkpoint failed" in caplog.text and SECRET not in caplog.text
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]  # no dialog
    assert rig.journal.note(rig.sid) == "only fern words now"
    assert rig.scrubber.due() == rig.clock.t + RETRY_S[1]
    rig.later(RETRY_S[1])
    assert rig.scrubber.tick() is Scrub.DONE
    assert _holders(rig.path) == []
    assert rig.journal.count() == counted


@pytest.mark.parametrize("state", [Qt.ApplicationState.ApplicationInactive,
                                   Qt.ApplicationState.ApplicationHidden,
                                   Qt.ApplicationState.ApplicationSuspended])
def test_the_app_stepping_back_scrubs_at_once(rig: Rig, state: Qt.ApplicationState):
    rig.remove_the_words()
    rig.scrubber.application_state(Qt.ApplicationState.ApplicationActive)
    assert "wal" in _holders(rig.path)
    rig.scrubber.application_state(state)  # no time has passed
    assert _holders(rig.path) == [] and rig.scrubber.timer_ms() is None


def test_the_system_going_to_sleep_scrubs_at_once(rig: Rig):
    rig.remove_the_words()
    rig.scrubber.prepare_for_sleep(False)  # waking up: nothing to do
    assert "wal" in _holders(rig.path)
    rig.scrubber.prepare_for_sleep(True)
    assert _holders(rig.path) == []
    assert isinstance(rig.scrubber.watch_sleep(), bool)  # no system bus here: quietly False


def test_a_wal_left_by_a_crash_is_scrubbed_after_the_next_open(qtbot, tmp_path: Path):
    path = tmp_path / "ketacompanion.sqlite3"
    db = Database.open(path)
    add_session(db, "2026-03-02T09:00:00Z", note=NOTE)
    keeper = sqlite3.connect(path)  # a second connection: closing leaves the WAL as it is
    keeper.execute("SELECT count(*) FROM sessions").fetchone()
    try:
        db.connection.close()  # as a kill would leave it: no checkpoint
        assert path.with_name(path.name + "-wal").stat().st_size > 0
        again = Database.open(path)
        clock = Clock()
        scrubber = WalScrubber(again, now=clock)
        assert again.wal_unscrubbed and scrubber.due() == clock.t + SETTLE_S
        clock.t += SETTLE_S
        assert scrubber.tick() is Scrub.DONE
        assert path.with_name(path.name + "-wal").stat().st_size == 0
        scrubber.stop()
        again.close()
    finally:
        keeper.close()


def test_the_timer_calls_the_scrub_when_it_is_due(qtbot, tmp_path: Path, monkeypatch):
    from ketacompanion.services import wal_scrubber

    monkeypatch.setattr(wal_scrubber, "SETTLE_S", 0.0)  # due at once: nothing to wait for
    rig = Rig(tmp_path)
    try:
        rig.remove_the_words()
        assert "wal" in _holders(rig.path) and rig.scrubber.timer_ms() == 0
        qtbot.waitUntil(lambda: not rig.db.wal_unscrubbed, timeout=2000)  # the event loop
        assert _holders(rig.path) == []
    finally:
        rig.close()


@pytest.mark.needs("dbus-daemon")
def test_logind_saying_the_system_will_sleep_scrubs_over_a_real_bus(qtbot, tmp_path: Path):
    import shutil
    import subprocess

    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    daemon = subprocess.Popen(  # a private bus standing in for the system bus
        [shutil.which("dbus-daemon") or "dbus-daemon", "--session", "--nofork",
         "--print-address=1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = daemon.stdout.readline().strip()
    rig = Rig(tmp_path)
    try:
        assert rig.scrubber.watch_sleep(QDBusConnection.connectToBus(address, "walsystem"))
        logind = QDBusConnection.connectToBus(address, "walfakelogind")
        assert logind.registerService("org.freedesktop.login1")
        rig.remove_the_words()
        signal = QDBusMessage.createSignal("/org/freedesktop/login1",
                                           "org.freedesktop.login1.Manager", "PrepareForSleep")
        signal.setArguments([True])
        assert logind.send(signal)
        qtbot.waitUntil(lambda: not rig.db.wal_unscrubbed, timeout=5000)
        assert _holders(rig.path) == []
    finally:
        rig.close()
        for name in ("walsystem", "walfakelogind"):
            QDBusConnection.disconnectFromBus(name)
        daemon.terminate()
        daemon.wait(timeout=5)


def test_a_stopped_scrubber_leaves_a_closed_journal_alone(rig: Rig):
    rig.remove_the_words()
    rig.scrubber.stop()  # the journal is closing (a lock, a quit): its close scrubs
    rig.db.close()
    assert _holders(rig.path) == []
    rig.later(SETTLE_S)
    assert rig.scrubber.tick() is None and rig.scrubber.scrub_now() is None
    rig.scrubber.prepare_for_sleep(True)
    assert rig.scrubber.timer_ms() is None and rig.scrubber.due() is None
