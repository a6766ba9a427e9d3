"""Operations on deadlines and court calendars."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, current_language
from reunify.models import (
    AuditAction,
    CalendarBase,
    CalendarEntry,
    CalendarEntryKind,
    Case,
    ChecklistStep,
    CourtCalendar,
    Deadline,
    DeadlineStatus,
    DeadlineUnit,
    Proceeding,
    audit,
)
from reunify.models.base import utcnow
from reunify.operations import _base
from reunify.workflows.calendars import (
    FIRST_YEAR,
    LAST_YEAR,
    BusinessCalendar,
    Entry,
    compute_due,
    year_in_range,
)


def business_calendar(calendar: CourtCalendar | None) -> BusinessCalendar:
    """The arithmetic view of a stored calendar; no calendar means the LFT base."""
    if calendar is None:
        return BusinessCalendar("LFT art. 74", CalendarBase.MX_FEDERAL)
    return BusinessCalendar(
        calendar.name,
        calendar.base,
        [Entry(e.kind, e.starts_on, e.ends_on, e.label) for e in calendar.entries],
    )


def create_calendar(session: Session, **fields: Any) -> CourtCalendar:
    return _base.create(session, CourtCalendar, AuditAction.CALENDAR_CREATE, fields)


def add_calendar_entry(
    session: Session,
    calendar: CourtCalendar,
    kind: CalendarEntryKind,
    starts_on: date,
    ends_on: date | None = None,
    label: str = "",
) -> CalendarEntry:
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on or starts_on)):
        if not year_in_range(day):  # a year 9999 would make every deadline overflow
            raise ValidationError(
                field,
                N_("Enter a date from the year {first} to {last}."),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
    entry = _base.create(
        session,
        CalendarEntry,
        AuditAction.CALENDAR_ENTRY_ADD,
        {"kind": kind, "starts_on": starts_on, "ends_on": ends_on or starts_on, "label": label},
        calendar_id=calendar.id,
    )
    session.flush()
    session.refresh(calendar, ["entries"])
    return entry


def add_deadline(
    session: Session,
    case: Case,
    *,
    title: str,
    trigger_date: date,
    amount: int | None,
    unit: DeadlineUnit,
    calendar: CourtCalendar | None = None,
    proceeding: Proceeding | None = None,
    **fields: Any,
) -> Deadline:
    """Store a deadline with its computed due date and everything needed to explain it."""
    if unit != DeadlineUnit.NONE and (amount is None or amount < 0):
        raise ValidationError("amount", N_("The period must be zero or more."))
    due = compute_due(trigger_date, amount, unit, business_calendar(calendar))
    return _base.create(
        session,
        Deadline,
        AuditAction.DEADLINE_ADD,
        {"title": title, "trigger_date": trigger_date, "amount": amount, "unit": unit, **fields},
        case_id=case.id,
        proceeding_id=proceeding.id if proceeding else None,
        calendar_id=calendar.id if calendar else None,
        computed_due=due,
    )


def recompute_deadline(session: Session, deadline: Deadline) -> Deadline:
    """After a calendar edit: recompute; a person's override still wins."""
    due = compute_due(
        deadline.trigger_date, deadline.amount, deadline.unit, business_calendar(deadline.calendar)
    )
    if due != deadline.computed_due:
        old = deadline.computed_due
        deadline.computed_due = due
        session.flush()
        audit.append(
            session,
            AuditAction.DEADLINE_RECOMPUTE,
            entity=deadline,
            case_id=deadline.case_id,
            details={"changed": {"computed_due": {"from": str(old), "to": str(due)}}},
        )
    return deadline


def override_deadline(
    session: Session, deadline: Deadline, due: date | None, reason: str
) -> Deadline:
    """A person sets the due date; recorded with who, when and why. None removes it."""
    if due is not None and not reason.strip():
        raise ValidationError("override_reason", N_("Say why the date is set by hand."))
    return _base.update(
        session,
        deadline,
        AuditAction.DEADLINE_OVERRIDE,
        {
            "override_due": due,
            "override_reason": reason if due else "",
            "overridden_by": str(session.info.get("actor", "")) if due else None,
            "overridden_at": utcnow() if due else None,
        },
    )


def set_deadline_status(session: Session, deadline: Deadline, status: DeadlineStatus) -> Deadline:
    return _base.update(session, deadline, AuditAction.DEADLINE_STATUS, {"status": status})


def recompute_calendar(session: Session, calendar: CourtCalendar) -> int:
    """After a court calendar changes, every open deadline counted on it moves with it;
    returns how many due dates changed (overrides by a person still win)."""
    session.flush()
    session.refresh(calendar, ["entries"])
    changed = 0
    for deadline in session.scalars(
        select(Deadline).where(
            Deadline.calendar_id == calendar.id, Deadline.status == DeadlineStatus.OPEN
        )
    ):
        before = deadline.computed_due
        if recompute_deadline(session, deadline).computed_due != before:
            changed += 1
    return changed


def delete_deadline(session: Session, deadline: Deadline) -> None:
    """A deadline typed by hand by mistake. One a checklist step started is part of that
    checklist: it is settled by the step (done or not applicable), never deleted."""
    step = session.scalar(
        select(ChecklistStep).where(
            (ChecklistStep.id == deadline.source_step_id)
            | (ChecklistStep.deadline_id == deadline.id)
        )
    )
    if step is not None or deadline.source_step_id is not None:
        raise ValidationError(
            "deadline",
            N_(
                "This deadline comes from the checklist step “{step}”: mark that step done "
                "or not applicable instead of deleting it."
            ),
            step=step.title(current_language()) if step is not None else "?",
        )
    audit.append(
        session,
        AuditAction.DEADLINE_DELETE,
        entity=deadline,
        case_id=deadline.case_id,
        details={
            "status": deadline.status.value,
            "trigger_date": deadline.trigger_date.isoformat(),
            "due": deadline.due.isoformat() if deadline.due else None,
        },
    )
    session.delete(deadline)
    session.flush()


def delete_calendar_entry(session: Session, entry: CalendarEntry) -> int:
    """Remove a non-working day (or range) typed by mistake, then move every open deadline
    counted on that calendar; returns how many due dates changed."""
    calendar = entry.calendar
    audit.append(
        session,
        AuditAction.CALENDAR_ENTRY_DELETE,
        entity=entry,
        details={
            "calendar_id": calendar.id,
            "kind": entry.kind.value,
            "starts_on": entry.starts_on.isoformat(),
            "ends_on": entry.ends_on.isoformat(),
        },
    )
    session.delete(entry)
    session.flush()
    return recompute_calendar(session, calendar)
