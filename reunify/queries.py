"""Read models: everything one screen (or the bundle) shows, loaded in a few queries.

The case workspace's tabs, the dashboard, the CLI and the bundle read through
these, so opening a case costs a fixed number of round trips however much the
case holds. Reads only: every write is an operation (`reunify.operations`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Date, func, select
from sqlalchemy.orm import Session, selectinload

from reunify.i18n import in_language
from reunify.models import (
    AuditEvent,
    Case,
    CaseParty,
    CaseStatus,
    CaseTrack,
    Checklist,
    ChecklistStep,
    Consent,
    CourtCalendar,
    Deadline,
    DeadlineStatus,
    Document,
    ImmigrationFiling,
    Note,
    Organisation,
    OrganisationMember,
    Person,
    PersonRelationship,
    Proceeding,
    ProtectionMeasure,
    SearchReport,
    StepDocument,
    StepState,
    Translation,
    TravelPlan,
)
from reunify.models.enums import LegalTrack, PartyRole, SafetyLevel
from reunify.workflows import templates as tpl
from reunify.workflows.steps import (
    SAFETY_PLAN_FINAL_STEP,
    SAFETY_PLAN_TEMPLATE,
    Blocker,
    Progress,
    blockers,
    effective_state,
    fill,
    progress_of,
)


class CaseListRow(NamedTuple):
    """A tuple, not a dataclass: ten thousand of these are built per list load."""

    id: str
    reference: str
    title: str
    status: CaseStatus
    safety: SafetyLevel
    opened_on: date | None = None


def case_list(
    session: Session, case_id: str | None = None, *, archived: bool | None = False
) -> list[CaseListRow]:
    """The case list (or one row of it): only the columns the table shows, no ORM objects.
    Archived cases are left out; `archived=True` lists only them, None every case."""
    query = select(
        Case.id, Case.reference, Case.title, Case.status, Case.safety_level, Case.opened_on
    ).order_by(Case.reference)
    if archived is not None:
        query = query.where(
            Case.archived_on.is_not(None) if archived else Case.archived_on.is_(None)
        )
    if case_id is not None:
        query = query.where(Case.id == case_id)
    return [CaseListRow(*row) for row in session.execute(query)]


@dataclass
class CaseView:
    case: Case
    parties: list[CaseParty]
    relationships: list[PersonRelationship]
    tracks: list[LegalTrack]
    proceedings: list[Proceeding]
    deadlines: list[Deadline]
    checklists: list[Checklist]
    documents: list[Document]
    translations: list[Translation]
    search_reports: list[SearchReport]
    filings: list[ImmigrationFiling]
    travel: list[TravelPlan]
    protection: list[ProtectionMeasure]
    consents: list[Consent]
    notes: list[Note]
    history: list[AuditEvent]
    steps: dict[str, list[StepView]] = field(default_factory=dict)  # checklist id → its steps
    # person id → where the person works ("Lic. … — DIF Tlaxcala"), organisation loaded
    memberships: dict[str, list[OrganisationMember]] = field(default_factory=dict)
    # the address book's names, which the case's forms offer as authority or recipient
    organisation_names: list[str] = field(default_factory=list)
    # checklist id / deadline id → its texts with the languages only the shipped template has
    checklist_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    deadline_titles: dict[str, dict[str, str]] = field(default_factory=dict)

    def checklist_title(self, checklist: Checklist, language: str) -> str:
        return in_language(self.checklist_titles.get(checklist.id) or checklist.titles, language)

    def deadline_title(self, deadline: Deadline, language: str) -> str:
        """A template's deadline in `language`; one typed by hand as typed."""
        found = self.deadline_titles.get(deadline.id)
        return in_language(found, language) if found else deadline.title_in(language)


@dataclass(frozen=True)
class StepView:
    """A step as a person sees it: its state with what blocks it, its due date and the
    titles of the documents linked to it. Blockers, not sentences: the tab words
    them in the language shown, which may change while the view is on screen."""

    step: ChecklistStep
    state: StepState
    blockers: tuple[Blocker, ...]
    due: date | None
    documents: tuple[str, ...] = ()
    # the step's texts, with the languages only the shipped template has (see _with_shipped)
    titles: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.step.id

    def title(self, language: str) -> str:
        return in_language(self.titles or self.step.titles, language)

    def description(self, language: str) -> str:
        return in_language(self.descriptions or self.step.descriptions, language)


