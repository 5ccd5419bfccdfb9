"""The journal's key chain: a passphrase (or the recovery code) unwraps one random data key.

passphrase -> Argon2id (salt, >= 64 MiB) -> key-encryption key (KEK) -> AES-256-GCM
unwraps the 256-bit data key. The recovery code wraps the same data key in a slot
of its own, so either opens the journal, and changing the passphrase rewraps the
data key only: the database and the files stay as they are.

The key file is small versioned JSON (every byte of it is public: salts, costs,
nonces and wrapped keys). Nothing here touches storage or imports Qt; argon2-cffi
and cryptography are imported on first use so that an unprotected journal never
loads them.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256

FORMAT = "ketacompanion-keys"
VERSION = 1
DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5  # 30 characters: 25 random (125 bits) + 5 check
_RECOVERY_RANDOM = RECOVERY_GROUPS * RECOVERY_GROUP_LEN - 5
_SLOTS = ("passphrase", "recovery")
# What a key file may claim before Argon2 is run on it: a damaged or hostile file
# must not ask for gigabytes of memory or hours of work.
_MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MAX_TIME_COST = 16  # also the most passes core.kdf_cost ever chooses
_MAX_PARALLELISM = 16


class KeychainError(Exception):
    """The key file cannot be used; the message is meant for the person."""


class WrongSecretError(KeychainError):
    """Neither the passphrase nor the recovery code given opens the journal."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost: memory in KiB, passes and lanes."""

    memory_kib: int = 128 * 1024
    time_cost: int = 6
    parallelism: int = 2


# The floor: new keys get more passes where this machine is fast enough (see
# core.kdf_cost, which fits the cost when a key is made); tests pass cheaper params.
DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class DataKey:
    """The random 256-bit key the whole journal is encrypted with.

    The database key and the file key are derived from it apart (HKDF), so that
    one key is never used by two ciphers.
    """

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != DATA_KEY_BYTES:
            raise ValueError("a data key is 32 bytes")

    def __repr__(self) -> str:  # never print key bytes into a log or a traceback
        return "DataKey(<hidden>)"

    @classmethod
    def generate(cls) -> DataKey:
        """A fresh random data key."""
        return cls(secrets.token_bytes(DATA_KEY_BYTES))

    @property
    def key_id(self) -> str:
        """A public name of this key (tells whose a backup is, reveals nothing of it)."""
        return hmac.new(self.raw, b"ketacompanion key id", sha256).hexdigest()[:16]

    def database_key(self) -> bytes:
        """The raw 256-bit key SQLCipher opens the database with."""
        return _derive(self.raw, b"ketacompanion database")

    def file_key(self) -> bytes:
        """The AES-256-GCM key of drafts, takes and backups."""
        return _derive(self.raw, b"ketacompanion files")


def new_key_file(passphrase: str, kdf: KdfParams = DEFAULT_KDF,
                 data_key: DataKey | None = None) -> tuple[bytes, DataKey, str]:
    """Make a key file for a new (or existing) data key.

    Returns:
        The key file's bytes, the data key and the recovery code (to show once).
    """
    _check_passphrase(passphrase)
    key = data_key or DataKey.generate()
    code = new_recovery_code()
    slots = {"passphrase": _wrap(key, passphrase, kdf, "passphrase"),
             "recovery": _wrap(key, normalise_recovery_code(code) or "", kdf, "recovery")}
    return _dump(slots, key), key, code


def unwrap(key_file: bytes, secret: str) -> DataKey:
    """Open the data key with the passphrase or the recovery code.

    Raises:
        WrongSecretError: The secret opens neither slot.
        KeychainError: The key file is damaged or of an unknown version.
    """
    slots = parse_key_file(key_file)
    code = normalise_recovery_code(secret)
    attempts = [("recovery", code)] if code is not None else []
    attempts.append(("passphrase", secret))
    for slot, value in attempts:
        key = _unwrap(slots[slot], value, slot)
        if key is not None:
            return key
    raise WrongSecretError("That passphrase (or recovery code) does not open this journal.")


def rewrap(key_file: bytes, secret: str, new_passphrase: str,
           kdf: KdfParams | Callable[[], KdfParams] | None = None) -> tuple[bytes, DataKey]:
    """A key file whose passphrase slot opens with ``new_passphrase``; the recovery slot stays.

    ``kdf`` is the new slot's cost, or a function choosing it (called only once the
    secret has opened the key, so a wrong one is refused without calibrating); None
    keeps the old slot's cost.

    Raises:
        WrongSecretError, KeychainError: As :func:`unwrap`.
    """
    _check_passphrase(new_passphrase)
    slots = parse_key_file(key_file)
    key = unwrap(key_file, secret)
    params = kdf() if callable(kdf) else kdf or _params_of(slots["passphrase"])
    slots["passphrase"] = _wrap(key, new_passphrase, params, "passphrase")
    return _dump(slots, key), key


def new_recovery_code() -> str:
    """A fresh recovery code: 125 random bits and a check, in six groups of five."""
    body = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(_RECOVERY_RANDOM))
    full = body + _check_chars(body)
    size = RECOVERY_GROUP_LEN
    return "-".join(full[i:i + size] for i in range(0, len(full), size))


