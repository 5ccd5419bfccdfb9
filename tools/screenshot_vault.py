"""Screenshots of the journal's lock (issue 14), whole screen, in both themes (look at them).

    xvfb-run -a -s "-screen 0 1024x600x24" python tools/screenshot_vault.py --out-dir /tmp/shots
    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/screenshot_vault.py --out-dir /tmp/shots

The screen's size names the files. Shown as the person sees them, over the app:
the Protect entry in the sidebar, the first-run offer, the protect dialog, the
recovery code page, the change of passphrase, the Privacy dialog, the unlock screen and its
wrong-passphrase state. Argon2 is cheap
here (explicit parameters) and the keyring is keyring's "fail" backend.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from keyring.backends import fail  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screens import settle, window_manager  # noqa: E402

from ketacompanion.core.keychain import KdfParams  # noqa: E402
from ketacompanion.core.records import SessionState  # noqa: E402
from ketacompanion.core.session_flow import SessionPlan  # noqa: E402
from ketacompanion.gui import open_companion  # noqa: E402
from ketacompanion.journal_door import JournalDoor  # noqa: E402
from ketacompanion.paths import DataPaths, assets_dir  # noqa: E402
from ketacompanion.services.vault import VaultService  # noqa: E402
from ketacompanion.settings import user_settings  # noqa: E402
from ketacompanion.storage.database import Database  # noqa: E402
from ketacompanion.storage.journal import JournalRepository  # noqa: E402
from ketacompanion.storage.sessions import SessionRepository  # noqa: E402
from ketacompanion.ui.change_passphrase import ChangePassphraseDialog  # noqa: E402
from ketacompanion.ui.journal_lock_dialog import JournalLockDialog  # noqa: E402
from ketacompanion.ui.protect_dialog import ProtectDialog  # noqa: E402
from ketacompanion.ui.theme import apply_theme  # noqa: E402
from ketacompanion.ui.unlock_screen import UnlockScreen  # noqa: E402

CHEAP = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)


def _journal(root: Path, theme: str) -> DataPaths:
    paths = DataPaths(root).ensure()
    user_settings(paths.settings).set("theme", theme)
    db = Database.open(paths.database)
    repo = SessionRepository(db)
    journal = JournalRepository(db, paths.recordings, paths.drafts)
    for n in range(3):
        sid = repo.create(SessionPlan(), datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=n),
                          None, None, intention="to rest")
        repo.set_state(sid, SessionState.COMPLETED,
                       datetime(2026, 3, 2, 10, tzinfo=UTC) + timedelta(days=n))
        journal.save_note(sid, "A green valley, slow piano.")
    db.close()
    return paths


def _shoot(app: QApplication, out: Path) -> None:
    settle(500)
    app.primaryScreen().grabWindow(0).save(str(out))
    print(out)


def _place(widget: QWidget, app: QApplication, full: bool = False) -> None:
    area = app.primaryScreen().availableGeometry()
    size = area.size() if full else widget.sizeHint().boundedTo(area.size())
    widget.resize(size)
    widget.move(area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2)
    widget.show()
    widget.raise_()
    widget.activateWindow()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/ketacompanion-shots"))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with window_manager():
        app = QApplication(sys.argv[:1])
        screen = app.primaryScreen().size()
        tag = f"{screen.width()}x{screen.height()}"
        for theme in ("dark", "dawn"):
            with tempfile.TemporaryDirectory() as tmp:
                shots(app, Path(tmp), theme, tag, args.out_dir)
    return 0


def shots(app: QApplication, tmp: Path, theme: str, tag: str, out: Path) -> None:
    """Every screen of the lock in ``theme``."""
    apply_theme(app, assets_dir() / "themes", theme)
    plain = _journal(tmp / "plain", theme)
    door = JournalDoor(app, plain.root, open_companion, keyring_backend=fail.Keyring(),
                       kdf=CHEAP, offer_after_ms=None)  # the offer is shown by hand below
    companion = door.open()
    assert companion is not None
    window = companion.window
    window.showMaximized()
    _shoot(app, out / f"vault-sidebar-{theme}-{tag}.png")

    # The first-run offer, the protect dialog and the code page, over the window (the
    # work is done on a second journal, so the window stays behind as the person sees it).
    other = _journal(tmp / "other", theme)
    vault = VaultService(other, user_settings(other.settings), fail.Keyring(), CHEAP)
    offer = ProtectDialog(vault.protect, parent=window, first_run=True)
    _place(offer, app)
    _shoot(app, out / f"vault-offer-{theme}-{tag}.png")
    offer.reject()
    dialog = ProtectDialog(vault.protect, parent=window)
    _place(dialog, app)
    dialog.first.setText("a quiet harbour at dawn")
    dialog.second.setText("a quiet harbour at dawn")
    _shoot(app, out / f"vault-protect-{theme}-{tag}.png")
    dialog.start()
    dialog.wait()
    _shoot(app, out / f"vault-recovery-code-{theme}-{tag}.png")
    dialog.recovery.kept.setChecked(True)
    dialog.accept()

    change = ChangePassphraseDialog(vault.change_passphrase, window)
    _place(change, app)
    change.old.setText("a quiet harbour at dawn")
    change.first.setText("the lighthouse keeps")
    _shoot(app, out / f"vault-change-{theme}-{tag}.png")
    change.reject()
    privacy = JournalLockDialog(vault, vault.unlock("a quiet harbour at dawn"),
                                user_settings(other.settings), window)
    _place(privacy, app)
    _shoot(app, out / f"vault-privacy-{theme}-{tag}.png")
    privacy.reject()
    door.close()

    unlock = UnlockScreen(vault)
    _place(unlock, app, full=True)
    _shoot(app, out / f"vault-unlock-{theme}-{tag}.png")
    unlock.field.setText("a quiet harbor at dawn")
    unlock.unlock()
    unlock.wait()
    _shoot(app, out / f"vault-wrong-{theme}-{tag}.png")
    unlock.reject()
    unlock.deleteLater()


if __name__ == "__main__":
    sys.exit(main())