def _with_shipped(
    stored: Mapping[str, str] | None, shipped: Mapping[str, str] | None, context: dict[str, Any]
) -> dict[str, str]:
    """A stored `{language: text}` map with the languages it lacks taken from the shipped
    template (its {placeholders} filled from the checklist's context): a checklist started
    before a language was added reads in that language once its template is translated.
    The stored texts win: later edits of a template never change a started checklist."""
    extra = {
        lang: fill(text, {k: in_language(v, lang) for k, v in context.items()})
        for lang, text in (shipped or {}).items()
        if text and not (stored or {}).get(lang)
    }
    return {**extra, **(stored or {})}


def _shipped_steps() -> dict[tuple[str, str], tpl.StepTemplate]:
    """(template id, step key) → the shipped step, in every language it is translated into."""
    return {(t.id, st.key): st for t in tpl.shipped().values() for st in t.steps}


def _step_views(session: Session, view: CaseView) -> dict[str, list[StepView]]:
    """Every step of every checklist, from what the view already holds plus one query for
    the step-document links: the cost does not grow with the number of steps."""
    kinds = {d.kind.value for d in view.documents}
    ready = any(
        s.key == SAFETY_PLAN_FINAL_STEP and s.state == StepState.DONE
        for c in view.checklists
        if c.template_id == SAFETY_PLAN_TEMPLATE
        for s in c.steps
    )
    titles = {d.id: d.title for d in view.documents}
    linked: dict[str, list[str]] = {}
    if view.checklists:
        links = session.execute(
            select(StepDocument.step_id, StepDocument.document_id)
            .join(ChecklistStep, ChecklistStep.id == StepDocument.step_id)
            .join(Checklist, Checklist.id == ChecklistStep.checklist_id)
            .where(Checklist.case_id == view.case.id)
        )
        for step_id, document_id in links:
            linked.setdefault(step_id, []).append(titles.get(document_id, "?"))
    dues = {d.id: d.due for d in view.deadlines}
    shipped = _shipped_steps()
    templates = tpl.shipped()
    found: dict[str, list[StepView]] = {}
    for checklist in view.checklists:
        rows = found[checklist.id] = []
        context = checklist.context or {}
        if (template := templates.get(checklist.template_id)) is not None:
            view.checklist_titles[checklist.id] = _with_shipped(
                checklist.titles, template.title, {}
            )
        for step in checklist.steps:
            why = blockers(step, document_kinds=kinds, safety_plan_ready=ready)
            own = shipped.get((checklist.template_id, step.key))
            rows.append(
                StepView(
                    step,
                    effective_state(step, why),
                    tuple(why),
                    dues.get(step.deadline_id) if step.deadline_id else None,
                    tuple(linked.get(step.id, ())),
                    _with_shipped(step.titles, own.title if own else None, context),
                    _with_shipped(step.descriptions, own.description if own else None, context),
                )
            )
    _deadline_titles(view, shipped)
    return found


def _deadline_titles(view: CaseView, shipped: dict[tuple[str, str], tpl.StepTemplate]) -> None:
    """A template deadline's title with the shipped rule's (or step's) other languages."""
    steps = {st.id: (cl.template_id, st) for cl in view.checklists for st in cl.steps}
    for deadline in view.deadlines:
        if not deadline.titles or deadline.source_step_id not in steps:
            continue
        template_id, step = steps[deadline.source_step_id]
        own = shipped.get((template_id, step.key))
        if own is None:
            continue
        rule_title = own.due.title if own.due is not None else None
        view.deadline_titles[deadline.id] = _with_shipped(
            deadline.titles, rule_title or own.title, {}
        )


