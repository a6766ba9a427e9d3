"""Files inside the vault: streamed in and out in chunks, with SHA-256.

Importing never holds more than one chunk in memory, so a 500 MB scan costs
about a megabyte of RAM. A decrypted copy outside the vault is written only by
`export_attachment`, which the GUI calls after warning the user.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.fileio import private_empty_file, replacing
from reunify.i18n import N_
from reunify.models import Attachment, AttachmentChunk, AuditAction, Document, audit
from reunify.models.base import new_id
from reunify.models.files import iter_attachment
from reunify.operations._base import clean_text

CHUNK_SIZE = 1024 * 1024
Progress = Callable[[int], None]  # bytes done so far


def attach_stream(
    session: Session,
    doc: Document,
    stream: BinaryIO,
    filename: str,
    *,
    media_type: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Attachment:
    # macOS hands over decomposed names, Linux undecodable bytes, a crafted file a
    # right-to-left override ("acta\u202efdp.exe" shows as "actaexe.pdf").
    name = clean_text("filename", Path(filename).name, Attachment)
    if not name:
        raise ValidationError("filename", N_("The file needs a name."))
    att = Attachment(
        id=new_id(),
        document_id=doc.id,
        filename=name,
        media_type=media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        chunk_size=CHUNK_SIZE,
    )
    session.add(att)
    session.flush()
    digest, size, seq = hashlib.sha256(), 0, 0
    while chunk := stream.read(CHUNK_SIZE):
        if cancelled is not None and cancelled():
            raise InterruptedError("import cancelled")
        digest.update(chunk)
        session.execute(insert(AttachmentChunk).values(attachment_id=att.id, seq=seq, data=chunk))
        size += len(chunk)
        seq += 1
        if progress is not None:
            progress(size)
    att.size, att.sha256, att.complete = size, digest.hexdigest(), True
    session.flush()
    audit.append(
        session,
        AuditAction.ATTACHMENT_ADD,
        entity=att,
        case_id=doc.case_id,
        details={"size": size, "sha256": att.sha256, "document_id": doc.id},
    )
    return att


def attach_file(
    session: Session,
    doc: Document,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Attachment:
    """Copy a file the user picked into the vault."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", N_("{name} is not a file that can be read."), name=path.name)
    try:
        with path.open("rb") as fh:
            return attach_stream(
                session, doc, fh, path.name, progress=progress, cancelled=cancelled
            )
    except PermissionError:
        raise ValidationError(
            "file", N_("reunify is not allowed to read {name}."), name=path.name
        ) from None


def read_attachment(session: Session, att: Attachment) -> bytes:
    """Whole file in memory: only for previews of small files."""
    return b"".join(iter_attachment(session, att))


def export_attachment(session: Session, att: Attachment, dest: Path | str) -> Path:
    """Write a decrypted copy where the user asked (mode 0600), and audit it."""
    dest = Path(dest)
    with replacing(dest) as tmp:
        private_empty_file(tmp)
        with tmp.open("wb") as out:
            for chunk in iter_attachment(session, att):
                out.write(chunk)
    doc = session.get(Document, att.document_id)
    audit.append(
        session,
        AuditAction.ATTACHMENT_EXPORT,
        entity=att,
        case_id=doc.case_id if doc else None,
        details={"sha256": att.sha256},
    )
    return dest


def remove_attachment(session: Session, att: Attachment) -> None:
    doc = session.get(Document, att.document_id)
    audit.append(
        session,
        AuditAction.ATTACHMENT_REMOVE,
        entity=att,
        case_id=doc.case_id if doc else None,
        details={"sha256": att.sha256},
    )
    session.execute(delete(AttachmentChunk).where(AttachmentChunk.attachment_id == att.id))
    session.delete(att)
    session.flush()
