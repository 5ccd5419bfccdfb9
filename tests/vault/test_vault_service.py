"""VaultService: unlocking, and "remember on this laptop" through a keyring given to it."""

from __future__ import annotations

from pathlib import Path

import keyring.backend
import pytest
from keyring.backends import fail, null
from vault_rig import CHEAP, make_journal

from ketacompanion.services.vault import VaultService
from ketacompanion.settings import user_settings
from ketacompanion.storage.vault import VaultStatus, WrongSecretError


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps passwords in a dict (never the real user keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def service(tmp_path: Path, backend: object) -> tuple[VaultService, object]:
    paths = make_journal(tmp_path / "data", sessions=1)
    settings = user_settings(paths.settings)
    return VaultService(paths, settings, keyring_backend=backend, kdf=CHEAP), settings


def test_remembering_is_off_by_default_and_never_touches_the_keyring(tmp_path: Path) -> None:
    class Untouchable(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise AssertionError("keyring read while remembering is off")

    vault, _settings = service(tmp_path, Untouchable())
    assert vault.status() is VaultStatus.PLAIN
    vault.protect("harbour lights")
    assert vault.is_protected() and not vault.remembers()
    assert vault.remembered_key() is None


def test_a_remembered_key_opens_without_asking(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    vault, settings = service(tmp_path, backend)
    vault.protect("harbour lights")
    key = vault.unlock("harbour lights")
    assert vault.set_remember(True, key)
    assert settings.get("remember_journal_key") is True
    assert vault.remembered_key() == key
    vault.change_passphrase("harbour lights", "new lights")  # the data key is unchanged
    assert vault.remembered_key() == key
    assert vault.set_remember(False)
    assert backend.store == {} and vault.remembered_key() is None


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_a_missing_keyring_falls_back_to_asking(tmp_path: Path, backend: object) -> None:
    vault, settings = service(tmp_path, backend)
    vault.protect("harbour lights")
    key = vault.unlock("harbour lights")
    assert vault.set_remember(True, key) is (backend.__class__ is null.Keyring)
    settings.set("remember_journal_key", True)  # on, but the keyring has nothing to give
    assert vault.remembered_key() is None
    assert vault.unlock("harbour lights") == key


def test_a_changed_keyring_falls_back_to_asking(tmp_path: Path) -> None:
    from ketacompanion.core.keychain import DataKey

    backend = MemoryKeyring()
    vault, _settings = service(tmp_path, backend)
    vault.protect("harbour lights")
    vault.set_remember(True, vault.unlock("harbour lights"))
    for value in ("not base64!", "AAAA", __import__("base64").b64encode(
            DataKey.generate().raw).decode()):
        backend.store = {k: value for k in backend.store}
        assert vault.remembered_key() is None


def test_a_wrong_passphrase_says_so(tmp_path: Path) -> None:
    vault, _settings = service(tmp_path, MemoryKeyring())
    vault.protect("harbour lights")
    with pytest.raises(WrongSecretError, match="does not open this journal"):
        vault.unlock("harbour light")
