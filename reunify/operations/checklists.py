"""Checklist actions a person takes: start a template on a case, move a step, link a
document. Each writes the audit trail in the caller's transaction; the rules they
apply (blockers, settled periods, text filling) are pure functions in
`reunify.workflows.steps`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, _, current_language, in_every_language, in_language
from reunify.models import (
    AuditAction,
    Case,
    CaseParty,
    Checklist,
    ChecklistStep,
    CourtCalendar,
    Deadline,
    DeadlineStatus,
    DeadlineUnit,
    Document,
    Person,
    StepDocument,
    StepState,
    audit,
)
from reunify.models.base import new_id, utcnow
from reunify.operations._base import clean_text
from reunify.operations.calendars import rule_calendar
from reunify.operations.deadlines import add_deadline
from reunify.queries import step_blockers
from reunify.text import clean_line
from reunify.workflows import templates as tpl
from reunify.workflows.describe import blocker_text, fmt_date
from reunify.workflows.steps import FINISHED, Blocker, apostille_office, fill, settled_sources


class StepBlocked(ValidationError):
    message = N_("This step cannot be completed yet: {reasons}.")

    def __init__(self, step: ChecklistStep, found: list[Blocker]) -> None:
        super().__init__("state", reasons="; ".join(blocker_text(step, b) for b in found))
        self.blockers = found


# -- starting a checklist ------------------------------------------------------------


def _calendar_for(
    session: Session, checklist: Checklist, rule: dict[str, Any]
) -> CourtCalendar | None:
    """The calendar a due rule counts on: the checklist's court calendar ("case"), the
    LFT base (None), or a named calendar kept in the vault ("us", "amparo", "consulate")."""
    key = rule.get("calendar", "case")
    if key == "lft":
        return None
    if key != "case":
        return rule_calendar(session, key)
    if checklist.calendar_id:
        return session.get(CourtCalendar, checklist.calendar_id)
    return None


def _rule_deadline(
    session: Session, step: ChecklistStep, trigger: date, trigger_events: dict[str, str]
) -> Deadline:
    """The period a step's due rule describes; its title and trigger event are stored in
    every language the template had and shown in the language of the screen or bundle."""
    rule = step.due_rule
    checklist = step.checklist
    titles = dict(rule.get("title") or step.titles)
    case = session.get(Case, checklist.case_id)
    assert case is not None
    language = current_language()
    deadline = add_deadline(
        session,
        case,
        title=in_language(titles, language),
        titles=titles,
        trigger_event=in_language(trigger_events, language),
        trigger_events=dict(trigger_events),
        trigger_date=trigger,
        amount=int(rule["amount"]),
        unit=DeadlineUnit(rule["unit"]),
        calendar=_calendar_for(session, checklist, rule),
        legal_basis=str(rule.get("basis", "")),
    )
    deadline.source_step_id = step.id
    return deadline


def start_checklist(
    session: Session,
    case: Case,
    template_id: str,
    *,
    document: Document | None = None,
    person: Person | None = None,
    calendar: CourtCalendar | None = None,
    started_on: date | None = None,
    trigger_on: date | None = None,
) -> Checklist:
    """Copy a template's steps into the case; later template edits never touch them."""
    template = tpl.get(template_id)
    session.flush()  # the case, person or document may have been created just now
    if template.scope == "document" and (document is None or document.case_id != case.id):
        raise ValidationError("document", N_("Choose a document of this case for this checklist."))
    if template.scope == "person":
        linked = person is not None and session.scalar(
            select(CaseParty.id).where(
                CaseParty.case_id == case.id, CaseParty.person_id == person.id
            )
        )
        if not linked:
            raise ValidationError("person", N_("Choose a person of this case for this checklist."))
    context: dict[str, tpl.Text] = {}
    if template.trigger is not None:
        context["trigger"] = template.trigger
    if document is not None and template.id == "apostille":
        context["office"] = apostille_office(document)
    start = started_on or date.today()
    checklist = Checklist(
        id=new_id(),
        case_id=case.id,
        template_id=template.id,
        template_version=template.version,
        titles=template.title.as_dict(),
        document_id=document.id if document else None,
        person_id=person.id if person else None,
        calendar_id=calendar.id if calendar else None,
        started_on=start,
        trigger_on=trigger_on,
        context={k: v.as_dict() for k, v in context.items()},
    )
    session.add(checklist)

    def filled(text: tpl.Text) -> dict[str, str]:
        """Every language the template has, its {placeholders} in the same language."""
        return {
            lang: fill(t, {k: v.get(lang) for k, v in context.items()}) for lang, t in text.items()
        }

    for position, st in enumerate(template.steps):
        checklist.steps.append(
            ChecklistStep(
                id=new_id(),
                key=st.key,
                position=position,
                titles=filled(st.title),
                descriptions=filled(st.description),
                actor=st.actor,
                after=list(st.after),
                needs=list(st.needs),
                produces=list(st.produces),
                safety_plan=st.safety_plan,
                only_if=st.only_if,
                due_rule=st.due.as_dict() if st.due else {},
            )
        )
    session.flush()
    for step in checklist.steps:
        source = step.due_rule.get("from")
        if source == "start":
            step.deadline_id = _rule_deadline(session, step, start, checklist.titles).id
        elif source == "trigger" and trigger_on is not None:
            # Without the date it runs from, no deadline is made up: `set_trigger_date`
            # adds it when the attorney knows the day (the form asks for it by name).
            step.deadline_id = _rule_deadline(
                session, step, trigger_on, _trigger_texts(checklist)
            ).id
        elif source == "birth" and person is not None and person.birth_date is not None:
            # An age-out: counted from the birth date of the person the checklist is about.
            step.deadline_id = _rule_deadline(
                session, step, person.birth_date, in_every_language(BIRTH_EVENT)
            ).id
    session.flush()
    audit.append(
        session,
        AuditAction.CHECKLIST_START,
        entity=checklist,
        case_id=case.id,
        details={"template": template.id, "version": template.version},
    )
    return checklist


