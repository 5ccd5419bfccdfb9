"""The journal's door: open it (unlocking if protected), protect it, lock it, open it again.

The running app (app.Companion) is built around an open database. Protecting
the journal or locking it after a quiet spell closes the whole companion, as
quitting would (the note committed, the database closed), does the work, and
builds it again with the key. Nothing here runs during a session or while a
note is open. Like app.py, this module wires; the screens live in ui/.

Only what an unprotected journal needs is imported at start-up: the lock's
screens and libraries load once the journal is protected or protection is asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QPushButton

from ketacompanion.app import Companion, Unlocker
from ketacompanion.paths import DataPaths

if TYPE_CHECKING:
    from ketacompanion.core.keychain import DataKey, KdfParams
    from ketacompanion.services.vault import VaultService
    from ketacompanion.ui.idle_lock import IdleLock

log = logging.getLogger(__name__)

OFFER_AFTER_MS = 1200  # the first-run offer comes once the window is painted and settled
IDLE_REASON = "Locked after a quiet spell. Type your passphrase to open it again."
LOCKED_REASON = "Locked. Type your passphrase to open it again."
#: open_companion(app, data_root, rehearse, unlock) -> Companion | None (gui.open_companion)
Opener = Callable[[QApplication, Path, bool, "Unlocker | None"], "Companion | None"]


class JournalDoor:
    """Holds the running companion and rebuilds it around the journal's lock.

    Args:
        app: The application.
        data_root: The data folder.
        opener: Builds the companion or says why not (gui.open_companion).
        rehearse: Open the Session page for a rehearsal.
        keyring_backend: The keyring for "remember on this laptop" (None: the OS's).
        kdf: Argon2's cost for new passphrases (None: calibrated on this machine each time
            a key is made; tests pass a cheap one).
        offer_after_ms: When the first-run offer comes after the window opens; None leaves
            it to :meth:`offer` (tests call it at a moment they choose).
    """

    def __init__(self, app: QApplication, data_root: Path, opener: Opener,
                 rehearse: bool = False, keyring_backend: Any = None,
                 kdf: KdfParams | None = None,
                 offer_after_ms: int | None = OFFER_AFTER_MS) -> None:
        self._app, self._root, self._opener, self._rehearse = app, data_root, opener, rehearse
        self._keyring, self._kdf = keyring_backend, kdf
        self._offer_after_ms = offer_after_ms
        self.companion: Companion | None = None
        self.key: DataKey | None = None
        self.offer_due = False  # the first-run offer waits for the window to settle
        self.idle: IdleLock | None = None
        self.privacy: QPushButton | None = None
        self._said: str | None = None  # a quiet line for the window once open

    # -- opening and closing -------------------------------------------------------------

    def open(self, unlock: Unlocker | None = None) -> Companion | None:
        """Open the journal (the unlock screen first if it is protected); None if not opened.

        ``unlock`` replaces the unlock screen (tests, a key already known). The
        window is left for the caller to show.
        """
        return self._open(unlock or self._ask, show=False)

    def bring_forward(self) -> None:
        """A second start asked for this window."""
        if self.companion is not None:
            self.companion.bring_forward()

    def close(self) -> None:
        """Close the companion for good (the app is quitting)."""
        companion, self.companion = self.companion, None
        if companion is not None:
            self._stop_idle()
            companion.close()

    def vault(self, companion: Companion | None = None) -> VaultService:
        """The lock's service, with the settings of ``companion`` (or read afresh)."""
        from ketacompanion.services.vault import VaultService
        from ketacompanion.settings import user_settings

        paths = DataPaths(self._root)
        settings = companion.settings if companion is not None else user_settings(paths.settings)
        return VaultService(paths, settings, self._keyring, self._kdf)

    def protected(self) -> bool:
        """Whether the journal is open with a key."""
        return self.key is not None

    # -- the person's actions --------------------------------------------------------------

    def privacy_clicked(self) -> None:
        """The sidebar's Privacy entry: protect a plain journal, or the lock's settings."""
        if self._busy():
            return  # never during a session (calm mode covers the window anyway) or a note
        if self.protected():
            self.show_lock_settings()
        else:
            self.protect()

    def offer(self) -> bool:
        """The first-run offer, if still due and the moment is right; True if it was shown.

        Never during a session, on the note page, in a rehearsal, or once answered.
        """
        if not self.offer_due or self.companion is None or self._busy():
            return False
        if not self._should_offer(self.companion):
            return False
        self.protect(first_run=True)
        return True

    def protect(self, first_run: bool = False) -> bool:
        """Offer protection; True if the journal is now protected (and open again)."""
        from ketacompanion.ui.protect_dialog import ProtectDialog

        if self.companion is None or self._busy():
            return False
        self.offer_due = False
        self._answered()
        vault = self.vault(self.companion)
        got: dict[str, DataKey] = {}

        def job(passphrase: str) -> str:
            # The key comes back with the code: reopening needs no second Argon2 wait.
            code, got["key"] = vault.protect_and_unlock(passphrase)
            return code

        # No parent: the dialog outlives the window it closes.
        dialog = ProtectDialog(job, before=self._close_for_work, first_run=first_run)
        dialog.resize(dialog.sizeHint())
        dialog.exec()
        dialog.deleteLater()
        if self.companion is not None:
            return False  # "Not now" before anything was closed
        key = got.get("key")
        self._open(lambda: key)
        return key is not None

    def show_lock_settings(self) -> None:
        """The protected journal's settings: change, remember, lock after idle, lock now."""
        from ketacompanion.ui.journal_lock_dialog import JournalLockDialog

        assert self.companion is not None and self.key is not None
        dialog = JournalLockDialog(self.vault(self.companion), self.key,
                                   self.companion.settings, self.companion.window)
        dialog.change_requested.connect(lambda: self.change_passphrase(dialog))
        def lock_now() -> None:
            dialog.accept()
            self._later(self.lock)  # once the dialog's own loop has ended

        dialog.lock_requested.connect(lock_now)
        dialog.exec()
        dialog.deleteLater()

    def change_passphrase(self, parent: Any = None) -> bool:
        """The change-passphrase dialog; True if the passphrase was changed."""
        from ketacompanion.ui.change_passphrase import CHANGED, ChangePassphraseDialog

        assert self.companion is not None
        vault = self.vault(self.companion)
        dialog = ChangePassphraseDialog(vault.change_passphrase,
                                        parent or self.companion.window)
        dialog.exec()
        changed = dialog.changed
        dialog.deleteLater()
        if changed:
            self.companion.window.notice.show_message(CHANGED)
        return changed

    def lock(self, reason: str = LOCKED_REASON) -> bool:
        """Close the journal and show the unlock screen; False if it cannot lock now."""
        if self.companion is None or not self.protected() or self._busy():
            return False
        log.info("journal locked")
        self._close_for_work()
        self._open(lambda: self._ask(use_remembered=False, reason=reason))
        if self.companion is None:
            self._app.quit()  # the person closed the unlock screen: the app ends
        return True

    # -- private -----------------------------------------------------------------------

    def _ask(self, use_remembered: bool = True, reason: str = "") -> DataKey | None:
        from ketacompanion.ui.unlock_screen import ask_for_key

        key, self._said = ask_for_key(self.vault(), use_remembered, reason)
        return key

    def _open(self, unlock: Unlocker, show: bool = True) -> Companion | None:
        keys: list[DataKey | None] = []

        def remembering() -> DataKey | None:
            key = unlock()
            keys.append(key)
            return key

        companion = self._opener(self._app, self._root, self._rehearse, remembering)
        self._app.setQuitOnLastWindowClosed(True)
        self.companion = companion
        if companion is None:
            return None
        self.key = keys[-1] if keys else None
        self._wire(companion)
        if self._said:
            companion.window.notice.show_message(self._said)
            self._said = None
        if show:
            companion.window.show()
        return companion

    def _close_for_work(self) -> None:
        """Close the companion while the app goes on (protecting, locking)."""
        self._app.setQuitOnLastWindowClosed(False)
        companion, self.companion = self.companion, None
        self.offer_due = False
        self.privacy = None
        if companion is not None:
            self._stop_idle()
            companion.close()
            if companion.previewer is not None:
                companion.previewer.shutdown()

    def _wire(self, companion: Companion) -> None:
        window = companion.window
        label = "Privacy" if self.protected() else "Protect journal…"
        self.privacy = window.add_sidebar_button(label, "privacyButton",
                                                 "Privacy: protect the journal with a passphrase")
        # Later, not inside the click: protecting closes the window this button is in.
        self.privacy.clicked.connect(lambda: self._later(self.privacy_clicked))
        window.page_shown.connect(self._page_shown)
        self._page_shown(window.current_page())
        if self.protected():
            from ketacompanion.ui.idle_lock import IdleLock

            settings = companion.settings
            self.idle = IdleLock(lambda: int(settings.get("lock_after_idle_min")),
                                 self._busy, parent=window)
            # Later, not inside the timer's signal: locking deletes the timer with the window.
            self.idle.idle.connect(lambda: self._later(lambda: self.lock(IDLE_REASON)))
            self.idle.start(self._app)
        elif self._may_offer(companion):
            # Whether a session was interrupted is asked when the offer comes (offer()),
            # after the first frame: the sessions' module need not load before it.
            self.offer_due = True
            if self._offer_after_ms is not None:
                self._later(self.offer, self._offer_after_ms)

    def _may_offer(self, companion: Companion) -> bool:
        """At first run only; never for a rehearsal, or on the Session or note page."""
        if self._rehearse or companion.settings.get("journal_lock_offered"):
            return False
        return companion.window.current_page() not in ("session", "note")

    def _should_offer(self, companion: Companion) -> bool:
        """As :meth:`_may_offer`, and not while an interrupted session waits to be resumed."""
        if not self._may_offer(companion):
            return False
        from ketacompanion.storage.sessions import SessionRepository

        return SessionRepository(companion.database).find_interrupted() is None

    def _answered(self) -> None:
        if self.companion is not None:
            self.companion.settings.set("journal_lock_offered", True)

    def _page_shown(self, key: str) -> None:
        """Once a session or a note is on the way, the first-run offer waits for another day."""
        if key in ("note", "session"):
            self.offer_due = False
        if self.privacy is not None:
            self.privacy.setEnabled(key != "note")

    def _busy(self) -> bool:
        """True during a session or while a note is open (or being recorded)."""
        companion = self.companion
        if companion is None:
            return False
        window = companion.window
        session = window.built_page("session")
        if session is not None:
            if getattr(session, "calm", None) is not None:
                return True
            service = getattr(session, "service", None)
            if service is not None and service.is_active:
                return True
        return window.current_page() == "note"

    def _stop_idle(self) -> None:
        if self.idle is not None:
            self.idle.stop(self._app)
            self.idle = None

    def _later(self, action: Callable[[], object], ms: int = 0) -> None:
        """Run ``action`` once the current click or dialog has finished (or ``ms`` later)."""
        from PySide6.QtCore import QTimer

        QTimer.singleShot(ms, action)
