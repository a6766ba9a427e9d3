"""Vault-level settings and identity, kept inside the encrypted file."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reunify.models.base import Base

VAULT_FORMAT = "reunify-vault-1"


class VaultSetting(Base):
    """Key/value settings that belong to the vault (reference prefix, operator name…)."""

    __tablename__ = "vault_setting"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
