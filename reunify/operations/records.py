"""Operations on a case's records: search reports, filings, travel, protection
measures, notes. Organisations and their people: `operations.organisations`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from reunify.models import (
    AuditAction,
    Case,
    CaseStatus,
    ImmigrationFiling,
    Note,
    ProtectionMeasure,
    SearchReport,
    TravelPlan,
    TravelStatus,
)
from reunify.models.base import utcnow
from reunify.operations import _base
from reunify.operations.cases import set_case_status


def add_search_report(session: Session, case: Case, **fields: Any) -> SearchReport:
    return _base.create(
        session, SearchReport, AuditAction.SEARCH_REPORT_ADD, fields, case_id=case.id
    )


def update_search_report(session: Session, report: SearchReport, **changes: Any) -> SearchReport:
    return _base.update(session, report, AuditAction.SEARCH_REPORT_UPDATE, changes)


def add_filing(session: Session, case: Case, **fields: Any) -> ImmigrationFiling:
    return _base.create(session, ImmigrationFiling, AuditAction.FILING_ADD, fields, case_id=case.id)


def update_filing(session: Session, filing: ImmigrationFiling, **changes: Any) -> ImmigrationFiling:
    return _base.update(session, filing, AuditAction.FILING_UPDATE, changes)


def plan_travel(session: Session, case: Case, **fields: Any) -> TravelPlan:
    return _base.create(session, TravelPlan, AuditAction.TRAVEL_PLAN, fields, case_id=case.id)


def update_travel(session: Session, plan: TravelPlan, **changes: Any) -> TravelPlan:
    return _base.update(session, plan, AuditAction.TRAVEL_UPDATE, changes)


def record_reunion(
    session: Session, case: Case, plan: TravelPlan | None, *, on: date, place: str
) -> Case:
    """The family is together: an outcome on the case, not its closing."""
    if plan is not None:
        update_travel(
            session, plan, reunion_on=on, reunion_place=place, status=TravelStatus.COMPLETED
        )
    return set_case_status(session, case, CaseStatus.REUNIFIED, on=on, place=place)


def add_protection_measure(session: Session, case: Case, **fields: Any) -> ProtectionMeasure:
    return _base.create(
        session, ProtectionMeasure, AuditAction.PROTECTION_ADD, fields, case_id=case.id
    )


def add_note(session: Session, case: Case, body: str, *, pinned: bool = False) -> Note:
    return _base.create(
        session,
        Note,
        AuditAction.NOTE_ADD,
        {"body": body, "pinned": pinned},
        case_id=case.id,
        author=str(session.info.get("actor", "")),
        written_at=utcnow(),
    )


def update_note(session: Session, note: Note, **changes: Any) -> Note:
    return _base.update(session, note, AuditAction.NOTE_UPDATE, changes)
