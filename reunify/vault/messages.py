"""SQLite and SQLCipher errors as sentences a person can act on.

SQLite's texts ("database disk image is malformed", "HMAC verification failed
for page 96", "unable to open database file") are English, name no remedy, and
several mean different things depending on where the file lies: "unable to open"
after the key was accepted is a folder reunify cannot write to (WAL needs its
`-wal` and `-shm` files beside the vault), not a damaged vault, and telling a
person to restore a backup for a permissions problem costs her a day's work.
So each error is mapped by probing the place first (read-only disk, folder,
file) and only then by its text. The raw text goes nowhere but a debug log line
(it never holds case data: SQLite reports pages and tables, not values).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from reunify.errors import (
    DiskFull,
    DiskIOError,
    NotAVault,
    ReadOnlyDisk,
    ReadOnlyFolder,
    ReadOnlyLocation,
    ReadOnlyVaultFile,
    ReunifyError,
    VaultBusy,
    VaultCannotOpen,
    VaultNotFound,
    VaultPageDamaged,
    VaultSchemaIncomplete,
    VaultStructureDamaged,
    VaultUnreadable,
)
from reunify.fileio import folder_writable
from reunify.i18n import _, ngettext

log = logging.getLogger(__name__)

HMAC_PAGE = re.compile(r"hmac verification failed for page (\d+)", re.IGNORECASE)
# Below this much free space an I/O error while writing is most likely the disk filling.
NEARLY_FULL_BYTES = 1 << 20


def location_error(path: Path) -> ReadOnlyLocation | None:
    """Why the vault at `path` cannot be written, if its place says so: a read-only disk,
    a folder where no file can be created, or a read-only file. None when all are writable.

    Asks without opening the vault file: closing any descriptor of it would drop
    SQLite's POSIX locks in this process.
    """
    folder = path.parent
    if _read_only_disk(folder):
        return ReadOnlyDisk(path=str(folder))
    if folder.is_dir() and not folder_writable(folder):
        return ReadOnlyFolder(path=str(folder))
    if path.is_file() and not os.access(path, os.W_OK):
        return ReadOnlyVaultFile(path=str(path))
    return None


def _read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def damage_detail(raw: str) -> str:
    """A short phrase, in the person's language, for a damage SQLite reported (used where a
    longer line quotes it: a stored file that cannot be read, a check report)."""
    page = HMAC_PAGE.search(raw)
    if page:
        return _("page {page} does not match its checksum").format(page=page.group(1))
    if "no such table" in raw.lower() or "no such column" in raw.lower():
        return _("part of the vault's structure is missing")
    return _("part of the vault file cannot be read")


def classify(exc: BaseException, path: Path, *, key_accepted: bool = True) -> ReunifyError | None:
    """The error a person can act on for an SQLite/SQLCipher error on the vault at `path`,
    or None when it is none of those (then it is a bug and stays one).

    `key_accepted=False` while the key is being proved: then "file is not a database"
    is the caller's to read as a wrong passphrase.
    """
    raw = str(exc)
    text = raw.lower()
    log.debug("sqlite error on the vault: %s", raw)
    code = getattr(exc, "errno", None)
    if "database or disk is full" in text or code == errno.ENOSPC:
        return DiskFull()
    if "readonly" in text or "read-only" in text or code == errno.EROFS:
        return location_error(path) or ReadOnlyLocation(path=str(path.parent))
    if "unable to open database file" in text:
        if not path.exists():
            return VaultNotFound(path=str(path))
        return location_error(path) or VaultCannotOpen(path=str(path))
    if "disk i/o error" in text:
        if _nearly_full(path.parent):
            return DiskFull()
        return location_error(path) or DiskIOError(path=str(path))
    if any(f"{what} is locked" in text for what in ("database", "table", "schema")):
        return VaultBusy()
    page = HMAC_PAGE.search(raw)
    if page:
        return VaultPageDamaged(page=int(page.group(1)), detail=damage_detail(raw))
    if "malformed" in text or "hmac" in text:
        return VaultStructureDamaged(detail=damage_detail(raw))
    if "not a database" in text:
        return VaultUnreadable(detail=damage_detail(raw)) if key_accepted else None
    if "no such table: vault_setting" in text:  # the first table every vault has
        return NotAVault(path=str(path))
    if "no such table" in text or "no such column" in text:
        return VaultSchemaIncomplete(detail=damage_detail(raw))
    return None


def cipher_problems(rows: Iterable[str]) -> list[str]:
    """`PRAGMA cipher_integrity_check` rows as one sentence per kind of damage.

    SQLCipher names each page whose HMAC fails ("HMAC verification failed for page
    96"); the person reads which pages, what it means and what to do.
    """
    pages: list[int] = []
    other = 0
    for row in rows:
        found = HMAC_PAGE.search(row)
        if found:
            pages.append(int(found.group(1)))
        else:
            log.debug("cipher_integrity_check: %s", row)
            other += 1
    lines = []
    if len(pages) == 1:
        lines.append(VaultPageDamaged(page=pages[0]).user_message())
    elif pages:
        shown = ", ".join(str(p) for p in pages[:10]) + (" …" if len(pages) > 10 else "")
        lines.append(
            _(
                "{count} pages of the vault are damaged ({pages}): their checksums do not "
                "match (the file was changed outside reunify or the disk is failing). Make a "
                "copy of the file, then restore the latest backup."
            ).format(pages=shown, count=len(pages))
        )
    if other:
        lines.append(VaultStructureDamaged().user_message())
    return lines


def integrity_problems(rows: Iterable[str]) -> list[str]:
    """`PRAGMA integrity_check` rows other than "ok" as one sentence (SQLite's own lines
    name b-tree pages and indexes, which tell a person nothing she can act on)."""
    found = [row for row in rows if row != "ok"]
    for row in found:
        log.debug("integrity_check: %s", row)
    count = len(found)
    if not count:
        return []
    return [
        ngettext(
            "The vault's internal structure has {count} inconsistency (the file was changed "
            "outside reunify, cut short, or the disk is failing). Do not write to it: make a "
            "copy of the file, then restore the latest backup.",
            "The vault's internal structure has {count} inconsistencies (the file was changed "
            "outside reunify, cut short, or the disk is failing). Do not write to it: make a "
            "copy of the file, then restore the latest backup.",
            count,
        ).format(count=count)
    ]
