"""Operations on proceedings (court and administrative cases) and their events; an event
recorded by mistake can be deleted."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from reunify.models import AuditAction, Case, Proceeding, ProceedingEvent, audit
from reunify.operations import _base


def add_proceeding(session: Session, case: Case, **fields: Any) -> Proceeding:
    return _base.create(session, Proceeding, AuditAction.PROCEEDING_ADD, fields, case_id=case.id)


def update_proceeding(session: Session, proceeding: Proceeding, **changes: Any) -> Proceeding:
    return _base.update(session, proceeding, AuditAction.PROCEEDING_UPDATE, changes)


def add_event(
    session: Session, proceeding: Proceeding, *, on: date, kind: str, **fields: Any
) -> ProceedingEvent:
    event = _base.create(
        session,
        ProceedingEvent,
        AuditAction.PROCEEDING_EVENT_ADD,
        {"on": on, "kind": kind, **fields},
        proceeding_id=proceeding.id,
        audit_case_id=proceeding.case_id,
    )
    session.flush()
    session.refresh(proceeding, ["events"])
    return event


def delete_event(session: Session, event: ProceedingEvent) -> None:
    """An event recorded by mistake. Nothing points at an event (a deadline is counted
    from a date a person typed), so nothing else changes; the trail keeps its date."""
    proceeding = event.proceeding
    audit.append(
        session,
        AuditAction.PROCEEDING_EVENT_DELETE,
        entity=event,
        case_id=proceeding.case_id,
        details={"proceeding_id": proceeding.id, "on": event.on.isoformat()},
    )
    session.delete(event)
    session.flush()
    session.refresh(proceeding, ["events"])
