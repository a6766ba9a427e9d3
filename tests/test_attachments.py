"""Files inside the vault: exact round trip, hashes, explicit export, bounded memory."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from reunify import operations as ops
from reunify.errors import ValidationError, VaultDamaged
from reunify.models import Attachment, AuditEvent, DocumentKind
from reunify.operations.attachments import CHUNK_SIZE
from reunify.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.vault


def _doc(vault: Vault) -> str:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Archivo")
        return ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta").id


def test_round_trip_and_hash(vault: Vault, tmp_path: Path) -> None:
    doc_id = _doc(vault)
    payload = os.urandom(CHUNK_SIZE * 2 + 123)
    source = tmp_path / "acta de nacimiento.pdf"
    source.write_bytes(payload)
    seen: list[int] = []
    with vault.session() as s:
        from reunify.models import Document

        doc = s.get(Document, doc_id)
        assert doc is not None
        att = ops.attach_file(s, doc, source, progress=seen.append)
        att_id = att.id
    assert seen[-1] == len(payload) and len(seen) == 3
    with vault.session() as s:
        att = s.get(Attachment, att_id)
        assert att is not None
        assert att.sha256 == hashlib.sha256(payload).hexdigest()
        assert att.size == len(payload) and att.media_type == "application/pdf"
        assert ops.read_attachment(s, att) == payload
        out = ops.export_attachment(s, att, tmp_path / "copia.pdf")
    assert out.read_bytes() == payload
    assert (out.stat().st_mode & 0o777) == 0o600
    with vault.session() as s:
        actions = s.scalars(select(AuditEvent.action)).all()
    assert "attachment.export" in actions


def test_unreadable_and_missing_files(vault: Vault, tmp_path: Path) -> None:
    doc_id = _doc(vault)
    from reunify.models import Document

    with pytest.raises(ValidationError), vault.session() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        ops.attach_file(s, doc, tmp_path / "no-existe.pdf")
    with pytest.raises(ValidationError), vault.session() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        ops.attach_file(s, doc, tmp_path)  # a folder, not a file


def test_tampered_chunk_is_detected(vault: Vault) -> None:
    doc_id = _doc(vault)
    from reunify.models import Document

    with vault.session() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        att_id = ops.attach_stream(s, doc, io.BytesIO(b"original " * 1000), "a.txt").id
    with vault.engine.begin() as conn:
        conn.execute(
            text("UPDATE attachment_chunk SET data = :d WHERE attachment_id = :a"),
            {"d": b"alterado " * 1000, "a": att_id},
        )
    with pytest.raises(VaultDamaged), vault.session() as s:
        att = s.get(Attachment, att_id)
        assert att is not None
        ops.read_attachment(s, att)
    report = vault.check()
    assert report.attachments and not report.ok


IMPORT_SCRIPT = """
import os, resource, sys
from reunify.vault import Vault
from reunify import operations as ops
from reunify.models import DocumentKind
vault = Vault.open(sys.argv[1], os.environ["REUNIFY_PASSPHRASE"])
with vault.session() as s:
    case = ops.create_case(s, title="Familia Grande")
    doc = ops.add_document(s, case, kind=DocumentKind.OTHER, title="Video")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with vault.session() as s:
    s.add(doc)
    att = ops.attach_file(s, doc, sys.argv[2])
    size = att.size
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
vault.close()
print(size, before, after)
"""


@pytest.mark.slow
@pytest.mark.real_kdf  # the vault is opened by another process
def test_large_import_has_bounded_memory(vault: Vault, vault_path: Path, tmp_path: Path) -> None:
    vault.close()
    big = tmp_path / "grande.bin"
    size = 256 * 1024 * 1024
    with big.open("wb") as fh:
        block = os.urandom(CHUNK_SIZE)
        for _ in range(size // CHUNK_SIZE):
            fh.write(block)
    env = {**os.environ, "REUNIFY_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT, str(vault_path), str(big)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    stored, before_kib, after_kib = (int(x) for x in done.stdout.split())
    big.unlink()
    assert stored == size
    growth_mib = (after_kib - before_kib) / 1024
    # A whole-file read would add 256 MiB; chunked streaming stays near the page cache size.
    assert growth_mib < 120, f"peak RSS grew by {growth_mib:.0f} MiB"
