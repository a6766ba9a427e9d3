"""The checklist engine: start a template on a case, move steps, compute what blocks
them, create the deadlines their rules imply, and answer "what is next"."""

from __future__ import annotations

import string
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pycountry
from sqlalchemy import Date, func, select
from sqlalchemy.orm import Session

from reunify.errors import ValidationError
from reunify.i18n import N_, current_language
from reunify.models import (
    CalendarBase,
    Case,
    CaseParty,
    Checklist,
    ChecklistStep,
    CourtCalendar,
    Deadline,
    DeadlineStatus,
    DeadlineUnit,
    Document,
    IssuerLevel,
    Person,
    StepDocument,
    StepState,
    audit,
)
from reunify.models.base import new_id, utcnow
from reunify.operations.deadlines import add_deadline
from reunify.text import clean_line
from reunify.workflows import templates as tpl

FINISHED = (StepState.DONE, StepState.NOT_APPLICABLE)
SAFETY_PLAN_TEMPLATE = "safety_plan"
SAFETY_PLAN_FINAL_STEP = "approved"


# -- context for texts --------------------------------------------------------------


def _state_name(code: str | None) -> str:
    sub = pycountry.subdivisions.get(code=code) if code else None  # type: ignore[no-untyped-call]
    return str(sub.name) if sub is not None else ""


def apostille_office(doc: Document) -> tpl.Text:
    """The competent apostille office for a document, from who issued it (DOMAIN.md §6)."""
    state = _state_name(doc.issuer_state)
    match doc.issuer_level:
        case IssuerLevel.MX_FEDERAL:
            return tpl.Text("SEGOB (Secretaría de Gobernación)", "SEGOB (Ministry of the Interior)")
        case IssuerLevel.MX_STATE:
            return tpl.Text(
                f"Secretaría General de Gobierno de {state or 'el estado emisor'}",
                f"Secretaría General de Gobierno of {state or 'the issuing state'}",
            )
        case IssuerLevel.US_STATE:
            return tpl.Text(
                f"Secretary of State de {state or 'el estado emisor'}",
                f"Secretary of State of {state or 'the issuing state'}",
            )
        case IssuerLevel.US_FEDERAL:
            return tpl.Text(
                "Departamento de Estado de EE. UU., Office of Authentications",
                "US Department of State, Office of Authentications",
            )
    return tpl.Text(
        "por determinar según quién emitió el documento", "to be decided from the issuer"
    )


def _fill(text: str, context: dict[str, str]) -> str:
    """Fill {placeholders} we know; leave any other braces as they are."""
    values: defaultdict[str, str] = defaultdict(str, context)
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format_map(values) if names <= set(context) else text


# -- starting a checklist ------------------------------------------------------------


def _calendar_for(
    session: Session, checklist: Checklist, rule: dict[str, Any]
) -> CourtCalendar | None:
    if rule.get("calendar") == "lft":
        return None
    if rule.get("calendar") == "us":
        cal = session.scalar(
            select(CourtCalendar).where(CourtCalendar.base == CalendarBase.US_FEDERAL).limit(1)
        )
        if cal is None:
            cal = CourtCalendar(id=new_id(), name="US federal", base=CalendarBase.US_FEDERAL)
            session.add(cal)
            session.flush()
        return cal
    if checklist.calendar_id:
        return session.get(CourtCalendar, checklist.calendar_id)
    return None


