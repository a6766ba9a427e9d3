"""The encrypted store. The only package that sees a passphrase or key."""

from reunify.vault.vault import CheckReport, Vault

__all__ = ["CheckReport", "Vault"]
