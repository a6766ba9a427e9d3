"""No case data in plaintext on disk: markers in every text field never appear in any byte."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import JSON, String, Text, inspect
from sqlalchemy import Enum as SAEnum

from reunify import operations as ops
from reunify.demo import populate
from reunify.models import Base, DocumentKind
from reunify.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.vault

SKIP_TABLES = {"audit_event", "alembic_version", "vault_setting"}
ATTACHMENT_MARKER = b"ZQXATTACHMENTMARKER-contenido-del-escaneo"


def _marker(table: str, column: str) -> str:
    return f"ZQX{table}.{column}ñ"


def _text_columns() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table.name
        if table in SKIP_TABLES:
            continue
        cols = []
        for col in mapper.columns:
            if col.primary_key or col.foreign_keys or isinstance(col.type, SAEnum):
                continue
            if isinstance(col.type, (String, Text, JSON)) and col.name not in (
                "created_at",
                "updated_at",
                "overridden_at",
                "written_at",
                "at",
            ):
                cols.append(col.name)
        if cols:
            out[table] = cols
    return out


def _scan(folders: list[Path], needles: list[bytes]) -> list[str]:
    hits = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                hits += [f"{path.name}: {n!r}" for n in needles if n in data]
    return hits


def test_no_plaintext_anywhere(vault_path: Path, tmp_path: Path) -> None:
    vault = Vault.create(vault_path, PASSPHRASE, operator="ZQXoperator")
    with vault.session() as s:
        cases = populate(s, extra_cases=2)
        doc = ops.add_document(s, cases[0], kind=DocumentKind.OTHER, title="Escaneo marcado")
        ops.attach_stream(s, doc, io.BytesIO(ATTACHMENT_MARKER * 50_000), "ZQXfilename.pdf")
    columns = _text_columns()
    needles: list[bytes] = [ATTACHMENT_MARKER, b"ZQXfilename", b"ZQXoperator"]
    with vault.engine.begin() as conn:
        for table, cols in columns.items():
            count = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            assert count, f"demo data leaves {table} empty, so it would not be scanned"
            for col in cols:
                marker = _marker(table, col)
                is_list = col in ("aliases", "nationalities", "languages", "scope")
                expr = "'[\"' || ? || rowid || '\"]'" if is_list else "? || rowid"
                conn.exec_driver_sql(f"UPDATE {table} SET {col} = {expr}", (marker,))
                needles.append(marker.encode())
    assert inspect(vault.engine).has_table("attachment_chunk")
    # Real demo names must not leak either.
    needles += [b"Xochitiotzi", b"Tecuatl", "Villaseñor".encode()]
    backup_dir = tmp_path / "backups"
    vault.backup(backup_dir)

    open_hits = _scan([vault_path.parent, backup_dir], needles)  # WAL and SHM present now
    assert any(p.name.endswith("-wal") for p in vault_path.parent.iterdir())
    vault.close()
    closed_hits = _scan([vault_path.parent, backup_dir, tmp_path / "home"], needles)
    assert open_hits == [] and closed_hits == []

    # And the scan itself works: the markers are really in the vault, just encrypted.
    with Vault.open(vault_path, PASSPHRASE) as v, v.engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT title FROM case_file LIMIT 1").scalar()
        assert value.startswith(_marker("case_file", "title"))
