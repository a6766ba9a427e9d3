"""The checklist engine on a real vault: snapshots, blockers, deadlines, what is next."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from reunify import i18n, queries
from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import (
    AuditEvent,
    CalendarBase,
    CalendarEntryKind,
    Case,
    Checklist,
    Deadline,
    DeadlineStatus,
    DocumentKind,
    IssuerLevel,
    PartyRole,
    StepState,
)
from reunify.operations import checklists
from reunify.operations.checklists import StepBlocked
from reunify.vault import Vault
from reunify.workflows import steps
from reunify.workflows import templates as tpl
from reunify.workflows.describe import explain_deadline, fmt_date

pytestmark = pytest.mark.vault


def _case(s) -> Case:  # type: ignore[no-untyped-def]
    return ops.create_case(s, title="Familia Pasos", opened_on=date(2026, 3, 2))


def _approve_safety_plan(s, case: Case) -> None:  # type: ignore[no-untyped-def]
    plan = checklists.start_checklist(s, case, "safety_plan")
    for step in plan.steps:
        checklists.complete_step(s, step, on=date(2026, 3, 3))


def _step(checklist: Checklist, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in checklist.steps if s.key == key)


def test_start_snapshots_template(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    with vault.session() as s:
        case = _case(s)
        first = checklists.start_checklist(s, case, "locate_child", started_on=date(2026, 3, 2))
        assert (first.template_id, first.template_version) == ("locate_child", 1)
        assert [st.key for st in first.steps][:2] == ["intake", "identifiers"]
        original_title = first.steps[0].title("es")
    # A later edit of the template (new version, new wording) …
    changed = tpl.get("locate_child")
    edited = replace(
        changed,
        version=2,
        steps=(
            replace(changed.steps[0], title=tpl.Text(es="Nueva redacción", en="New wording")),
            *changed.steps[1:],
        ),
    )
    monkeypatch.setitem(tpl.shipped(), "locate_child", edited)
    with vault.session() as s:
        case = s.scalars(select(Case)).one()
        second = checklists.start_checklist(s, case, "locate_child")
        assert second.template_version == 2 and second.steps[0].title("es") == "Nueva redacción"
        old = s.get(Checklist, first.id)
        assert old is not None
        # … never rewrites a running checklist.
        assert old.template_version == 1 and old.steps[0].title("es") == original_title


def test_dependencies_block_and_complete_records_who(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        cl = checklists.start_checklist(s, case, "locate_child")
        consulate = _step(cl, "consulate_report")
        assert queries.step_state(s, consulate) == StepState.BLOCKED
        with pytest.raises(StepBlocked) as err:
            checklists.complete_step(s, consulate)
        assert "Intake, risk screen" in err.value.user_message()
        checklists.complete_step(s, _step(cl, "intake"), on=date(2026, 3, 3))
        assert queries.step_state(s, consulate) == StepState.TODO
        checklists.complete_step(s, consulate, on=date(2026, 3, 4))
        assert consulate.completed_by == "Lic. Prueba" and consulate.completed_on == date(
            2026, 3, 4
        )
        assert steps.checklist_progress(cl).finished == 2
        actions = s.scalars(select(AuditEvent.action)).all()
        assert actions.count("checklist.step_done") == 2


def test_missing_document_and_safety_plan_block(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        cl = checklists.start_checklist(s, case, "locate_child")
        for key in ("intake", "identifiers"):
            checklists.complete_step(s, _step(cl, key))
        report = _step(cl, "prosecutor_report")
        kinds = [b.kind for b in queries.step_blockers(s, report)]
        assert kinds == ["document"]  # needs a photo
        ops.add_document(s, case, kind=DocumentKind.PHOTO, title="Foto reciente")
        checklists.complete_step(s, report)
        checklists.complete_step(s, _step(cl, "welfare_visit"))
        verify = _step(cl, "verify_location")
        assert [b.kind for b in queries.step_blockers(s, verify)] == ["safety_plan"]
        _approve_safety_plan(s, case)
        checklists.complete_step(s, verify)
        assert verify.state == StepState.DONE


def test_not_applicable_needs_reason_and_unblocks(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        cl = checklists.start_checklist(s, case, "locate_child")
        interpol = _step(cl, "interpol")
        with pytest.raises(ValidationError):
            checklists.set_step_state(s, interpol, StepState.NOT_APPLICABLE, "  ")
        checklists.set_step_state(s, interpol, StepState.NOT_APPLICABLE, "La niña está en México")
        assert interpol.state_reason == "La niña está en México"
        with pytest.raises(ValidationError):
            checklists.set_step_state(s, _step(cl, "intake"), StepState.BLOCKED, "")
        checklists.set_step_state(
            s, _step(cl, "intake"), StepState.BLOCKED, "Esperando a la clienta"
        )
        assert queries.step_blockers(s, _step(cl, "intake"))[0].kind == "manual"


def test_service_starts_the_answer_period_on_the_court_calendar(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        cal = ops.create_calendar(s, name="TSJ Tlaxcala 2026", base=CalendarBase.MX_FEDERAL)
        ops.add_calendar_entry(
            s, cal, CalendarEntryKind.VACATION, date(2026, 12, 17), date(2027, 1, 6), "Vacaciones"
        )
        cl = checklists.start_checklist(s, case, "custody_cnpcyf", calendar=cal)
        ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        _approve_safety_plan(s, case)
        for key in ("court_and_regime", "evidence", "power_of_attorney", "file_claim", "admission"):
            checklists.complete_step(s, _step(cl, key), on=date(2026, 11, 30))
        service = _step(cl, "service")
        checklists.complete_step(s, service, on=date(2026, 12, 10))
        answer = s.scalar(select(Deadline).where(Deadline.source_step_id == service.id))
        assert answer is not None
        assert answer.computed_due == date(2027, 1, 13)
        assert answer.legal_basis == "CNPCyF art. 665"
        assert explain_deadline(answer) == (
            "9 business days from Dec 10, 2026, calendar TSJ Tlaxcala 2026: due Jan 13, 2027"
        )
        i18n.set_language("es")
        try:
            assert fmt_date(answer.computed_due) == "13 ene 2027"
        finally:
            i18n.set_language("en")
        # Reopening the step cancels the period it had started.
        checklists.set_step_state(s, service, StepState.TODO)
        assert answer.status == DeadlineStatus.CANCELLED


def test_what_is_next_orders_overdue_first(vault: Vault) -> None:
    from reunify.models import DeadlineUnit

    with vault.session() as s:
        a = _case(s)
        b = ops.create_case(s, title="Familia Dos")
        ops.add_deadline(
            s,
            a,
            title="Lejano",
            trigger_date=date(2026, 11, 2),
            amount=60,
            unit=DeadlineUnit.CALENDAR_DAYS,
        )
        ops.add_deadline(
            s,
            b,
            title="Vencido",
            trigger_date=date(2026, 11, 2),
            amount=5,
            unit=DeadlineUnit.BUSINESS_DAYS,
        )
        soon = ops.add_deadline(
            s,
            a,
            title="Pronto",
            trigger_date=date(2026, 11, 19),
            amount=3,
            unit=DeadlineUnit.BUSINESS_DAYS,
        )
        items = queries.what_is_next(s, today=date(2026, 11, 22), horizon_days=7)
        assert [i.title for i in items] == ["Vencido", "Pronto"]
        assert items[0].overdue and not items[1].overdue
        ops.override_deadline(s, soon, date(2026, 12, 20), reason="Prórroga concedida")
        items = queries.what_is_next(s, today=date(2026, 11, 22), horizon_days=7)
        assert [i.title for i in items] == ["Vencido"]


def test_step_due_from_start_and_trigger(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        child = ops.create_person(s, given_names="Isaac")
        ops.link_person(s, case, child, PartyRole.CHILD)
        dep = checklists.start_checklist(
            s, case, "us_dependency", started_on=date(2026, 1, 19), trigger_on=date(2025, 10, 6)
        )
        asfa = s.get(Deadline, _step(dep, "reunification").deadline_id)
        assert asfa is not None and asfa.computed_due == date(2027, 1, 6)
        reg = checklists.start_checklist(
            s, case, "nationality_consular", person=child, started_on=date(2026, 11, 20)
        )
        assert _step(reg, "record_issued").deadline_id is None  # counted from the appointment
        ops.add_document(s, case, kind=DocumentKind.US_BIRTH_CERTIFICATE, title="Certificate")
        checklists.complete_step(s, _step(reg, "documents"), on=date(2026, 11, 20))
        checklists.complete_step(s, _step(reg, "appointment"), on=date(2026, 11, 20))
        ready = s.scalar(
            select(Deadline).where(Deadline.source_step_id == _step(reg, "appointment").id)
        )
        # 3 business days from Fri 20 Nov 2026: 23, 24, 25 Nov (Thanksgiving is the 26th)
        assert ready is not None and ready.computed_due == date(2026, 11, 25)
        checklists.set_step_state(s, _step(reg, "father"), StepState.NOT_APPLICABLE, "Casados")
        checklists.complete_step(s, _step(reg, "record_issued"))
        assert ready.status == DeadlineStatus.MET


def test_scope_checks_and_apostille_office(vault: Vault) -> None:
    with vault.session() as s:
        case = _case(s)
        other = ops.create_case(s, title="Otra")
        stranger = ops.create_person(s, given_names="Nadie")
        with pytest.raises(ValidationError):
            checklists.start_checklist(s, case, "mx_passport_minor", person=stranger)
        with pytest.raises(ValidationError):
            checklists.start_checklist(s, case, "apostille")
        foreign = ops.add_document(s, other, kind=DocumentKind.BIRTH_RECORD, title="Ajeno")
        with pytest.raises(ValidationError):
            checklists.start_checklist(s, case, "apostille", document=foreign)
        acta = ops.add_document(
            s,
            case,
            kind=DocumentKind.BIRTH_RECORD,
            title="Acta",
            issuer_level=IssuerLevel.MX_STATE,
            issuer_state="MX-TLA",
        )
        cl = checklists.start_checklist(s, case, "apostille", document=acta)
        first = cl.steps[0]
        assert first.title("es").endswith("Secretaría General de Gobierno de Tlaxcala")
        assert first.title("en").endswith("Secretaría General de Gobierno of Tlaxcala")
        cert = ops.add_document(
            s,
            case,
            kind=DocumentKind.US_BIRTH_CERTIFICATE,
            title="Birth certificate",
            issuer_level=IssuerLevel.US_STATE,
            issuer_state="US-TX",
        )
        cl2 = checklists.start_checklist(s, case, "apostille", document=cert)
        assert cl2.steps[0].title("en").endswith("Secretary of State of Texas")


def test_template_deadlines_are_shown_in_the_language_shown(vault: Vault) -> None:
    """Created from a Spanish screen, read in English (dashboard, table, bundle): the
    template's words in each language; a deadline a person typed keeps its one title."""
    from reunify.models import DeadlineUnit

    i18n.set_language("es")
    try:
        with vault.session() as s:
            case = _case(s)
            cl = checklists.start_checklist(s, case, "custody_cnpcyf")
            ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
            _approve_safety_plan(s, case)
            for key in ("court_and_regime", "evidence", "power_of_attorney", "file_claim"):
                checklists.complete_step(s, _step(cl, key), on=date(2026, 11, 30))
            checklists.complete_step(s, _step(cl, "admission"), on=date(2026, 11, 30))
            service = _step(cl, "service")
            checklists.complete_step(s, service, on=date(2026, 12, 10))
            answer = s.scalar(select(Deadline).where(Deadline.source_step_id == service.id))
            typed = ops.add_deadline(
                s,
                case,
                title="Audiencia de ratificación",
                trigger_date=date(2026, 12, 1),
                amount=3,
                unit=DeadlineUnit.BUSINESS_DAYS,
            )
            assert answer is not None and answer.titles is not None
            assert answer.title == answer.titles["es"]  # as first shown
            assert set(answer.titles) >= {"es", "en"}
            assert answer.title_in("en") == answer.titles["en"] != answer.titles["es"]
            assert answer.trigger_event_in("en") == service.title("en")
            assert answer.trigger_event_in("es") == service.title("es")
            assert typed.titles is None and typed.title_in("en") == "Audiencia de ratificación"
            items = queries.what_is_next(s, today=date(2026, 12, 20), horizon_days=60)
            shown = {i.deadline_id: i.title_in("en") for i in items}
            assert shown[answer.id] == answer.titles["en"]
            assert shown[typed.id] == "Audiencia de ratificación"
    finally:
        i18n.set_language("en")
