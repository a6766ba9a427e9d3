"""Encrypted copies of a vault (backups, rekey): SQLCipher's export into a new file.

The copy is written to a temporary name in the destination folder, synced and
then renamed, so a crash never leaves a half-written file under the real name.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import Engine

from reunify.vault.kdf import VaultKey


def private_empty_file(path: Path) -> None:
    """Create the file with mode 0600 before SQLite touches it (SQLite keeps the mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fsync_path(path)


def export_encrypted(engine: Engine, dest: Path, key: VaultKey) -> None:
    """Write every table of the vault into `dest`, encrypted under `key`.

    The key travels as a bound parameter of ATTACH, never inside SQL text.
    """
    tmp = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    private_empty_file(tmp)
    try:
        with engine.connect() as conn:
            literal = "x'" + key.key.hex() + key.salt.hex() + "'"
            conn.exec_driver_sql("ATTACH DATABASE ? AS reunify_copy KEY ?", (str(tmp), literal))
            try:
                conn.exec_driver_sql("SELECT sqlcipher_export('reunify_copy')")
                conn.commit()
            finally:
                conn.exec_driver_sql("DETACH DATABASE reunify_copy")
        fsync_path(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
