"""Operations on documents: register the paper, its apostille and its translation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import (
    Apostille,
    AuditAction,
    Case,
    Document,
    DocumentKind,
    DocumentPerson,
    Person,
    Translation,
    TranslationDirection,
    TranslationType,
)
from reunify.operations import _base


def add_document(
    session: Session,
    case: Case,
    *,
    kind: DocumentKind,
    title: str,
    persons: list[Person] | None = None,
    **fields: Any,
) -> Document:
    doc = _base.create(
        session,
        Document,
        AuditAction.DOCUMENT_ADD,
        {"kind": kind, "title": title, **fields},
        case_id=case.id,
    )
    for person in persons or []:
        session.execute(insert(DocumentPerson).values(document_id=doc.id, person_id=person.id))
    if persons:
        session.flush()
        session.refresh(doc, ["persons"])
    return doc


def update_document(session: Session, doc: Document, **changes: Any) -> Document:
    return _base.update(session, doc, AuditAction.DOCUMENT_UPDATE, changes)


def record_apostille(session: Session, doc: Document, **fields: Any) -> Apostille:
    """Number, date, authority and verification link/code of the apostille on `doc`."""
    row = _base.create(
        session,
        Apostille,
        AuditAction.DOCUMENT_APOSTILLE,
        fields,
        document_id=doc.id,
        audit_case_id=doc.case_id,
    )
    session.flush()
    session.refresh(doc, ["apostilles"])
    return row


def record_translation(
    session: Session,
    original: Document,
    *,
    direction: TranslationDirection,
    type: TranslationType,
    translated: Document | None = None,
    **fields: Any,
) -> Translation:
    """Pair an original with its translation (the translation is a document of its own)."""
    if translated is not None:
        if translated.id == original.id:
            raise ValidationError("translated_id", N_("A document cannot translate itself."))
        if translated.case_id != original.case_id:
            raise ValidationError(
                "translated_id", N_("The translation must belong to the same case.")
            )
    return _base.create(
        session,
        Translation,
        AuditAction.DOCUMENT_TRANSLATION,
        {"direction": direction, "type": type, **fields},
        original=original,
        translated=translated,
        audit_case_id=original.case_id,
    )
