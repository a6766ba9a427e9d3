"""Passphrase → raw SQLCipher key, derived once per unlock.

The passphrase never reaches SQL text: we derive a 256-bit key with scrypt
(memory-hard, stdlib) over the salt SQLCipher keeps in the file's first 16
bytes, and hand SQLCipher only the hex raw key. Every pooled connection reuses
the derived key, so key derivation is paid once per unlock, not per connection.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass, field

SALT_BYTES = 16
KEY_BYTES = 32
# scrypt cost: 64 MiB, ~0.25 s on the reference laptop. Changing these makes
# existing vaults unreadable, so a new cost needs a new KDF version.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE_LENGTH = 8


def normalise(passphrase: str) -> bytes:
    """NFC so a passphrase typed on macOS and on Linux derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


@dataclass(frozen=True)
class VaultKey:
    """The raw key and salt; repr never shows the secret."""

    key: bytes = field(repr=False)
    salt: bytes

    def pragma_literal(self) -> str:
        """SQLCipher's raw key+salt literal; contains only hex digits by construction."""
        return "\"x'" + self.key.hex() + self.salt.hex() + "'\""


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> VaultKey:
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    key = hashlib.scrypt(
        normalise(passphrase),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=2**27,
        dklen=KEY_BYTES,
    )
    return VaultKey(key=key, salt=salt)
