"""The unlock screen, the recovery code page and changing the passphrase (issue 14)."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from vault_screens_rig import CHEAP, PASSPHRASE, make_journal, vault_of

from ketacompanion.storage.vault import protect, unlock
from ketacompanion.ui.change_passphrase import ChangePassphraseDialog
from ketacompanion.ui.journal_lock_dialog import JournalLockDialog
from ketacompanion.ui.protect_dialog import ProtectDialog
from ketacompanion.ui.recovery_code import RecoveryCodePage
from ketacompanion.ui.unlock_screen import NO_KEYRING, UnlockScreen


@pytest.fixture
def locked(tmp_path: Path):
    """A protected journal and its recovery code."""
    paths = make_journal(tmp_path / "data")
    code = protect(paths, PASSPHRASE, CHEAP)
    return paths, code


def _try(qtbot, screen: UnlockScreen, secret: str) -> None:
    screen.field.setText(secret)
    assert screen.unlock()
    assert not screen.open_button.isEnabled()  # busy while Argon2 runs off the UI thread
    qtbot.waitUntil(lambda: screen.open_button.isEnabled() or screen.key is not None)


def test_a_wrong_passphrase_gets_a_clear_message_and_the_field_stays_ready(
        qtbot, locked) -> None:
    paths, _code = locked
    screen = UnlockScreen(vault_of(paths))
    qtbot.addWidget(screen)
    _try(qtbot, screen, "quiet river at dawn")
    assert screen.key is None
    assert "does not open this journal" in screen.message.text()
    assert "recovery code" in screen.message.text()
    assert screen.field.isEnabled() and screen.field.selectedText() == "quiet river at dawn"
    # No lock-out: the right one still opens it straight after.
    _try(qtbot, screen, PASSPHRASE)
    assert screen.key is not None and screen.key.key_id == unlock(paths, PASSPHRASE).key_id


def test_typing_the_passphrase_and_pressing_enter_opens_the_journal(qtbot, locked) -> None:
    # As a person does it: the field has the focus, they type and press Enter. Enter
    # used to press the dialog's first button, Close, and the app quit still locked.
    paths, _code = locked
    screen = UnlockScreen(vault_of(paths))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.field.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), PASSPHRASE)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.key is not None or not screen.isVisible())
    assert screen.key is not None and screen.result() == UnlockScreen.DialogCode.Accepted


def test_close_while_unlocking_leaves_the_journal_locked(qtbot, locked) -> None:
    screen = UnlockScreen(vault_of(locked[0]))
    qtbot.addWidget(screen)
    screen.field.setText(PASSPHRASE)
    assert screen.unlock()
    screen.reject()  # "Close" pressed while Argon2 runs
    QApplication.processEvents()  # the finished unlock's answer arrives, and is dropped
    assert screen.key is None and screen.result() == UnlockScreen.DialogCode.Rejected


def test_an_empty_field_asks_for_the_passphrase_without_running_argon2(qtbot, locked) -> None:
    screen = UnlockScreen(vault_of(locked[0]))
    qtbot.addWidget(screen)
    assert not screen.unlock()
    assert "Type your passphrase" in screen.message.text()


def test_the_recovery_code_opens_the_journal_in_the_same_field(qtbot, locked) -> None:
    paths, code = locked
    screen = UnlockScreen(vault_of(paths))
    qtbot.addWidget(screen)
    _try(qtbot, screen, code.lower().replace("-", " "))  # as a person might type it
    assert screen.key is not None
    assert screen.key.key_id == unlock(paths, PASSPHRASE).key_id
    assert screen.result() == UnlockScreen.DialogCode.Accepted


def test_remember_with_no_keyring_says_so_quietly_and_stays_off(qtbot, locked) -> None:
    paths, _code = locked
    vault = vault_of(paths)  # keyring's "fail" backend: no keyring on this laptop
    screen = UnlockScreen(vault)
    qtbot.addWidget(screen)
    assert not screen.remember.isChecked()  # off by default
    screen.remember.setChecked(True)
    _try(qtbot, screen, PASSPHRASE)
    assert screen.key is not None  # the journal opens all the same
    assert screen.remember_problem == NO_KEYRING
    assert not vault.remembers() and vault.remembered_key() is None
    # The same from the lock's settings: the box unticks itself and says why.
    dialog = JournalLockDialog(vault, screen.key, vault._settings)
    qtbot.addWidget(dialog)
    dialog.remember.setChecked(True)
    assert not dialog.remember.isChecked() and "no keyring" in dialog.message.text()
    assert not vault.remembers()


def test_the_recovery_code_file_is_private_and_holds_the_code(qtbot, tmp_path: Path) -> None:
    page = RecoveryCodePage()
    qtbot.addWidget(page)
    page.show_code("ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567")
    target = tmp_path / "code.txt"
    assert page.save_to(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567" in target.read_text()
    assert "cannot be opened" in target.read_text()
    assert not page.save_to(tmp_path / "missing" / "code.txt")  # a clear line, no traceback
    assert "could not be written" in page.message.text()


@pytest.mark.needs("pdftotext")
def test_the_recovery_code_prints(qtbot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    page = RecoveryCodePage()
    qtbot.addWidget(page)
    page.show_code("ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "code.pdf"))
    page.print_on(printer)
    text = subprocess.run(["pdftotext", str(tmp_path / "code.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567" in text


def test_protecting_shows_the_code_once_and_ends_only_once_it_was_kept(
        qtbot, tmp_path: Path) -> None:
    paths = make_journal(tmp_path / "data")
    vault = vault_of(paths)
    dialog = ProtectDialog(vault.protect)
    qtbot.addWidget(dialog)
    dialog.first.setText("short")
    dialog.second.setText("short")
    assert not dialog.start() and "at least 8" in dialog.message.text()
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "!")
    assert not dialog.start() and "not the same" in dialog.message.text()
    dialog.second.setText(PASSPHRASE)
    assert dialog.start()
    assert "Protecting your journal" in dialog.busy.text()
    qtbot.waitUntil(dialog.on_code_page)
    assert dialog.code and dialog.recovery.code == dialog.code
    assert unlock(paths, dialog.code).key_id == unlock(paths, PASSPHRASE).key_id
    dialog.show()
    dialog.reject()  # Escape before keeping the code: it stays
    assert dialog.isVisible() and "keep the code first" in dialog.recovery.message.text()
    assert not dialog.recovery.done.isEnabled()
    dialog.recovery.kept.setChecked(True)
    dialog.recovery.done.click()
    assert dialog.result() == ProtectDialog.DialogCode.Accepted


def test_changing_the_passphrase_with_the_old_one_or_the_code(qtbot, locked) -> None:
    paths, code = locked
    vault = vault_of(paths)
    dialog = ChangePassphraseDialog(vault.change_passphrase)
    qtbot.addWidget(dialog)
    dialog.old.setText("not it at all")
    dialog.first.setText("a new harbour light")
    dialog.second.setText("a new harbour light")
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.change_button.isEnabled())
    assert "does not open this journal" in dialog.message.text() and not dialog.changed
    assert "Nothing was changed" in dialog.message.text()
    unlock(paths, PASSPHRASE)  # still the old one
    dialog.old.setText(code)
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.changed)
    assert unlock(paths, "a new harbour light").key_id == unlock(paths, code).key_id
    with pytest.raises(Exception, match="does not open"):
        unlock(paths, PASSPHRASE)
    QApplication.processEvents()


def test_enter_moves_through_the_change_fields_then_changes_as_protecting_does(
        qtbot, locked) -> None:
    # The three passphrase screens answer Enter alike: it moves to the next field
    # and starts from the last; Enter in the first two fields used to do nothing here.
    paths, _code = locked
    dialog = ChangePassphraseDialog(vault_of(paths).change_passphrase)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.old.setFocus()
    qtbot.waitUntil(dialog.old.hasFocus)
    for field, text in ((dialog.old, PASSPHRASE), (dialog.first, "a new harbour light"),
                        (dialog.second, "a new harbour light")):
        assert QApplication.focusWidget() is field
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.changed)
    assert unlock(paths, "a new harbour light").key_id


@pytest.mark.parametrize("make", ["protect", "change"])
def test_a_new_passphrase_refused_says_why_and_focuses_the_field_to_fix(
        qtbot, locked, make) -> None:
    # Both screens that take a new passphrase twice refuse it alike (vault_widgets).
    vault = vault_of(locked[0])
    dialog = (ProtectDialog(vault.protect) if make == "protect"
              else ChangePassphraseDialog(vault.change_passphrase))
    qtbot.addWidget(dialog)
    if make == "change":
        dialog.old.setText(PASSPHRASE)
    for first, second, says, field in (("", "", "Type a passphrase first", dialog.first),
                                       ("short", "short", "at least 8", dialog.first),
                                       (PASSPHRASE, PASSPHRASE + "!", "not the same",
                                        dialog.second)):
        dialog.first.setText(first)
        dialog.second.setText(second)
        assert not dialog.start()
        assert says in dialog.message.text() and dialog.focusWidget() is field
