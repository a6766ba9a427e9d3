"""Operations on proceedings (court and administrative cases) and their events."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from reunify.models import AuditAction, Case, Proceeding, ProceedingEvent
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
