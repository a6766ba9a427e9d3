"""Vault settings a person edits (Settings dialog): validated, audited by key only."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import AuditAction, VaultSetting, audit
from reunify.operations._base import clean_text
from reunify.vault.vault import DEFAULT_KEEP_BACKUPS


def _whole(low: int, high: int) -> Callable[[str, str], str]:
    def check(value: str, field: str) -> str:
        text = value.strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValidationError(
                field, N_("Enter a whole number from {low} to {high}."), low=low, high=high
            )
        return str(int(text))

    return check


def _prefix(value: str, field: str) -> str:
    text = value.strip().upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", text):
        raise ValidationError(
            field, N_("Use 1 to 10 letters or digits, starting with a letter (e.g. RU).")
        )
    return text


def _folder(value: str, field: str) -> str:
    text = clean_text(field, value)  # a NUL would fail every use of the path later
    if text and not Path(text).is_absolute():
        raise ValidationError(field, N_("Choose a full folder path, or leave it empty."))
    return text


def _text(value: str, field: str) -> str:
    return clean_text(field, value)


def _cedula(value: str, field: str) -> str:
    """A cédula profesional is 7 or 8 digits (SEP's register); empty is allowed."""
    text = value.strip()
    if text and not re.fullmatch(r"\d{7,8}", text):
        raise ValidationError(field, N_("A cédula profesional has 7 or 8 digits."))
    return text


# What an absent row means (the vault writes backup_keep and reference_prefix at creation).
DEFAULTS = {"autolock_minutes": "5", "backup_keep": str(DEFAULT_KEEP_BACKUPS)}

EDITABLE: dict[str, Callable[[str, str], str]] = {
    "autolock_minutes": _whole(1, 240),
    "backup_keep": _whole(1, 100),
    "backup_dir": _folder,
    "reference_prefix": _prefix,
    "operator": _text,
    "cedula": _cedula,
    "contact": _text,
}


def set_setting(session: Session, key: str, value: str) -> str:
    """Store one setting; the audit trail records which key changed, never the value."""
    if key not in EDITABLE:
        raise ValueError(f"not an editable setting: {key!r}")
    clean = EDITABLE[key](value, key)
    row = session.get(VaultSetting, key)
    if row is None and not clean:
        return clean  # empty means "the default", which an absent row already is
    if row is None:
        session.add(VaultSetting(key=key, value=clean))
    elif row.value == clean:
        return clean
    else:
        row.value = clean
    audit.append(session, AuditAction.SETTINGS_UPDATE, details={"key": key})
    return clean


def read_settings(session: Session) -> dict[str, str]:
    """Every editable setting, defaults filled in, in one query."""
    rows = session.execute(
        select(VaultSetting.key, VaultSetting.value).where(VaultSetting.key.in_(EDITABLE))
    )
    return {key: "" for key in EDITABLE} | DEFAULTS | {k: v for k, v in rows}


def autolock_seconds(session: Session) -> float:
    return float(read_settings(session)["autolock_minutes"]) * 60
