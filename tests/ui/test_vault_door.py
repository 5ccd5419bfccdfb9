"""The journal's lock in the app: the offer, protecting, locking, idle, export (issue 14)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from vault_screens_rig import (
    CHEAP,
    PASSPHRASE,
    PHRASE,
    make_journal,
    when_shown,
)

from ketacompanion.gui import open_companion
from ketacompanion.journal_door import JournalDoor
from ketacompanion.settings import user_settings
from ketacompanion.storage.vault import protect, unlock
from ketacompanion.ui.idle_lock import IdleLock
from ketacompanion.ui.protect_dialog import ProtectDialog
from ketacompanion.ui.unlock_screen import UnlockScreen

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support raise")]


class FakeTime:
    """Seconds on a clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def door(qtbot, tmp_path: Path) -> Iterator[JournalDoor]:
    """A door on a plain journal of two sessions (cheap Argon2, no real keyring)."""
    paths = make_journal(tmp_path / "data")
    # The first-run offer only when a test asks (door.offer()), never on a timer mid-test.
    made = JournalDoor(QApplication.instance(), paths.root, open_companion,
                       keyring_backend=fail.Keyring(), kdf=CHEAP, offer_after_ms=None)
    yield made
    made.close()
    QApplication.instance().setQuitOnLastWindowClosed(True)


def _open(door: JournalDoor, key=None):
    companion = door.open(None if key is None else (lambda: key))
    assert companion is not None
    companion.window.show()
    return companion


def _start_silent_session(companion):
    companion.window.show_page("session")
    page = companion.window.page("session")
    page.playlist_box.setCurrentIndex(-1)  # a silent session
    page.start()
    assert page.service.is_active
    return page


def _end_session(page) -> None:
    page.service.shutdown()
    if page.calm is not None:
        page.calm.hide()
        page.calm.deleteLater()
        page.calm = None


def _protect_through_dialog(qtbot, passphrase: str = PASSPHRASE) -> list[str]:
    """Answer the next protect dialog: the passphrase twice, wait, keep the code, Done."""
    codes: list[str] = []

    def answer(dialog: ProtectDialog) -> None:
        dialog.first.setText(passphrase)
        dialog.second.setText(passphrase)
        assert dialog.start()

        def when_code() -> None:
            if not dialog.on_code_page():
                QTimer.singleShot(20, when_code)
                return
            codes.append(dialog.code)
            dialog.recovery.kept.setChecked(True)
            dialog.recovery.done.click()
        when_code()
    when_shown(ProtectDialog, answer)
    return codes


def _unlock_through_screen(secrets: list[str]) -> list[str]:
    """Type each of ``secrets`` into the next unlock screen in turn; the messages seen."""
    seen: list[str] = []

    def answer(screen: UnlockScreen) -> None:
        def next_try() -> None:
            if screen.key is not None:
                return
            if screen.message.text():
                seen.append(screen.message.text())
            if not secrets:
                screen.reject()
                return
            screen.field.setText(secrets.pop(0))
            screen.unlock()
            screen.wait()
            QTimer.singleShot(50, next_try)
        next_try()
    when_shown(UnlockScreen, answer)
    return seen


def test_the_first_run_offer_is_the_protect_dialog_and_goes_once_answered(qtbot, door) -> None:
    companion = _open(door)
    assert door.offer_due and companion.window.current_page() == "prepare"
    when_shown(ProtectDialog, lambda dialog: dialog.later.click())  # "Not now"
    assert door.offer()
    assert door.companion is companion and not door.protected()  # nothing closed
    assert companion.settings.get("journal_lock_offered")
    assert not door.offer_due and not door.offer()
    door.close()
    _open(door)
    assert not door.offer_due  # answered: the sidebar offers it from now on


def test_the_offer_never_comes_on_the_note_page(qtbot, door) -> None:
    companion = _open(door)
    companion.window.show_page("note")
    assert not door.offer()
    assert QApplication.activeModalWidget() is None
    companion.window.show_page("prepare")
    assert not door.offer()  # it waits for another day, not for the note to close
    assert not companion.settings.get("journal_lock_offered")  # ... and a later first start
    companion.window.show_page("note")
    assert not door.privacy.isEnabled()  # the sidebar entry waits too


def test_the_offer_never_comes_during_a_session(qtbot, door) -> None:
    companion = _open(door)
    page = _start_silent_session(companion)
    try:
        assert not door.offer()
        door.privacy_clicked()  # the sidebar entry does nothing while a session runs
        assert QApplication.activeModalWidget() is None
        assert door.companion is companion
    finally:
        _end_session(page)


