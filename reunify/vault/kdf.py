"""Passphrase → raw SQLCipher key, derived once per unlock, zeroed on lock.

The passphrase never reaches SQL text: we derive a 256-bit key with scrypt
(memory-hard, stdlib) over the salt SQLCipher keeps in the file's first 16
bytes, and hand SQLCipher only the hex raw key. Every pooled connection reuses
the derived key, so key derivation is paid once per unlock, not per connection.

What is in memory, and for how long:

- The key lives in one `bytearray` (`VaultKey.key`), zeroed by `wipe()` when
  the vault locks (`Vault.close`) and when a passphrase change replaces it.
  scrypt returns an immutable `bytes`; it is copied into the bytearray and
  overwritten at once (`hardening.wipe_immutable`), as is the UTF-8 copy of
  the passphrase that scrypt reads.
- The hex text that carries the key to SQLCipher (`PRAGMA key`, `ATTACH … KEY`)
  is built per connection straight into one `str` without intermediate
  copies, used, and overwritten in place; it is never kept.
- SQLCipher keeps its own copy per connection and wipes it when the
  connection closes; SQLite's copies of the statement text are wiped on free
  because we turn on `cipher_memory_security` (see reunify.vault.engine).
- What Python cannot wipe: the passphrase `str` objects themselves (from the
  text field, the CLI, the environment) are immutable and owned by the caller;
  once freed their memory is reused eventually but not zeroed. Normalising a
  passphrase that is not already NFC makes one more such `str`.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from reunify.errors import PassphraseMismatch, WeakPassphrase
from reunify.hardening import wipe, wipe_immutable

SALT_BYTES = 16
KEY_BYTES = 32
# scrypt cost: 64 MiB, ~0.25 s on the reference laptop. Changing these makes
# existing vaults unreadable, so a new cost needs a new KDF version.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE_LENGTH = 8


def check_new_passphrase(passphrase: str, confirm: str | None = None) -> None:
    """The one rule for a new vault passphrase (create, change; GUI and CLI): long
    enough, and typed the same twice when there is a second typing."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(minimum=MIN_PASSPHRASE_LENGTH)
    if confirm is not None and confirm != passphrase:
        raise PassphraseMismatch()


_HEX = b"0123456789abcdef"


def normalise(passphrase: str) -> bytes:
    """NFC so a passphrase typed on macOS and on Linux derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _hex_into(out: bytearray, at: int, data: bytes | bytearray) -> None:
    """Hex digits of `data` written into `out` (bytes.hex() would make a str we cannot free)."""
    for i, byte in enumerate(data):
        out[at + 2 * i] = _HEX[byte >> 4]
        out[at + 2 * i + 1] = _HEX[byte & 15]


class VaultKey:
    """The raw key (mutable, so it can be zeroed) and the salt; repr never shows the secret."""

    __slots__ = ("key", "salt")

    def __init__(self, key: bytes | bytearray, salt: bytes) -> None:
        self.key = bytearray(key)
        self.salt = bytes(salt)

    def __repr__(self) -> str:
        state = "wiped" if self.wiped else "set"
        return f"VaultKey(key=<{state}>, salt={self.salt!r})"

    @property
    def wiped(self) -> bool:
        return not any(self.key)

    def wipe(self) -> None:
        """Zero the key; SQLCipher's own copies go when the connections close."""
        wipe(self.key)

    def _literal(self, prefix: bytes, suffix: bytes) -> str:
        """prefix + x'<key hex><salt hex>' + suffix as one new str (see the module docstring)."""
        if self.wiped:
            raise ValueError("the key was wiped: the vault is locked")
        size = 2 * (len(self.key) + len(self.salt))
        buf = bytearray(prefix + b"x'" + b"0" * size + b"'" + suffix)
        try:
            at = len(prefix) + 2
            _hex_into(buf, at, self.key)
            _hex_into(buf, at + 2 * len(self.key), self.salt)
            return buf.decode("ascii")
        finally:
            wipe(buf)

    def pragma_statement(self) -> str:
        """`PRAGMA key = "x'…'"`, hex digits only; the caller wipes it after use."""
        return self._literal(b'PRAGMA key = "', b'"')

    def key_literal(self) -> str:
        """`x'…'` for `ATTACH … KEY ?`; the caller wipes it after use."""
        return self._literal(b"", b"")


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> VaultKey:
    """scrypt over the NFC passphrase; keeps no copy of the passphrase."""
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    secret = normalise(passphrase)
    try:
        raw = hashlib.scrypt(
            secret,
            salt=salt,
            n=SCRYPT_N,
            r=SCRYPT_R,
            p=SCRYPT_P,
            maxmem=2**27,
            dklen=KEY_BYTES,
        )
    finally:
        wipe_immutable(secret)
    try:
        return VaultKey(raw, salt)
    finally:
        wipe_immutable(raw)