BIRTH_EVENT = N_("Date of birth")


def recount_from_birth(session: Session, person: Person) -> int:
    """A birth date entered or corrected after a checklist about the person started
    (the T-3 child's age-out): count its periods again from the new date, replacing
    the old ones; with no birth date, none is left open. Returns how many changed."""
    changed = 0
    births = in_every_language(BIRTH_EVENT)
    for checklist in session.scalars(select(Checklist).where(Checklist.person_id == person.id)):
        for step in checklist.steps:
            if step.due_rule.get("from") != "birth":
                continue
            previous = session.get(Deadline, step.deadline_id) if step.deadline_id else None
            if previous is None or previous.trigger_date != person.birth_date:
                _recount(session, step, person.birth_date, births)
                changed += 1
    session.flush()
    return changed


def _recount(
    session: Session, step: ChecklistStep, day: date | None, events: dict[str, str]
) -> None:
    """Count a step's period again from `day` (None: no period): the old one, still open,
    is cancelled rather than kept beside it; a finished step's new one is met."""
    previous = session.get(Deadline, step.deadline_id) if step.deadline_id else None
    if previous is not None and previous.status == DeadlineStatus.OPEN:
        previous.status = DeadlineStatus.CANCELLED
    step.deadline_id = None
    if day is not None:
        deadline = _rule_deadline(session, step, day, events)
        if step.state in FINISHED:
            deadline.status = DeadlineStatus.MET
        step.deadline_id = deadline.id


def _trigger_texts(checklist: Checklist) -> dict[str, str]:
    """What the trigger date is, in every language: the template's words, else the
    checklist's title."""
    return dict(checklist.context.get("trigger") or checklist.titles)


def trigger_name(checklist: Checklist, language: str) -> str:
    """ "The day the child was removed from the home": what this checklist's trigger
    date is, or "" when none of its periods runs from one."""
    return in_language(checklist.context.get("trigger"), language)