def test_protecting_from_the_app_reopens_the_journal_under_the_passphrase(
        qtbot, door) -> None:
    companion = _open(door)
    codes = _protect_through_dialog(qtbot)
    assert door.protect()
    assert door.protected() and door.companion is not companion
    reopened = door.companion
    assert reopened.notes.journal.count()[0] == 2
    assert door.privacy.text() == "Privacy"
    paths = reopened.paths
    assert PHRASE.encode() not in paths.database.read_bytes()
    assert unlock(paths, codes[0]).key_id == door.key.key_id


def test_locking_closes_the_journal_and_the_unlock_screen_opens_it_again(
        qtbot, door) -> None:
    root = door._root
    from ketacompanion.paths import DataPaths

    paths = DataPaths(root)
    protect(paths, PASSPHRASE, CHEAP)
    first = _open(door, unlock(paths, PASSPHRASE))
    first.window.show_page("note")
    assert not door.lock()  # never while a note is open
    first.window.show_page("journal")
    seen = _unlock_through_screen(["not the passphrase", PASSPHRASE])
    assert door.lock()
    assert seen and "does not open this journal" in seen[0]
    assert door.companion is not None and door.companion is not first
    assert door.companion.notes.journal.count()[0] == 2


def test_closing_the_unlock_screen_after_a_lock_ends_the_app(qtbot, door) -> None:
    from ketacompanion.paths import DataPaths

    paths = DataPaths(door._root)
    protect(paths, PASSPHRASE, CHEAP)
    _open(door, unlock(paths, PASSPHRASE))
    quits: list[bool] = []
    QApplication.instance().aboutToQuit.connect(lambda: quits.append(True))
    _unlock_through_screen([])
    assert door.lock()
    assert door.companion is None


def test_idle_lock_is_off_by_default_and_never_during_a_session_or_a_note(
        qtbot, door) -> None:
    from ketacompanion.paths import DataPaths

    paths = DataPaths(door._root)
    protect(paths, PASSPHRASE, CHEAP)
    companion = _open(door, unlock(paths, PASSPHRASE))
    assert door.idle is not None
    settings = companion.settings
    assert settings.get("lock_after_idle_min") == 0
    clock = FakeTime()
    fired: list[bool] = []
    idle = IdleLock(lambda: int(settings.get("lock_after_idle_min")), door._busy, clock)
    idle.idle.connect(lambda: fired.append(True))
    clock.now += 10 * 3600
    assert not idle.check()  # off by default
    settings.set("lock_after_idle_min", 15)
    companion.window.show_page("note")
    clock.now += 3 * 3600
    assert not idle.check()  # a note is open: never
    companion.window.show_page("journal")
    clock.now += 14 * 60
    assert not idle.check()  # the quiet spell starts when the note closed
    idle.used()  # a key or a click starts the spell again
    clock.now += 14 * 60
    assert not idle.check()
    clock.now += 60
    assert idle.check() and fired == [True]
    assert not idle.check()  # once
    # During a session: never, however long (the infusion and its recovery).
    during = IdleLock(lambda: int(settings.get("lock_after_idle_min")), door._busy, clock)
    page = _start_silent_session(companion)
    try:
        for _hour in range(3):
            clock.now += 3600
            assert not during.check()
        assert not door.lock()
    finally:
        _end_session(page)


def test_the_export_dialog_says_the_export_leaves_the_vault_and_stays_private(
        qtbot, door, tmp_path: Path) -> None:
    companion = _open(door)
    journal = companion.window.page("journal")
    dialog = journal.open_export()
    assert dialog.vault_line.isHidden()  # a plain journal: nothing to leave
    dialog.reject()
    door.close()
    from ketacompanion.paths import DataPaths

    paths = DataPaths(door._root)
    protect(paths, PASSPHRASE, CHEAP)
    companion = _open(door, unlock(paths, PASSPHRASE))
    companion.window.show_page("journal")
    dialog = companion.window.page("journal").open_export()
    assert not dialog.vault_line.isHidden()
    assert "leaves the protection of your passphrase" in dialog.vault_line.text()
    assert "anyone who opens these files can read them" in dialog.vault_line.text()
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder = out
    document = dialog.run_export()  # the PDF, as the dialog offers first
    assert document is not None and document.suffix == ".pdf"
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_user_settings_hold_the_new_choices(tmp_path: Path) -> None:
    settings = user_settings(tmp_path / "settings.json")
    assert settings.get("lock_after_idle_min") == 0 and not settings.get("journal_lock_offered")
    with pytest.raises(ValueError):
        settings.set("lock_after_idle_min", 7)