def load_case_view(session: Session, case_id: str, history_limit: int = 500) -> CaseView:
    """Everything the case workspace shows, eagerly loaded (no lazy loads later)."""
    case = session.scalars(
        select(Case).where(Case.id == case_id).options(selectinload(Case.tracks))
    ).one()
    parties = list(
        session.scalars(
            select(CaseParty)
            .where(CaseParty.case_id == case_id)
            .options(
                selectinload(CaseParty.person).selectinload(Person.addresses),
                selectinload(CaseParty.person).selectinload(Person.passports),
            )
        )
    )
    ids = [p.person_id for p in parties]
    view = CaseView(
        case=case,
        parties=parties,
        relationships=list(
            session.scalars(
                select(PersonRelationship)
                .where(
                    PersonRelationship.person_a_id.in_(ids), PersonRelationship.person_b_id.in_(ids)
                )
                .options(
                    selectinload(PersonRelationship.person_a),
                    selectinload(PersonRelationship.person_b),
                )
            )
        ),
        tracks=[t.track for t in case.tracks],
        proceedings=list(
            session.scalars(
                select(Proceeding)
                .where(Proceeding.case_id == case_id)
                .order_by(Proceeding.filed_on)
                .options(selectinload(Proceeding.events))
            )
        ),
        deadlines=list(
            session.scalars(
                select(Deadline)
                .where(Deadline.case_id == case_id)
                .order_by(Deadline.computed_due)
                .options(selectinload(Deadline.calendar))
            )
        ),
        checklists=list(
            session.scalars(
                select(Checklist)
                .where(Checklist.case_id == case_id)
                .order_by(Checklist.started_on)
                .options(selectinload(Checklist.steps))
            )
        ),
        documents=list(
            session.scalars(
                select(Document)
                .where(Document.case_id == case_id)
                .order_by(Document.issued_on)
                .options(
                    selectinload(Document.apostilles),
                    selectinload(Document.attachments),
                    selectinload(Document.persons),
                )
            )
        ),
        translations=list(
            session.scalars(
                select(Translation)
                .join(Document, Translation.original_id == Document.id)
                .where(Document.case_id == case_id)
                .options(selectinload(Translation.original), selectinload(Translation.translated))
            )
        ),
        search_reports=list(
            session.scalars(select(SearchReport).where(SearchReport.case_id == case_id))
        ),
        filings=list(
            session.scalars(select(ImmigrationFiling).where(ImmigrationFiling.case_id == case_id))
        ),
        travel=list(session.scalars(select(TravelPlan).where(TravelPlan.case_id == case_id))),
        protection=list(
            session.scalars(select(ProtectionMeasure).where(ProtectionMeasure.case_id == case_id))
        ),
        consents=list(session.scalars(select(Consent).where(Consent.case_id == case_id))),
        notes=list(
            session.scalars(
                select(Note).where(Note.case_id == case_id).order_by(Note.created_at.desc())
            )
        ),
        history=list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.case_id == case_id)
                .order_by(AuditEvent.seq.desc())
                .limit(history_limit)
            )
        ),
    )
    view.steps = _step_views(session, view)
    view.memberships = person_memberships(session, ids)
    view.organisation_names = organisation_names(session)
    return view


def cases_by_status(session: Session) -> dict[CaseStatus, int]:
    rows = session.execute(
        select(Case.status, func.count()).where(Case.archived_on.is_(None)).group_by(Case.status)
    )
    return {status: count for status, count in rows}


def case_tracks(session: Session, case_id: str | None = None) -> dict[str, frozenset[LegalTrack]]:
    """Tracks still running, per case (or for one case): for the case list's track filter."""
    query = select(CaseTrack.case_id, CaseTrack.track).where(CaseTrack.ended_on.is_(None))
    if case_id is not None:
        query = query.where(CaseTrack.case_id == case_id)
    rows = session.execute(query)
    found: dict[str, set[LegalTrack]] = {}
    for case_id, track in rows:
        found.setdefault(case_id, set()).add(track)
    return {k: frozenset(v) for k, v in found.items()}


def court_calendars(session: Session) -> list[CourtCalendar]:
    """Every court calendar with its entries, by name (choices and the calendars dialog)."""
    return list(
        session.scalars(
            select(CourtCalendar)
            .order_by(CourtCalendar.name)
            .options(selectinload(CourtCalendar.entries))
        )
    )


# -- organisations (the address book across cases) ---------------------------------


def organisations(session: Session) -> list[Organisation]:
    """Every organisation with its people, by name: the organisations screen."""
    return list(
        session.scalars(
            select(Organisation)
            .order_by(Organisation.name)
            .options(selectinload(Organisation.members).selectinload(OrganisationMember.person))
        )
    )


def organisation_names(session: Session) -> list[str]:
    """Names to pick an authority or a consent recipient from, alphabetically."""
    return sorted(session.scalars(select(Organisation.name)), key=str.casefold)


