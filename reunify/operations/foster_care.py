"""The ASFA clock of a US dependency case, recorded on its checklist.

The attorney records what the agency's file says — the removal, the adjudication,
earlier stays in foster care, the day the child left care, an exception under
42 U.S.C. 675(5)(E) — and this keeps the deadlines that follow from it up to date:
the 15-of-22-months mark (the deadline of the "regain custody" step, which the
template first counts from the removal alone), the 6-month reviews and the
12-month permanency hearings. The dates are `reunify.workflows.asfa`'s rules.

What was recorded lives in the checklist's `context["asfa"]` (dates as ISO text):
it belongs to that one checklist, and needs no table of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from reunify import i18n
from reunify.errors import ValidationError
from reunify.i18n import N_
from reunify.models import (
    AuditAction,
    Case,
    Checklist,
    ChecklistStep,
    Deadline,
    DeadlineStatus,
    DeadlineUnit,
    audit,
)
from reunify.operations._base import clean_text
from reunify.operations.checklists import set_trigger_date
from reunify.operations.deadlines import add_deadline, recompute_deadline
from reunify.workflows import asfa
from reunify.workflows.asfa import AsfaClock, AsfaException, Stay, StayError
from reunify.workflows.calendars import add_months
from reunify.workflows.describe import fmt_date
from reunify.workflows.steps import FINISHED

TEMPLATE_ID = "us_dependency"
CONTEXT_KEY = "asfa"
TPR_STEP = "reunification"  # its deadline is the 15-of-22 mark: met when custody returns
HEARING_STEPS = {"review": "reviews", "permanency": "permanency"}

# Deadline texts are stored in every language there is a catalog for and shown in
# the language of the screen or bundle (DESIGN.md), like a template's.
TPR_TITLE = N_("15 of 22 months in foster care (ASFA): petition to terminate parental rights")
EXCEPTION_TITLE = N_("15 of 22 months in foster care (ASFA): exception — {exception}")
REVIEW_TITLE = N_("Review hearing ({months} months in foster care)")
PERMANENCY_TITLE = N_("Permanency hearing ({months} months in foster care)")
ENTERED_EVENT = N_("Date considered entered into foster care (42 U.S.C. 675(5)(F))")
EXCEPTIONS = {
    AsfaException.RELATIVE: N_("the child is being cared for by a relative"),
    AsfaException.COMPELLING_REASON: N_("a compelling reason documented in the case plan"),
    AsfaException.SERVICES_NOT_PROVIDED: N_("the agency did not provide the case plan's services"),
}
BASIS = {
    "tpr": "42 U.S.C. 675(5)(E); 45 CFR 1356.21(i)",
    "review": "42 U.S.C. 675(5)(B)",
    "permanency": "42 U.S.C. 675(5)(C)",
}
STAY_PROBLEMS = {
    "left_before_removal": N_("The child cannot leave care on or before the day of the removal."),
    "open_earlier_stay": N_("An earlier stay needs the day it ended."),
    "ends_before_start": N_("A stay that began on {start} cannot end on or before that day."),
    "after_removal": N_("The stay that began on {start} must end by the day of this removal."),
    "overlap": N_("The stay that began on {start} overlaps another one."),
}


@dataclass(frozen=True)
class FosterCare:
    """What has been recorded on a checklist (all empty before the first record)."""

    removal: date | None = None
    adjudication: date | None = None
    earlier: tuple[Stay, ...] = ()
    left_on: date | None = None
    exception: AsfaException | None = None
    exception_reason: str = ""

    def clock(self) -> AsfaClock | None:
        if self.removal is None:
            return None
        return asfa.clock(self.removal, self.adjudication, self.earlier, self.left_on)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def foster_care(checklist: Checklist) -> FosterCare:
    """What the checklist records; the removal falls back to its trigger date."""
    raw = (checklist.context or {}).get(CONTEXT_KEY) or {}
    exception = raw.get("exception")
    return FosterCare(
        removal=_day(raw.get("removal")) or checklist.trigger_on,
        adjudication=_day(raw.get("adjudication")),
        earlier=tuple(Stay(date.fromisoformat(s), _day(e)) for s, e in raw.get("earlier", [])),
        left_on=_day(raw.get("left_on")),
        exception=AsfaException(exception) if exception else None,
        exception_reason=str(raw.get("exception_reason", "")),
    )


def _check(
    removal: date,
    adjudication: date | None,
    earlier: Sequence[Stay],
    left_on: date | None,
    exception: AsfaException | None,
    reason: str,
    today: date,
) -> None:
    for field, day in (("removal", removal), ("adjudication", adjudication), ("left_on", left_on)):
        if day is not None and day > today:
            raise ValidationError(
                field,
                N_("{date} has not come yet: record only what has happened."),
                date=fmt_date(day),
            )
    if any(s.start > today or (s.end is not None and s.end > today) for s in earlier):
        raise ValidationError("earlier", N_("A stay in care cannot be in the future."))
    if adjudication is not None and adjudication < removal:
        # 675(5)(F) takes the earlier date; a finding before this removal belongs to
        # an earlier stay.
        raise ValidationError(
            "adjudication", N_("The adjudication of this removal cannot come before it.")
        )
    try:
        asfa.check_stays(removal, earlier, left_on)
    except StayError as exc:
        start = fmt_date(exc.stay.start) if exc.stay is not None else ""
        raise ValidationError(
            "left_on" if exc.code == "left_before_removal" else "earlier",
            STAY_PROBLEMS[exc.code],
            start=start,
        ) from None
    if exception is not None and not reason:
        raise ValidationError(
            "exception_reason", N_("Say why the exception applies (it is kept in the case).")
        )


def record_foster_care(
    session: Session,
    checklist: Checklist,
    *,
    removal: date,
    adjudication: date | None = None,
    earlier: Sequence[Stay] = (),
    left_on: date | None = None,
    exception: AsfaException | None = None,
    exception_reason: str = "",
    today: date | None = None,
) -> AsfaClock:
    """Record the foster-care facts of a dependency case and bring its ASFA deadlines
    up to date; recording again replaces what was recorded (a correction, a new stay).

    Hearings already past on `today` are not added as deadlines (one already added
    stays, moved to its new date); after the child left care none are due, and an
    open one is cancelled.
    """
    if checklist.template_id != TEMPLATE_ID:
        raise ValidationError("checklist", N_("The ASFA clock belongs to a US dependency case."))
    now = today or date.today()
    reason = clean_text("exception_reason", exception_reason) if exception is not None else ""
    stays = tuple(sorted(earlier, key=lambda s: s.start))
    _check(removal, adjudication, stays, left_on, exception, reason, now)
    if checklist.trigger_on != removal:
        if (checklist.context or {}).get("trigger"):
            set_trigger_date(session, checklist, removal, today=now)  # the template's periods
        else:  # started before templates named their trigger: nothing counts from it
            checklist.trigger_on = removal
    before = foster_care(checklist)
    record = FosterCare(removal, adjudication, stays, left_on, exception, reason)
    result = record.clock()
    assert result is not None
    ids = dict(((checklist.context or {}).get(CONTEXT_KEY) or {}).get("deadlines", {}))
    _tpr_deadline(session, checklist, record, result, ids)
    _hearing_deadlines(session, checklist, result, ids, now)
    checklist.context = {
        **(checklist.context or {}),
        CONTEXT_KEY: {
            "removal": removal.isoformat(),
            "adjudication": adjudication.isoformat() if adjudication else None,
            "earlier": [[s.start.isoformat(), s.end.isoformat() if s.end else None] for s in stays],
            "left_on": left_on.isoformat() if left_on else None,
            "exception": exception.value if exception else None,
            "exception_reason": reason,
            "deadlines": ids,
        },
    }
    session.flush()
    changed = sorted(
        name
        for name in ("removal", "adjudication", "earlier", "left_on", "exception")
        if getattr(before, name) != getattr(record, name)
    )
    if before.exception_reason != record.exception_reason:
        changed.append("exception_reason")
    audit.append(
        session,
        AuditAction.CHECKLIST_FOSTER_CARE,
        entity=checklist,
        case_id=checklist.case_id,
        details={
            "changed": {name: True for name in changed},
            "considered_entered": result.considered_entered.isoformat(),
            "fifteen_of_22": result.fifteen_of_22.isoformat() if result.fifteen_of_22 else None,
            "exception": exception.value if exception else None,
        },
    )
    return result


def _step(checklist: Checklist, key: str) -> ChecklistStep | None:
    return next((s for s in checklist.steps if s.key == key), None)


def _put(
    session: Session,
    checklist: Checklist,
    deadline: Deadline | None,
    *,
    titles: dict[str, str],
    entered: date,
    amount: int,
    unit: DeadlineUnit,
    basis: str,
    step: ChecklistStep | None,
    notes: str = "",
) -> Deadline:
    """Add the deadline, or move an existing one to its new count (audited either way)."""
    events = i18n.in_every_language(ENTERED_EVENT)
    language = i18n.current_language()
    if deadline is None:
        case = session.get(Case, checklist.case_id)
        assert case is not None
        deadline = add_deadline(
            session,
            case,
            title=i18n.in_language(titles, language),
            titles=titles,
            trigger_event=i18n.in_language(events, language),
            trigger_events=events,
            trigger_date=entered,
            amount=amount,
            unit=unit,
            legal_basis=basis,
            notes=notes,
        )
        deadline.source_step_id = step.id if step is not None else None
        session.flush()
        return deadline
    deadline.titles = titles
    deadline.title = i18n.in_language(titles, language)
    deadline.trigger_events = events
    deadline.trigger_event = i18n.in_language(events, language)
    deadline.trigger_date, deadline.amount, deadline.unit = entered, amount, unit
    deadline.legal_basis = basis
    deadline.notes = notes
    if deadline.status == DeadlineStatus.CANCELLED:
        deadline.status = DeadlineStatus.OPEN
    session.flush()
    return recompute_deadline(session, deadline)


def _cancel(deadline: Deadline | None) -> None:
    if deadline is not None and deadline.status == DeadlineStatus.OPEN:
        deadline.status = DeadlineStatus.CANCELLED


def _tpr_deadline(
    session: Session,
    checklist: Checklist,
    record: FosterCare,
    result: AsfaClock,
    ids: dict[str, str],
) -> None:
    """The 15-of-22 mark: the "regain custody" step's deadline (met when custody returns);
    with an exception it says so instead of warning of a petition."""
    step = _step(checklist, TPR_STEP)
    own_id = step.deadline_id if step is not None else ids.get("tpr")
    deadline = session.get(Deadline, own_id) if own_id else None
    mark = result.fifteen_of_22
    if mark is None:  # the child left care before 15 months were reached
        _cancel(deadline)
        return
    entered = result.considered_entered
    if add_months(entered, asfa.MONTHS_IN_CARE) == mark:
        amount, unit = asfa.MONTHS_IN_CARE, DeadlineUnit.MONTHS
    else:  # earlier stays brought it nearer: the count in days says exactly when
        amount, unit = (mark - entered).days, DeadlineUnit.CALENDAR_DAYS
    if record.exception is None:
        titles = i18n.in_every_language(TPR_TITLE)
    else:
        titles = i18n.in_every_language(EXCEPTION_TITLE, exception=EXCEPTIONS[record.exception])
    # Custody regained (met) or the step not applicable (cancelled): that stays so.
    settled = (
        deadline.status
        if deadline is not None and step is not None and step.state in FINISHED
        else None
    )
    deadline = _put(
        session, checklist, deadline, titles=titles, entered=entered, amount=amount, unit=unit,
        basis=BASIS["tpr"], step=step, notes=record.exception_reason,
    )  # fmt: skip
    if settled is not None:
        deadline.status = settled
    if step is not None:
        step.deadline_id = deadline.id
    else:
        ids["tpr"] = deadline.id


def _hearing_deadlines(
    session: Session, checklist: Checklist, result: AsfaClock, ids: dict[str, str], today: date
) -> None:
    wanted = {f"{h.kind}_{h.months}": h for h in result.hearings}
    for slot, deadline_id in list(ids.items()):
        if slot != "tpr" and slot not in wanted:
            _cancel(session.get(Deadline, deadline_id))
    for slot, hearing in wanted.items():
        deadline = session.get(Deadline, ids[slot]) if slot in ids else None
        if deadline is None and hearing.due < today:
            continue  # already past when first recorded: the hearing step records it
        title = REVIEW_TITLE if hearing.kind == "review" else PERMANENCY_TITLE
        titles = i18n.in_every_language(title, months=hearing.months)
        deadline = _put(
            session, checklist, deadline, titles=titles,
            entered=result.considered_entered, amount=hearing.months, unit=DeadlineUnit.MONTHS,
            basis=BASIS[hearing.kind], step=_step(checklist, HEARING_STEPS[hearing.kind]),
        )  # fmt: skip
        ids[slot] = deadline.id