def normalise_recovery_code(text: str) -> str | None:
    """The code in canonical form if ``text`` is a well-formed recovery code, else None.

    Spaces, dashes and case do not matter, and the letters people confuse
    (O for 0, I and L for 1) are read as the digits they look like.
    """
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\n")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != RECOVERY_GROUPS * RECOVERY_GROUP_LEN:
        return None
    if any(ch not in RECOVERY_ALPHABET for ch in cleaned):
        return None
    body, check = cleaned[:_RECOVERY_RANDOM], cleaned[_RECOVERY_RANDOM:]
    return cleaned if hmac.compare_digest(check, _check_chars(body)) else None


def parse_key_file(data: bytes) -> dict[str, dict[str, object]]:
    """The slots of a key file, checked for shape and bounds (no Argon2 is run).

    Raises:
        KeychainError: The file is damaged, foreign, or from a newer version.
    """
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise KeychainError("The journal's key file is damaged (it is not readable).") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise KeychainError("The journal's key file is not a ketacompanion key file.")
    version = doc.get("version")
    if version != VERSION:
        if isinstance(version, int) and version > VERSION:
            raise KeychainError("The journal's key file was made by a newer ketacompanion. "
                                "Please update ketacompanion.")
        raise KeychainError("The journal's key file is damaged (unknown version).")
    slots = doc.get("slots")
    if not isinstance(slots, dict) or any(name not in slots for name in _SLOTS):
        raise KeychainError("The journal's key file is damaged (a key is missing).")
    for name in _SLOTS:
        _check_slot(slots[name])
    return {name: slots[name] for name in _SLOTS}


def _check_slot(slot: object) -> None:
    bad = KeychainError("The journal's key file is damaged.")
    if not isinstance(slot, dict):
        raise bad
    try:
        params = _params_of(slot)
        salt, nonce, wrapped = (_b64(slot[f]) for f in ("salt", "nonce", "wrapped"))
    except (KeyError, TypeError, ValueError) as exc:
        raise bad from exc
    if slot.get("kdf") != "argon2id" or len(salt) < 8 or len(nonce) != NONCE_BYTES:
        raise bad
    if len(wrapped) != DATA_KEY_BYTES + 16:
        raise bad
    if not (8 <= params.memory_kib <= _MAX_MEMORY_KIB and 1 <= params.time_cost <= MAX_TIME_COST
            and 1 <= params.parallelism <= _MAX_PARALLELISM
            and params.memory_kib >= 8 * params.parallelism):
        raise bad


def _params_of(slot: dict[str, object]) -> KdfParams:
    values = [slot["memory_kib"], slot["time_cost"], slot["parallelism"]]
    if not all(type(v) is int for v in values):
        raise TypeError("costs are integers")
    return KdfParams(*values)  # type: ignore[arg-type]


def _wrap(key: DataKey, secret: str, kdf: KdfParams, slot: str) -> dict[str, object]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    kek = derive_kek(secret, salt, kdf)
    wrapped = AESGCM(kek).encrypt(nonce, key.raw, _aad(slot))
    return {"kdf": "argon2id", "memory_kib": kdf.memory_kib, "time_cost": kdf.time_cost,
            "parallelism": kdf.parallelism, "salt": _u64(salt), "nonce": _u64(nonce),
            "wrapped": _u64(wrapped)}


def _unwrap(slot: dict[str, object], secret: str, name: str) -> DataKey | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive_kek(secret, _b64(slot["salt"]), _params_of(slot))
    try:
        raw = AESGCM(kek).decrypt(_b64(slot["nonce"]), _b64(slot["wrapped"]), _aad(name))
    except InvalidTag:
        return None
    return DataKey(raw)


def derive_kek(secret: str, salt: bytes, kdf: KdfParams) -> bytes:
    """Argon2id of ``secret`` (UTF-8, NFC-normalised) with ``salt``: a 256-bit KEK."""
    import unicodedata

    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(unicodedata.normalize("NFC", secret).encode("utf-8"), salt,
                           time_cost=kdf.time_cost, memory_cost=kdf.memory_kib,
                           parallelism=kdf.parallelism, hash_len=32, type=Type.ID)


def _dump(slots: dict[str, dict[str, object]], key: DataKey) -> bytes:
    doc = {"format": FORMAT, "version": VERSION, "key_id": key.key_id, "slots": slots}
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _aad(slot: str) -> bytes:
    return f"{FORMAT}/{VERSION}/{slot}".encode()


def _check_passphrase(passphrase: str) -> None:
    if not passphrase or not passphrase.strip():
        raise KeychainError("The passphrase cannot be empty.")


def _check_chars(body: str) -> str:
    digest = sha256(body.encode("ascii")).digest()
    return "".join(RECOVERY_ALPHABET[b % len(RECOVERY_ALPHABET)] for b in digest[:5])


def _derive(raw: bytes, info: bytes) -> bytes:
    # HKDF-SHA256 with one output block: HMAC(PRK, info || 0x01), PRK = HMAC(zeros, raw).
    prk = hmac.new(b"\x00" * 32, raw, sha256).digest()
    return hmac.new(prk, info + b"\x01", sha256).digest()


def _u64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64(value: object) -> bytes:
    if not isinstance(value, str):
        raise TypeError("base64 text expected")
    return base64.b64decode(value.encode("ascii"), validate=True)