def person_memberships(
    session: Session, person_ids: list[str]
) -> dict[str, list[OrganisationMember]]:
    """Person id → the organisations the person is listed in (with the position)."""
    found: dict[str, list[OrganisationMember]] = {}
    if not person_ids:
        return found
    rows = session.scalars(
        select(OrganisationMember)
        .where(OrganisationMember.person_id.in_(person_ids))
        .options(selectinload(OrganisationMember.organisation))
    )
    for member in rows:
        found.setdefault(member.person_id, []).append(member)
    return found


# Roles of the family and the other side: nobody listed as staff of an agency.
FAMILY_ROLES = (
    PartyRole.CLIENT,
    PartyRole.CHILD,
    PartyRole.OTHER_PARENT,
    PartyRole.CAREGIVER,
    PartyRole.ADVERSE_PARTY,
)


def staff_candidates(session: Session) -> list[Person]:
    """People who may be listed in an organisation: everyone but the families and the
    other side (officials, counsel, social workers, people in no case yet), by name."""
    family = select(CaseParty.person_id).where(CaseParty.role.in_(FAMILY_ROLES))
    people = session.scalars(select(Person).where(Person.id.not_in(family)))
    return sorted(people, key=lambda p: p.full_name.casefold())


@dataclass(frozen=True)
class OrganisationUses:
    """The case records that name an organisation as their authority."""

    proceedings: list[str]  # ids
    search_reports: list[str]
    cases: list[str]  # references of the cases they belong to


def organisation_uses(session: Session, organisation_id: str) -> OrganisationUses:
    proceedings = session.execute(
        select(Proceeding.id, Case.reference)
        .join(Case, Case.id == Proceeding.case_id)
        .where(Proceeding.authority_id == organisation_id)
    ).all()
    reports = session.execute(
        select(SearchReport.id, Case.reference)
        .join(Case, Case.id == SearchReport.case_id)
        .where(SearchReport.authority_id == organisation_id)
    ).all()
    return OrganisationUses(
        proceedings=[row[0] for row in proceedings],
        search_reports=[row[0] for row in reports],
        cases=sorted({row[1] for row in (*proceedings, *reports)}),
    )


def step_documents(session: Session, step_ids: list[str]) -> dict[str, list[str]]:
    """Step id → ids of the documents linked to it."""
    if not step_ids:
        return {}
    found: dict[str, list[str]] = {}
    links = session.scalars(select(StepDocument).where(StepDocument.step_id.in_(step_ids)))
    for link in links:
        found.setdefault(link.step_id, []).append(link.document_id)
    return found


# -- checklist facts ---------------------------------------------------------------


def safety_plan_ready(session: Session, case_id: str) -> bool:
    """Whether the case has an approved safety plan (steps marked `safety_plan` wait)."""
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


def document_kinds(session: Session, case_id: str) -> set[str]:
    """The kinds of document the case holds (steps that need a kind wait for it)."""
    kinds = session.scalars(select(Document.kind).where(Document.case_id == case_id).distinct())
    return {k.value if hasattr(k, "value") else str(k) for k in kinds}


def step_blockers(session: Session, step: ChecklistStep) -> list[Blocker]:
    """One step's blockers, reading the two case facts they depend on."""
    case_id = step.checklist.case_id
    return blockers(
        step,
        document_kinds=document_kinds(session, case_id),
        safety_plan_ready=safety_plan_ready(session, case_id),
    )


def step_state(session: Session, step: ChecklistStep) -> StepState:
    """The state a person should see for one step (blocked when something blocks it)."""
    return effective_state(step, step_blockers(session, step))


def case_progress(session: Session, case_id: str) -> Progress:
    states = session.scalars(
        select(ChecklistStep.state).join(Checklist).where(Checklist.case_id == case_id)
    )
    return progress_of(list(states))


# -- what is next ------------------------------------------------------------------


@dataclass(frozen=True)
class NextItem:
    due: date
    overdue: bool
    case_id: str
    reference: str
    title: str
    deadline_id: str
    step_id: str | None
    titles: dict[str, str] | None = None  # {language: text} when it came from a template
    case_title: str = ""  # the family, as the case list shows it

    def title_in(self, language: str) -> str:
        return in_language(self.titles, language, self.title)


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
        select(Deadline, Case.reference, due, Case.title)
        .join(Case, Case.id == Deadline.case_id)
        .where(
            Deadline.status == DeadlineStatus.OPEN,
            due <= day + timedelta(days=horizon_days),
            Case.archived_on.is_(None),  # an archived case is out of the way
        )
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
            titles=dl.titles,
            case_title=family,
        )
        for dl, ref, when, family in rows
    ]