def _rule_deadline(
    session: Session, step: ChecklistStep, trigger: date, trigger_event: str
) -> Deadline:
    rule = step.due_rule
    checklist = step.checklist
    titles = rule.get("title") or {"es": step.title_es, "en": step.title_en}
    case = session.get(Case, checklist.case_id)
    assert case is not None
    deadline = add_deadline(
        session,
        case,
        title=titles["en" if current_language() == "en" else "es"],
        trigger_event=trigger_event,
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
    if document is not None and template.id == "apostille":
        context["office"] = apostille_office(document)
    start = started_on or date.today()
    checklist = Checklist(
        id=new_id(),
        case_id=case.id,
        template_id=template.id,
        template_version=template.version,
        title_es=template.title.es,
        title_en=template.title.en,
        document_id=document.id if document else None,
        person_id=person.id if person else None,
        calendar_id=calendar.id if calendar else None,
        started_on=start,
        trigger_on=trigger_on,
        context={k: {"es": v.es, "en": v.en} for k, v in context.items()},
    )
    session.add(checklist)
    es_ctx = {k: v.es for k, v in context.items()}
    en_ctx = {k: v.en for k, v in context.items()}
    for position, st in enumerate(template.steps):
        checklist.steps.append(
            ChecklistStep(
                id=new_id(),
                key=st.key,
                position=position,
                title_es=_fill(st.title.es, es_ctx),
                title_en=_fill(st.title.en, en_ctx),
                description_es=_fill(st.description.es, es_ctx),
                description_en=_fill(st.description.en, en_ctx),
                actor=st.actor,
                after=list(st.after),
                needs=list(st.needs),
                produces=list(st.produces),
                safety_plan=st.safety_plan,
                due_rule=st.due.as_dict() if st.due else {},
            )
        )
    session.flush()
    for step in checklist.steps:
        source = step.due_rule.get("from")
        if source in ("start", "trigger"):
            trigger = (trigger_on or start) if source == "trigger" else start
            event = checklist.title(current_language())
            step.deadline_id = _rule_deadline(session, step, trigger, event).id
    session.flush()
    audit.append(
        session,
        "checklist.start",
        entity=checklist,
        case_id=case.id,
        details={"template": template.id, "version": template.version},
    )
    return checklist


# -- blockers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Blocker:
    """Why a step cannot be completed yet."""

    kind: str  # "dependency" | "safety_plan" | "document" | "manual"
    detail: str  # the step key, the document kind, or the reason typed by a person


def safety_plan_ready(session: Session, case_id: str) -> bool:
    return bool(
        session.scalar(
            select(ChecklistStep.id)
            .join(Checklist)
            .where(
                Checklist.case_id == case_id,
                Checklist.template_id == SAFETY_PLAN_TEMPLATE,
                ChecklistStep.key == SAFETY_PLAN_FINAL_STEP,
                ChecklistStep.state == StepState.DONE,
            )
            .limit(1)
        )
    )


def _available_kinds(session: Session, step: ChecklistStep) -> set[str]:
    checklist = step.checklist
    kinds = set(session.scalars(select(Document.kind).where(Document.case_id == checklist.case_id)))
    return {k.value if hasattr(k, "value") else str(k) for k in kinds}


def blockers(session: Session, step: ChecklistStep) -> list[Blocker]:
    found: list[Blocker] = []
    if step.state == StepState.BLOCKED:
        found.append(Blocker("manual", step.state_reason))
    by_key = {s.key: s for s in step.checklist.steps}
    for dep in step.after:
        other = by_key.get(dep)
        if other is not None and other.state not in FINISHED:
            found.append(Blocker("dependency", dep))
    if step.safety_plan and not safety_plan_ready(session, step.checklist.case_id):
        found.append(Blocker("safety_plan", SAFETY_PLAN_TEMPLATE))
    if step.needs:
        have = _available_kinds(session, step)
        found += [Blocker("document", kind) for kind in step.needs if kind not in have]
    return found


def effective_state(
    session: Session, step: ChecklistStep, found: list[Blocker] | None = None
) -> StepState:
    """What a person should see: an open step with blockers shows as blocked.

    `found` is the step's blockers when the caller has them already (they cost queries).
    """
    if step.state not in (StepState.TODO, StepState.IN_PROGRESS):
        return step.state
    if found is None:
        found = blockers(session, step)
    return StepState.BLOCKED if found else step.state


# -- moving steps ---------------------------------------------------------------------


def _audit_step(session: Session, step: ChecklistStep, action: str, **details: Any) -> None:
    audit.append(
        session,
        action,
        entity=step,
        case_id=step.checklist.case_id,
        details={"checklist": step.checklist.template_id, "step": step.key, **details},
    )


def complete_step(
    session: Session,
    step: ChecklistStep,
    *,
    on: date | None = None,
    notified_on: date | None = None,
) -> ChecklistStep:
    """Mark done, recording who and when; starts the period its due rule describes.

    Refused while the step is blocked: the message names each blocker.
    """
    if step.state == StepState.DONE:
        return step
    found = blockers(session, step)
    if found:
        raise StepBlocked(step, found)
    day = on or date.today()
    step.state = StepState.DONE
    step.state_reason = ""
    step.completed_on = day
    step.completed_by = str(session.info.get("actor", ""))
    step.completed_at = utcnow()
    session.flush()
    _audit_step(session, step, "checklist.step_done", on=day.isoformat())
    _own_deadline_status(session, step, DeadlineStatus.MET)
    _settle_deadlines(session, step)
    if step.due_rule.get("from") == "done":
        event = step.title(current_language())
        _rule_deadline(session, step, notified_on or day, event)
    return step


def set_step_state(
    session: Session, step: ChecklistStep, state: StepState, reason: str = ""
) -> ChecklistStep:
    """To do, in progress, blocked (reason) or not applicable (reason); reopening clears done."""
    if state == StepState.DONE:
        return complete_step(session, step)
    if state in (StepState.NOT_APPLICABLE, StepState.BLOCKED) and not reason.strip():
        raise ValidationError("state_reason", N_("Say why (it is kept in the case history)."))
    old = step.state
    step.state = state
    step.state_reason = clean_line(reason)
    if old == StepState.DONE:
        step.completed_on = step.completed_by = step.completed_at = None
        for deadline in session.scalars(select(Deadline).where(Deadline.source_step_id == step.id)):
            if deadline.status == DeadlineStatus.OPEN and deadline.id != step.deadline_id:
                deadline.status = DeadlineStatus.CANCELLED
    session.flush()
    _audit_step(session, step, "checklist.step_state", **{"from": old.value, "to": state.value})
    if state == StepState.NOT_APPLICABLE:
        _own_deadline_status(session, step, DeadlineStatus.CANCELLED)
        _settle_deadlines(session, step)
    elif old in FINISHED:
        _own_deadline_status(session, step, DeadlineStatus.OPEN)
    return step


def _own_deadline_status(session: Session, step: ChecklistStep, status: DeadlineStatus) -> None:
    deadline = session.get(Deadline, step.deadline_id) if step.deadline_id else None
    if deadline is not None and deadline.status != status:
        deadline.status = status
        session.flush()


def _settle_deadlines(session: Session, step: ChecklistStep) -> None:
    """A period a step started is met once every step waiting on that step is finished.

    E.g. "Answer to the claim" (started by service) is met when the answer step is done.
    """
    steps = step.checklist.steps
    by_key = {s.key: s for s in steps}
    for source_key in step.after:
        source = by_key.get(source_key)
        if source is None:
            continue
        waiting = [s for s in steps if source_key in s.after]
        if all(s.state in FINISHED for s in waiting):
            for deadline in session.scalars(
                select(Deadline).where(
                    Deadline.source_step_id == source.id, Deadline.status == DeadlineStatus.OPEN
                )
            ):
                deadline.status = DeadlineStatus.MET
                audit.append(
                    session,
                    "deadline.met",
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
        _audit_step(session, step, "checklist.document_link", document_id=document.id)


class StepBlocked(ValidationError):
    message = N_("This step cannot be completed yet: {reasons}.")

    def __init__(self, step: ChecklistStep, found: list[Blocker]) -> None:
        from reunify.workflows.describe import blocker_text

        super().__init__(
            "state",
            reasons="; ".join(blocker_text(step, b) for b in found),
        )
        self.blockers = found


# -- progress and what is next -------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    finished: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100


def checklist_progress(checklist: Checklist) -> Progress:
    steps = checklist.steps
    return Progress(sum(s.state in FINISHED for s in steps), len(steps))


def case_progress(session: Session, case: Case) -> Progress:
    rows = session.execute(
        select(ChecklistStep.state).join(Checklist).where(Checklist.case_id == case.id)
    ).scalars()
    states = list(rows)
    return Progress(sum(s in FINISHED for s in states), len(states))


@dataclass(frozen=True)
class NextItem:
    due: date
    overdue: bool
    case_id: str
    reference: str
    title: str
    deadline_id: str
    step_id: str | None


def what_is_next(
    session: Session, *, today: date | None = None, horizon_days: int = 14, limit: int = 500
) -> list[NextItem]:
    """Open deadlines across all cases that are overdue or due within the horizon, by date.

    Step due dates are deadlines too (created from the templates' rules), so one
    query covers both; a step that is finished has already closed its deadline
    (met or cancelled). A person's override wins over the computed date.
    """
    day = today or date.today()
    due = func.coalesce(Deadline.override_due, Deadline.computed_due, type_=Date)
    rows = session.execute(
        select(Deadline, Case.reference, due)
        .join(Case, Case.id == Deadline.case_id)
        .where(Deadline.status == DeadlineStatus.OPEN, due <= day + timedelta(days=horizon_days))
        .order_by(due, Case.reference)
        .limit(limit)
    ).all()
    return [
        NextItem(
            due=when,
            overdue=when < day,
            case_id=dl.case_id,
            reference=ref,
            title=dl.title,
            deadline_id=dl.id,
            step_id=dl.source_step_id,
        )
        for dl, ref, when in rows
    ]
