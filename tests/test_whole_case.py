"""A trafficking-survivor case from intake to reunion, only through the operations."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify import queries
from reunify.models import (
    AuditEvent,
    CalendarBase,
    CalendarEntryKind,
    CaseStatus,
    CaseVariant,
    ConsentScope,
    DocumentKind,
    FilingStatus,
    IssuerLevel,
    LegalTrack,
    PartyRole,
    RelationshipKind,
    StepState,
    TranslationDirection,
    TranslationType,
    audit,
)
from reunify.operations import checklists
from reunify.vault import Vault

pytestmark = pytest.mark.vault


def _finish(s, checklist, on: date, skip: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Complete every open step in order, marking `skip` ones not applicable with their reason."""
    for step in checklist.steps:
        if step.state == StepState.DONE:
            continue
        if skip and step.key in skip:
            checklists.set_step_state(s, step, StepState.NOT_APPLICABLE, skip[step.key])
        else:
            checklists.complete_step(s, step, on=on)


def test_intake_to_reunion(vault: Vault) -> None:
    with vault.session() as s:
        cal = ops.create_calendar(s, name="TSJ Puebla 2026", base=CalendarBase.MX_FEDERAL)
        ops.add_calendar_entry(
            s, cal, CalendarEntryKind.VACATION, date(2026, 7, 20), date(2026, 7, 31), "Verano"
        )
        case = ops.create_case(
            s,
            title="Familia Coyotl Tepox",
            variant=CaseVariant.TRAFFICKING_SURVIVOR,
            mx_state="PUE",
            us_state="NJ",
            opened_on=date(2026, 2, 9),
            confidential_1367=True,
        )
        ref = case.reference
        mother = ops.create_person(
            s,
            given_names="Anel",
            paternal_surname="Coyotl",
            maternal_surname="Tepox",
            languages=["spa", "nah"],
        )
        child = ops.create_person(s, given_names="Dulce", paternal_surname="Coyotl")
        holder = ops.create_person(s, given_names="Porfirio", paternal_surname="Xalteno")
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
        ops.link_person(s, case, holder, PartyRole.CAREGIVER, linked_to_trafficker=True)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)

        # Locate the child.
        _finish(s, checklists.start_checklist(s, case, "safety_plan"), date(2026, 2, 10))
        locate = checklists.start_checklist(s, case, "locate_child", started_on=date(2026, 2, 9))
        ops.add_document(s, case, kind=DocumentKind.PHOTO, title="Foto", persons=[child])
        acta = ops.add_document(
            s,
            case,
            kind=DocumentKind.BIRTH_RECORD,
            title="Acta de nacimiento",
            persons=[child],
            issuer_level=IssuerLevel.MX_STATE,
            issuer_state="MX-PUE",
            issued_on=date(2026, 2, 20),
        )
        ops.attach_stream(s, acta, io.BytesIO(b"%PDF-1.4 acta"), "acta.pdf")
        _finish(s, locate, date(2026, 3, 2), skip={"interpol": "La niña está en Puebla"})
        ops.add_search_report(
            s,
            case,
            kind="fiscalia_file",
            number="CI/PUE/2026/118",
            filed_on=date(2026, 2, 16),
            status="located",
        )

        # Domestic return, then custody.
        ops.add_track(s, case, LegalTrack.DOMESTIC_RETURN, started_on=date(2026, 3, 2))
        ops.set_case_status(s, case, CaseStatus.ACTIVE)
        _finish(
            s,
            checklists.start_checklist(s, case, "domestic_return", calendar=cal),
            date(2026, 3, 9),
        )
        custody = checklists.start_checklist(s, case, "custody_cnpcyf", calendar=cal)
        with pytest.raises(checklists.StepBlocked, match="judgment is final"):
            _finish(s, custody, date(2026, 6, 1))  # the judgment is not registered yet
        ops.add_document(s, case, kind=DocumentKind.FINAL_JUDGMENT_CERTIFICATE, title="Ejecutoria")
        _finish(s, custody, date(2026, 6, 1))

        # Apostille and translation of the birth record for US counsel.
        _finish(
            s, checklists.start_checklist(s, case, "apostille", document=acta), date(2026, 6, 15)
        )
        ops.record_apostille(
            s,
            acta,
            authority="Secretaría General de Gobierno de Puebla",
            number="PUE-2026-7781",
            issued_on=date(2026, 6, 15),
        )
        _finish(
            s,
            checklists.start_checklist(s, case, "translation_to_english", document=acta),
            date(2026, 6, 22),
        )
        trad = ops.add_document(s, case, kind=DocumentKind.TRANSLATION, title="Birth record (EN)")
        ops.record_translation(
            s,
            acta,
            direction=TranslationDirection.ES_EN,
            type=TranslationType.USCIS_CERTIFICATION,
            translated=trad,
        )

        # T-3 derivative and travel.
        ops.record_consent(
            s,
            case,
            person_id=mother.id,
            recipient="US counsel (demo)",
            purpose="I-914 Supplement A",
            scope=[ConsentScope.DOCUMENTS],
            given_on=date(2026, 6, 1),
            expires_on=date(2027, 6, 1),
        )
        ops.add_document(s, case, kind=DocumentKind.PASSPORT, title="Pasaporte", persons=[child])
        ops.add_document(s, case, kind=DocumentKind.APPROVAL_NOTICE, title="I-797")
        _finish(
            s, checklists.start_checklist(s, case, "t3_derivative", person=child), date(2026, 9, 1)
        )
        ops.add_filing(
            s,
            case,
            beneficiary_id=child.id,
            principal_id=mother.id,
            form="I-914 Supplement A",
            category="T-3",
            receipt_number="EAC2612345678",
            status=FilingStatus.ADMITTED,
        )
        travel = checklists.start_checklist(s, case, "travel_reunion")
        _finish(s, travel, date(2026, 10, 5))
        plan = ops.plan_travel(s, case, traveller_id=child.id, safety_plan_done=True)
        ops.record_reunion(s, case, plan, on=date(2026, 10, 5), place="Newark, New Jersey")

    with vault.session() as s:
        case = ops.find_case(s, ref)
        assert case is not None
        assert case.status == CaseStatus.REUNIFIED and case.closed_on is None
        assert queries.case_progress(s, case.id).percent == 100
        follow_up = [
            i
            for i in queries.what_is_next(s, today=date(2026, 12, 20), horizon_days=60)
            if i.reference == ref
        ]
        assert [i.title for i in follow_up] == ["Follow-up review"]  # 3 months after the reunion
        assert audit.verify_chain(s) == []
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id)))
        assert {
            "checklist.start",
            "checklist.step_done",
            "checklist.step_state",
            "case.status",
            "attachment.add",
        } <= actions
    assert vault.check().ok