def set_trigger_date(
    session: Session, checklist: Checklist, day: date, *, today: date | None = None
) -> Checklist:
    """Record (or correct) the day the checklist's periods run from — the day she
    entered Mexico, the day the child was removed — and count those periods from it.
    A period already counted from another day is replaced, not kept beside it."""
    if not checklist.context.get("trigger"):
        raise ValidationError("trigger_on", N_("No period of this checklist runs from a date."))
    if day > (today or date.today()):
        raise ValidationError(
            "trigger_on",
            N_("{date} has not come yet: the date a period runs from is a day that happened."),
            date=fmt_date(day),
        )
    old = checklist.trigger_on
    checklist.trigger_on = day
    session.flush()
    for step in checklist.steps:
        if step.due_rule.get("from") == "trigger":
            _recount(session, step, day, _trigger_texts(checklist))
    session.flush()
    audit.append(
        session,
        AuditAction.CHECKLIST_TRIGGER,
        entity=checklist,
        case_id=checklist.case_id,
        details={"from": old.isoformat() if old else None, "to": day.isoformat()},
    )
    return checklist


# -- moving steps ---------------------------------------------------------------------


def _audit_step(session: Session, step: ChecklistStep, action: AuditAction, **details: Any) -> None:
    audit.append(
        session,
        action,
        entity=step,
        case_id=step.checklist.case_id,
        details={"checklist": step.checklist.template_id, "step": step.key, **details},
    )


def completion_day(
    step: ChecklistStep, on: date | None, reason: str, *, today: date | None = None
) -> date:
    """The day a step is recorded as done: today, or an earlier day with a reason (the
    apostille came last week, the hearing was yesterday). Never a day to come, never
    before the checklist started or before a step it comes after was done."""
    now = today or date.today()
    day = on or now
    if day > now:
        raise ValidationError(
            "on", N_("{date} has not come yet: a step can only be done today or earlier."),
            date=fmt_date(day),
        )  # fmt: skip
    started = step.checklist.started_on
    if started is not None and day < started:
        raise ValidationError(
            "on",
            N_("The checklist started on {date}: the step cannot be done before that."),
            date=fmt_date(started),
        )
    earlier = {s.key: s for s in step.checklist.steps}
    for key in step.after:
        before = earlier.get(key)
        if before is not None and before.completed_on is not None and day < before.completed_on:
            raise ValidationError(
                "on",
                N_("“{step}” comes first and was done on {date}: choose that day or a later one."),
                step=before.title(current_language()),
                date=fmt_date(before.completed_on),
            )
    if day != now and not clean_line(reason):
        raise ValidationError(
            "reason",
            N_("Say why the step is recorded as done on an earlier day (kept in the history)."),
        )
    return day


def mark_done(
    session: Session,
    step: ChecklistStep,
    *,
    on: date | None = None,
    reason: str = "",
    notified_on: date | None = None,
    today: date | None = None,
) -> ChecklistStep:
    """A person marks a step done: today, or an earlier day with a reason
    (`completion_day`'s rules). The GUI's "Done" goes through here."""
    if step.state == StepState.DONE:
        return step
    day = completion_day(step, on, reason, today=today)
    return complete_step(session, step, on=day, reason=reason, notified_on=notified_on)


def complete_step(
    session: Session,
    step: ChecklistStep,
    *,
    on: date | None = None,
    reason: str = "",
    notified_on: date | None = None,
) -> ChecklistStep:
    """Mark done, recording who and when; starts the period its due rule describes,
    counted from the day it was done. `on` is taken as given: the demo, the benchmark
    and tests lay out a past with it; what a person enters goes through `mark_done`,
    which holds the day to the rules and asks why an earlier day. A reason is kept on
    the step and in the audit event.

    Refused while the step is blocked: the message names each blocker.
    """
    if step.state == StepState.DONE:
        return step
    found = step_blockers(session, step)
    if found:
        raise StepBlocked(step, found)
    day = on or date.today()
    why = clean_text("reason", reason)  # why it is recorded on an earlier day
    step.state = StepState.DONE
    step.state_reason = why
    step.completed_on = day
    step.completed_by = str(session.info.get("actor", ""))
    step.completed_at = utcnow()
    session.flush()
    details: dict[str, Any] = {"on": day.isoformat()}
    if step.state_reason:
        details["reason"] = step.state_reason
    _audit_step(session, step, AuditAction.CHECKLIST_STEP_DONE, **details)
    _own_deadline_status(session, step, DeadlineStatus.MET)
    _settle_deadlines(session, step)
    if step.due_rule.get("from") == "done":
        _rule_deadline(session, step, notified_on or day, step.titles)
    return step


