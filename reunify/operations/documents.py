"""Operations on documents: register the paper, its apostille and its translation;
delete one entered by mistake, with what belongs to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, _, current_language
from reunify.labels import label
from reunify.models import (
    Apostille,
    AttachmentChunk,
    AuditAction,
    AuditEvent,
    Case,
    Checklist,
    ChecklistStep,
    Consent,
    Deadline,
    Document,
    DocumentKind,
    DocumentPerson,
    Person,
    StepDocument,
    StepState,
    Translation,
    TranslationDirection,
    TranslationType,
    audit,
)
from reunify.operations import _base
from reunify.workflows.describe import fmt_date


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


def record_apostille(
    session: Session, doc: Document, *, today: date | None = None, **fields: Any
) -> Apostille:
    """Number, date, authority and verification link/code of the apostille on `doc`.

    The date is the one printed on the apostille, so it cannot be later than today."""
    issued = fields.get("issued_on")
    if isinstance(issued, date) and issued > (today or date.today()):
        raise ValidationError("issued_on", N_("An apostille cannot be issued in the future."))
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


# -- deleting a document entered by mistake ---------------------------------------------


@dataclass
class DocumentRemoval:
    """What deleting a document takes with it, and what forbids it (sentences in the
    language of the screen that asked, for the confirmation the person reads)."""

    files: list[str] = field(default_factory=list)  # file names
    apostilles: int = 0
    translations: list[str] = field(default_factory=list)  # titles of the paired documents
    checklists: list[str] = field(default_factory=list)  # titles, none with a step done
    refusals: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.refusals


def document_removal(session: Session, doc: Document) -> DocumentRemoval:
    """Why a document may not go: a completed step or a consent cites it, a checklist
    about it has steps done, or it was in the case when a bundle left the vault (the
    bundle's exhibit numbers and hashes must keep matching the vault)."""
    session.flush()
    lang = current_language()
    found = DocumentRemoval(
        files=[a.filename for a in doc.attachments], apostilles=len(doc.apostilles)
    )
    for t in session.scalars(
        select(Translation).where(
            or_(Translation.original_id == doc.id, Translation.translated_id == doc.id)
        )
    ):
        other = t.translated if t.original_id == doc.id else t.original
        found.translations.append(other.title if other is not None else label(t.direction))
    done_links = session.scalars(
        select(ChecklistStep)
        .join(StepDocument, StepDocument.step_id == ChecklistStep.id)
        .where(StepDocument.document_id == doc.id, ChecklistStep.state == StepState.DONE)
    ).all()
    for step in done_links:
        found.refusals.append(
            _("the completed step “{step}” cites it").format(step=step.title(lang))
        )
    for checklist in session.scalars(select(Checklist).where(Checklist.document_id == doc.id)):
        if any(st.state == StepState.DONE for st in checklist.steps):
            found.refusals.append(
                _("the checklist “{title}” about it has steps done").format(
                    title=checklist.title(lang)
                )
            )
        else:
            found.checklists.append(checklist.title(lang))
    for consent in session.scalars(select(Consent).where(Consent.document_id == doc.id)):
        found.refusals.append(
            _("it is the written consent for {recipient}").format(recipient=consent.recipient)
        )
    exported = session.scalars(
        select(AuditEvent.at)
        .where(
            AuditEvent.case_id == doc.case_id,
            AuditEvent.action == AuditAction.BUNDLE_EXPORT,
            AuditEvent.at >= doc.created_at,
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    if exported is not None:
        found.refusals.append(
            _("it went out in a bundle exported on {date}").format(date=fmt_date(exported.date()))
        )
    return found


def delete_document(session: Session, doc: Document) -> None:
    """Delete a document with its files (their bytes too), apostilles, translation
    pairings and the checklists started for it that have no step done (with the
    deadlines those started); refused with the reasons when something depends on it."""
    removal = document_removal(session, doc)
    if not removal.allowed:
        raise ValidationError(
            "document",
            N_("This document cannot be deleted: {reasons}."),
            reasons="; ".join(removal.refusals),
        )
    attachments = list(doc.attachments)
    checklists = list(session.scalars(select(Checklist).where(Checklist.document_id == doc.id)))
    steps = [st.id for c in checklists for st in c.steps]
    pairs = list(
        session.scalars(
            select(Translation).where(
                or_(Translation.original_id == doc.id, Translation.translated_id == doc.id)
            )
        )
    )
    audit.append(
        session,
        AuditAction.DOCUMENT_DELETE,
        entity=doc,
        case_id=doc.case_id,
        details={
            "kind": doc.kind.value,
            "attachments": [a.sha256 for a in attachments],
            "apostilles": len(doc.apostilles),
            "translations": [p.id for p in pairs],
            "checklists": [c.template_id for c in checklists],
        },
    )
    if steps:
        session.execute(delete(Deadline).where(Deadline.source_step_id.in_(steps)))
    for checklist in checklists:
        session.delete(checklist)
    for pair in pairs:
        session.delete(pair)
    session.execute(
        delete(AttachmentChunk).where(
            AttachmentChunk.attachment_id.in_([a.id for a in attachments])
        )
    )
    session.delete(doc)  # apostilles, attachments, links to people and steps with it
    session.flush()
