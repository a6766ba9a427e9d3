"""Operations on cases: open, edit, change status, choose legal tracks; archive a case
(kept, out of the way) or delete one opened by mistake."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import (
    Address,
    Attachment,
    AttachmentChunk,
    AuditAction,
    AuditEvent,
    Base,
    Case,
    CaseParty,
    CaseStatus,
    CaseTrack,
    Document,
    LegalTrack,
    Passport,
    Person,
    PersonRelationship,
    VaultSetting,
    audit,
)
from reunify.models.document import DocumentPerson
from reunify.operations import _base
from reunify.workflows.describe import fmt_date


def _setting(session: Session, key: str, default: str) -> VaultSetting:
    row = session.get(VaultSetting, key)
    if row is None:
        row = VaultSetting(key=key, value=default)
        session.add(row)
    return row


def next_reference(session: Session, year: int) -> str:
    """Next reference like RU-2026-0042: prefix from the vault settings, counter per year."""
    prefix = _setting(session, "reference_prefix", "RU").value or "RU"
    counter = _setting(session, f"reference_counter:{prefix}:{year}", "0")
    n = int(counter.value) + 1
    while session.scalar(select(Case.id).where(Case.reference == f"{prefix}-{year}-{n:04d}")):
        n += 1
    counter.value = str(n)
    return f"{prefix}-{year}-{n:04d}"


def create_case(
    session: Session,
    *,
    opened_on: date | None = None,
    tracks: list[LegalTrack] | None = None,
    **fields: Any,
) -> Case:
    opened = opened_on or date.today()
    case = _base.create(
        session,
        Case,
        AuditAction.CASE_CREATE,
        fields,
        reference=next_reference(session, opened.year),
        opened_on=opened,
    )
    for track in tracks or []:
        add_track(session, case, track, started_on=opened)
    return case


def update_case(session: Session, case: Case, **changes: Any) -> Case:
    if "status" in changes or "reference" in changes:
        raise ValueError("use set_case_status; references never change")
    return _base.update(session, case, AuditAction.CASE_UPDATE, changes)


def set_case_status(
    session: Session, case: Case, status: CaseStatus, *, on: date | None = None, place: str = ""
) -> Case:
    """Reunified is an outcome with a date and place; closed is the end of the work."""
    day = on or date.today()
    changes: dict[str, Any] = {"status": status}
    if status == CaseStatus.REUNIFIED:
        changes.update(reunified_on=day, reunified_place=place)
    elif status == CaseStatus.CLOSED:
        changes["closed_on"] = day
    elif case.closed_on is not None:
        changes["closed_on"] = None  # reopened
    return _base.update(session, case, AuditAction.CASE_STATUS, changes)


def add_track(
    session: Session,
    case: Case,
    track: LegalTrack,
    *,
    started_on: date | None = None,
    notes: str = "",
) -> CaseTrack:
    if any(t.track == track and t.ended_on is None for t in case.tracks):
        raise ValidationError("track", N_("This legal track is already active in the case."))
    row = _base.create(
        session,
        CaseTrack,
        AuditAction.CASE_TRACK_ADD,
        {"track": track, "started_on": started_on or date.today(), "notes": notes},
        case_id=case.id,
    )
    session.flush()
    session.refresh(case, ["tracks"])
    return row


def end_track(session: Session, track: CaseTrack, *, on: date | None = None) -> CaseTrack:
    return _base.update(
        session, track, AuditAction.CASE_TRACK_END, {"ended_on": on or date.today()}
    )


def list_cases(session: Session) -> list[Case]:
    return list(session.scalars(select(Case).order_by(Case.reference)))


def find_case(session: Session, reference: str) -> Case | None:
    return session.scalar(select(Case).where(Case.reference == reference.strip().upper()))


# -- archive and delete ----------------------------------------------------------------


def archive_case(session: Session, case: Case, *, on: date | None = None) -> Case:
    """Out of the case list and the dashboard, nothing removed; `unarchive_case` undoes it."""
    if case.archived_on is not None:
        return case
    return _base.update(
        session, case, AuditAction.CASE_ARCHIVE, {"archived_on": on or date.today()}
    )


def unarchive_case(session: Session, case: Case) -> Case:
    if case.archived_on is None:
        return case
    return _base.update(session, case, AuditAction.CASE_UNARCHIVE, {"archived_on": None})


def case_exports(session: Session, case_id: str) -> list[date]:
    """Days a bundle of the case was exported (from the audit trail), oldest first."""
    stamps = session.scalars(
        select(AuditEvent.at)
        .where(AuditEvent.case_id == case_id, AuditEvent.action == AuditAction.BUNDLE_EXPORT)
        .order_by(AuditEvent.seq)
    )
    return [at.date() for at in stamps]


# Tables that hold a person's own details: they go with the person. A row anywhere else
# that names the person (another case, an organisation, a translation) keeps the person.
_OWN_ROWS = frozenset({"address", "passport", "person_relationship", "document_person"})


def _people_only_here(session: Session, case: Case) -> list[str]:
    """People of `case` named nowhere else in the vault: deleting the case deletes them,
    so nobody typed by mistake stays behind, unseen, with their CURP and addresses."""
    ids = set(session.scalars(select(CaseParty.person_id).where(CaseParty.case_id == case.id)))
    if not ids:
        return []
    kept: set[str] = set(
        session.scalars(
            select(CaseParty.person_id).where(
                CaseParty.person_id.in_(ids), CaseParty.case_id != case.id
            )
        )
    )
    documents = select(Document.id).where(Document.case_id == case.id)
    for table in Base.metadata.sorted_tables:
        if table.name in _OWN_ROWS or table.name == "case_party":
            continue
        for column in table.columns:
            if not any(fk.column.table.name == "person" for fk in column.foreign_keys):
                continue
            query = select(column).where(column.in_(ids - kept))
            # This case's own rows go with it: by its id, or (a translation) its document.
            if "case_id" in table.c:
                query = query.where(table.c.case_id != case.id)
            elif "original_id" in table.c:
                query = query.where(table.c.original_id.not_in(documents))
            kept |= {str(v) for v in session.scalars(query) if v is not None}
    return sorted(ids - kept)


def delete_case(session: Session, case: Case, *, confirm_reference: str) -> dict[str, int]:
    """Remove a case opened by mistake, with everything in it and the people named
    nowhere else; the trail keeps one event naming the reference (no case content).

    Refused once a bundle of the case was exported: what left the vault under a consent
    must stay accountable (archive the case instead). Returns what was removed, counted.
    """
    if confirm_reference.strip().upper() != case.reference:
        raise ValidationError(
            "confirm_reference", N_("Type the case reference exactly: {reference}"),
            reference=case.reference,
        )  # fmt: skip
    exported = case_exports(session, case.id)
    if exported:
        raise ValidationError(
            "confirm_reference",
            N_(
                "This case cannot be deleted: a bundle of it was exported ({count} times, "
                "the last on {date}), and what was shared must stay on record. Archive it "
                "instead."
            ),
            count=len(exported),
            date=fmt_date(exported[-1]),
        )
    session.flush()
    documents = list(session.scalars(select(Document.id).where(Document.case_id == case.id)))
    attachments = list(
        session.scalars(select(Attachment.id).where(Attachment.document_id.in_(documents)))
    )
    people = _people_only_here(session, case)
    counts = {
        "documents": len(documents),
        "attachments": len(attachments),
        "people": len(people),
    }
    audit.append(
        session,
        AuditAction.CASE_DELETE,
        entity=case,
        case_id=case.id,
        details={"reference": case.reference, **counts},
    )
    # The files' bytes first, explicitly (secure_delete overwrites the freed pages).
    session.execute(delete(AttachmentChunk).where(AttachmentChunk.attachment_id.in_(attachments)))
    # The search index is kept by a flush hook for rows the session deletes; rows that
    # go by ON DELETE CASCADE never pass through it, so their entries go here.
    conn = session.connection()
    conn.execute(
        text(
            "DELETE FROM search_key WHERE fts_rowid IN "
            "(SELECT rowid FROM search_index WHERE case_id = :id)"
        ),
        {"id": case.id},
    )
    conn.execute(text("DELETE FROM search_index WHERE case_id = :id"), {"id": case.id})
    session.delete(case)  # documents, checklists, deadlines… by ON DELETE CASCADE
    session.flush()
    for person_id in people:
        session.execute(
            delete(PersonRelationship).where(
                (PersonRelationship.person_a_id == person_id)
                | (PersonRelationship.person_b_id == person_id)
            )
        )
        session.execute(delete(DocumentPerson).where(DocumentPerson.person_id == person_id))
        session.execute(delete(Address).where(Address.person_id == person_id))
        session.execute(delete(Passport).where(Passport.person_id == person_id))
        person = session.get(Person, person_id)
        if person is not None:
            session.expire(person)
            session.delete(person)  # through the session: its search entry goes too
    session.flush()
    return counts
