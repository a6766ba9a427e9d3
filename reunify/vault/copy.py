"""Encrypted copies of a vault (backups, rekey): SQLCipher's export into a new file.

The copy is written through reunify.fileio.replacing, so a crash never leaves a
half-written file under the real name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine

from reunify.fileio import private_empty_file, replacing
from reunify.hardening import wipe_immutable
from reunify.vault.kdf import VaultKey


def export_encrypted(
    engine: Engine,
    dest: Path,
    key: VaultKey,
    settings: Mapping[str, str] | None = None,
) -> None:
    """Write every table of the vault into `dest`, encrypted under `key`.

    The key travels as a bound parameter of ATTACH, never inside SQL text, and
    its hex text is overwritten once SQLite has it. `settings` are vault settings
    written into the copy only (a backup's own id), in the same transaction.
    """
    with replacing(dest) as tmp:
        private_empty_file(tmp)
        with engine.connect() as conn:
            literal = key.key_literal()
            try:
                conn.exec_driver_sql("ATTACH DATABASE ? AS reunify_copy KEY ?", (str(tmp), literal))
            finally:
                wipe_immutable(literal)  # SQLite copied it; ours goes now
                del literal
            try:
                conn.exec_driver_sql("SELECT sqlcipher_export('reunify_copy')")
                for name, value in (settings or {}).items():
                    conn.exec_driver_sql(
                        "INSERT OR REPLACE INTO reunify_copy.vault_setting (key, value) "
                        "VALUES (?, ?)",
                        (name, value),
                    )
                conn.commit()
            finally:
                conn.exec_driver_sql("DETACH DATABASE reunify_copy")