def set_step_state(
    session: Session, step: ChecklistStep, state: StepState, reason: str = ""
) -> ChecklistStep:
    """To do, in progress, blocked (reason) or not applicable (reason); reopening clears done."""
    if state == StepState.DONE:
        return complete_step(session, step)
    if state in (StepState.NOT_APPLICABLE, StepState.BLOCKED) and not reason.strip():
        raise ValidationError("state_reason", N_("Say why (it is kept in the case history)."))
    why = clean_text("state_reason", reason)
    old = step.state
    step.state = state
    step.state_reason = why
    if old == StepState.DONE:
        step.completed_on = step.completed_by = step.completed_at = None
        for deadline in session.scalars(select(Deadline).where(Deadline.source_step_id == step.id)):
            if deadline.status == DeadlineStatus.OPEN and deadline.id != step.deadline_id:
                deadline.status = DeadlineStatus.CANCELLED
    session.flush()
    _audit_step(
        session, step, AuditAction.CHECKLIST_STEP_STATE, **{"from": old.value, "to": state.value}
    )
    if state == StepState.NOT_APPLICABLE:
        _own_deadline_status(session, step, DeadlineStatus.CANCELLED)
        _settle_deadlines(session, step)
    elif old in FINISHED:
        _own_deadline_status(session, step, DeadlineStatus.OPEN)
    _follow_only_if(session, step, old, state)
    return step


def _follow_only_if(session: Session, step: ChecklistStep, old: StepState, new: StepState) -> None:
    """Steps that only happen after `step` follow it: when it did not happen (not
    applicable) they did not either; when it is reopened, so are they."""
    for other in step.checklist.steps:
        if other.only_if != step.key:
            continue
        if new == StepState.NOT_APPLICABLE and other.state != StepState.NOT_APPLICABLE:
            reason = _("“{step}” did not happen").format(step=step.title(current_language()))
            set_step_state(session, other, StepState.NOT_APPLICABLE, reason)
        elif old == StepState.NOT_APPLICABLE and other.state == StepState.NOT_APPLICABLE:
            set_step_state(session, other, StepState.TODO)


def _own_deadline_status(session: Session, step: ChecklistStep, status: DeadlineStatus) -> None:
    deadline = session.get(Deadline, step.deadline_id) if step.deadline_id else None
    if deadline is not None and deadline.status != status:
        deadline.status = status
        session.flush()


def _settle_deadlines(session: Session, step: ChecklistStep) -> None:
    """Mark met the open periods of every source step `step` has settled."""
    for source in settled_sources(step):
        for deadline in session.scalars(
            select(Deadline).where(
                Deadline.source_step_id == source.id, Deadline.status == DeadlineStatus.OPEN
            )
        ):
            deadline.status = DeadlineStatus.MET
            audit.append(
                session,
                AuditAction.DEADLINE_MET,
                entity=deadline,
                case_id=deadline.case_id,
                details={"step": step.key},
            )


def link_document(session: Session, step: ChecklistStep, document: Document) -> None:
    if document.case_id != step.checklist.case_id:
        raise ValidationError("document", N_("The document belongs to another case."))
    if session.get(StepDocument, (step.id, document.id)) is None:
        session.add(StepDocument(step_id=step.id, document_id=document.id))
        session.flush()
        _audit_step(session, step, AuditAction.CHECKLIST_DOCUMENT_LINK, document_id=document.id)
