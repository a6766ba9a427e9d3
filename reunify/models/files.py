"""Reading stored files back out of the vault, chunk by chunk, checking SHA-256.

Lives with the models because the vault's integrity check, the operations and
the bundle all read files the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import VaultDamaged
from reunify.i18n import N_
from reunify.models.document import Attachment, AttachmentChunk


def iter_attachment(session: Session, att: Attachment) -> Iterator[bytes]:
    """The file's bytes, chunk by chunk, checked against the stored SHA-256 at the end."""
    digest = hashlib.sha256()
    rows = session.execute(
        select(AttachmentChunk.seq, AttachmentChunk.data)
        .where(AttachmentChunk.attachment_id == att.id)
        .order_by(AttachmentChunk.seq)
        .execution_options(yield_per=4)
    )
    for expected_seq, (seq, data) in enumerate(rows):
        if seq != expected_seq:
            raise VaultDamaged(detail=f"attachment {att.id}: chunk {expected_seq} missing")
        digest.update(data)
        yield bytes(data)
    if digest.hexdigest() != att.sha256:
        raise VaultDamaged(detail=f"attachment {att.id}: SHA-256 mismatch")


INCOMPLETE = N_("{name}: the import never finished")
DAMAGED = N_("{name}: the stored file is damaged ({detail})")


def verify_all_attachments(session: Session) -> list[tuple[str, str, dict[str, str]]]:
    """Re-hash every stored file: (attachment id, msgid, params) per file that fails."""
    problems: list[tuple[str, str, dict[str, str]]] = []
    for att in session.scalars(select(Attachment)).all():
        if not att.complete:
            problems.append((att.id, INCOMPLETE, {"name": att.filename}))
            continue
        try:
            for _ in iter_attachment(session, att):
                pass
        except VaultDamaged as exc:
            detail = str(exc.params.get("detail", ""))
            problems.append((att.id, DAMAGED, {"name": att.filename, "detail": detail}))
    return problems
