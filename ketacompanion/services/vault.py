"""The journal's lock, as the app and the command line use it (no Qt here).

:class:`VaultService` wraps storage.vault (status, unlock, protect, change the
passphrase) and adds "remember on this laptop": the data key kept in the OS
keyring, off by default. The keyring is a convenience, never the only way in:
a keyring that is missing, locked, refuses, or holds a key that no longer fits
this journal (a changed desktop, a restored backup) gives None, and the person
is asked for the passphrase as usual (Signal Desktop locked people out here).
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any, Protocol

from ketacompanion.core.kdf_cost import Calibrate
from ketacompanion.core.keychain import DataKey, KdfParams
from ketacompanion.storage.vault import (
    VaultPaths,
    VaultStatus,
    change_passphrase,
    protect,
    protect_with_key,
    unlock,
    vault_status,
)

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ketacompanion"
REMEMBER_SETTING = "remember_journal_key"


class SettingsLike(Protocol):
    """What the service needs of settings.SettingsFile."""

    def get(self, key: str) -> Any: ...  # noqa: D102
    def set(self, key: str, value: Any) -> None: ...  # noqa: D102


class VaultService:
    """Status, unlocking, protection and "remember on this laptop" for one data folder.

    Args:
        paths: The data folder (ketacompanion.paths.DataPaths).
        settings: Where the "remember" choice is kept (``remember_journal_key``);
            None keeps it off.
        keyring_backend: A keyring backend (``keyring.backend.KeyringBackend``);
            None uses the OS keyring, loaded only when remembering is on. Tests
            pass ``keyring.backends.fail.Keyring()`` or an in-memory one.
        kdf: Argon2id's cost for new key slots: None calibrates it on this machine each
            time a key is made (core.kdf_cost); tests pass cheap params, or a
            ``Calibrate`` with a fake measure.
    """

    def __init__(self, paths: VaultPaths, settings: SettingsLike | None = None,
                 keyring_backend: Any = None,
                 kdf: KdfParams | Calibrate | None = None) -> None:
        self._paths = paths
        self._settings = settings
        self._keyring = keyring_backend
        self._kdf = kdf

    # ----------------------------------------------------------------- state
    def status(self) -> VaultStatus:
        """PLAIN or LOCKED (a conversion a kill left half done is settled first)."""
        return vault_status(self._paths)

    def is_protected(self) -> bool:
        """True if the journal needs a key to open."""
        return self.status() is VaultStatus.LOCKED

    # ---------------------------------------------------------------- unlock
    def unlock(self, secret: str) -> DataKey:
        """The data key from the passphrase or the recovery code (about half a second).

        Raises:
            WrongSecretError: The secret opens nothing; its message is for the person.
            KeychainError: The key file is missing, damaged or from a newer version.
        """
        return unlock(self._paths, secret)

    def remembered_key(self) -> DataKey | None:
        """The key kept in the OS keyring, if remembering is on and it still fits; else None.

        Never raises: any keyring trouble means "ask the person".
        """
        if not self.remembers():
            return None
        try:
            stored = self._backend().get_password(KEYRING_SERVICE, self._account())
        except Exception as exc:
            log.warning("keyring not available (%s); asking for the passphrase",
                        exc.__class__.__name__)
            return None
        if not stored:
            return None
        try:
            key = DataKey(base64.b64decode(stored, validate=True))
        except ValueError:
            log.warning("keyring holds no usable key; asking for the passphrase")
            return None
        if key.key_id != self._key_id():
            log.warning("keyring key does not fit this journal; asking for the passphrase")
            return None
        return key

    # -------------------------------------------------------------- remember
    def remembers(self) -> bool:
        """True if "remember on this laptop" is on."""
        return bool(self._settings is not None and self._settings.get(REMEMBER_SETTING))

    def set_remember(self, enabled: bool, key: DataKey | None = None) -> bool:
        """Turn "remember on this laptop" on (with the unlocked ``key``) or off.

        Returns:
            True if the keyring now holds the key (on) or no longer does (off);
            False if the keyring refused, in which case remembering stays off.
        """
        if not enabled:
            if self._settings is not None:
                self._settings.set(REMEMBER_SETTING, False)
            try:
                self._backend().delete_password(KEYRING_SERVICE, self._account())
            except Exception as exc:
                log.info("keyring entry not removed (%s)", exc.__class__.__name__)
            return True
        if key is None or self._settings is None:
            return False
        try:
            self._backend().set_password(KEYRING_SERVICE, self._account(),
                                         base64.b64encode(key.raw).decode("ascii"))
        except Exception as exc:
            log.warning("keyring refused the key (%s); remembering stays off",
                        exc.__class__.__name__)
            self._settings.set(REMEMBER_SETTING, False)
            return False
        self._settings.set(REMEMBER_SETTING, True)
        return True

    # --------------------------------------------------------------- protect
    def protect(self, passphrase: str) -> str:
        """Encrypt the (closed) journal under ``passphrase``; returns the recovery code.

        The database must not be open: the caller closes it first and reopens it
        with :meth:`unlock`'s key. See storage.vault.protect.

        Raises:
            VaultError: Already protected, or the app holds the journal.
            KeychainError: The passphrase is empty.
            OSError, sqlite3.Error: The disk refused; the old journal is left whole.
        """
        return protect(self._paths, passphrase, self._kdf)

    def protect_and_unlock(self, passphrase: str) -> tuple[str, DataKey]:
        """As :meth:`protect`, and the data key to reopen the journal with at once.

        For protecting from inside the app: close the journal (Companion.close),
        call this, then build the app again with ``unlock=lambda: key``.
        """
        return protect_with_key(self._paths, passphrase, self._kdf)

    def change_passphrase(self, secret: str, new_passphrase: str) -> None:
        """Rewrap the data key under ``new_passphrase`` (``secret``: old passphrase or code).

        A remembered key stays valid: the data key itself does not change.

        Raises:
            WrongSecretError, KeychainError: As :meth:`unlock`, or an empty new passphrase.
        """
        change_passphrase(self._paths, secret, new_passphrase, self._kdf)

    # --------------------------------------------------------------- private
    def _backend(self) -> Any:
        if self._keyring is None:
            import keyring  # loaded only once remembering is wanted

            self._keyring = keyring.get_keyring()
        return self._keyring

    def _account(self) -> str:
        return f"journal:{self._paths.root.resolve()}"

    def _key_id(self) -> str | None:
        try:
            return json.loads(self._paths.keys.read_text(encoding="utf-8")).get("key_id")
        except (OSError, ValueError, AttributeError):
            return None
