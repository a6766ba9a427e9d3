"""Operations: validation, references, audit trail, consents, deadlines, reunion."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import (
    AuditEvent,
    CaseStatus,
    ConsentScope,
    DeadlineUnit,
    DocumentKind,
    LegalTrack,
    PartyRole,
    RelationshipKind,
    TranslationDirection,
    TranslationType,
    audit,
)
from reunify.vault import Vault

pytestmark = pytest.mark.vault


def test_references_count_per_year_with_configurable_prefix(vault: Vault) -> None:
    with vault.session() as s:
        a = ops.create_case(s, title="Familia Uno", opened_on=date(2026, 2, 1))
        b = ops.create_case(s, title="Familia Dos", opened_on=date(2026, 3, 1))
        c = ops.create_case(s, title="Familia Tres", opened_on=date(2027, 1, 5))
    assert (a.reference, b.reference, c.reference) == (
        "RU-2026-0001",
        "RU-2026-0002",
        "RU-2027-0001",
    )
    with vault.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE vault_setting SET value = 'IMU' WHERE key = 'reference_prefix'"
        )
    with vault.session() as s:
        d = ops.create_case(s, title="Familia Cuatro", opened_on=date(2026, 4, 1))
    assert d.reference == "IMU-2026-0001"


def test_person_validation_is_field_specific(vault: Vault) -> None:
    with pytest.raises(ValidationError) as err, vault.session() as s:
        ops.create_person(s, given_names="Lucía", curp="MATR850312MTLRPS04")
    assert err.value.field == "curp"
    with pytest.raises(ValidationError) as err, vault.session() as s:
        ops.create_person(s, given_names="   ")
    assert err.value.field == "given_names"
    with pytest.raises(ValidationError) as err, vault.session() as s:
        ops.create_person(s, given_names="Lucía", phone="55")
    assert err.value.field == "phone"
    with vault.session() as s:
        p = ops.create_person(
            s,
            given_names=" Lucía ",
            paternal_surname="Ñúñez",
            curp="matr850312mtlrps03",
            phone="55 1234 5678",
            nationalities=["mx", "US"],
            languages=["es", "zap"],
            a_number="A 12345678",
        )
        assert (p.given_names, p.curp, p.phone) == ("Lucía", "MATR850312MTLRPS03", "+525512345678")
        assert p.nationalities == ["MX", "US"] and p.languages == ["spa", "zap"]
        assert p.a_number == "012345678"
        assert p.full_name == "Lucía Ñúñez"
        assert ops.update_person(s, p, curp="").curp is None  # clearing is allowed


def test_failed_operation_writes_nothing(vault: Vault) -> None:
    with vault.session() as s:
        before = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    with pytest.raises(ValidationError), vault.session() as s:
        ops.create_case(s, title="Familia Fallida")
        ops.create_person(s, given_names="X", curp="BAD")
    with vault.session() as s:
        after = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
        assert ops.list_cases(s) == []
    assert after == before


def test_every_operation_leaves_a_chained_audit_event(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Auditada", tracks=[LegalTrack.DOMESTIC_RETURN])
        mother = ops.create_person(s, given_names="Rocío", paternal_surname="Lara")
        child = ops.create_person(s, given_names="Iván", paternal_surname="Lara")
        ops.link_person(s, case, mother, PartyRole.CLIENT)
        ops.link_person(s, case, child, PartyRole.CHILD)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
        ops.update_case(s, case, summary="Texto libre con datos sensibles")
        ops.set_case_status(s, case, CaseStatus.ACTIVE)
    with vault.session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        actions = [e.action for e in events]
        assert actions[actions.index("case.create") :] == [
            "case.create",
            "case.track_add",
            "person.create",
            "person.create",
            "case.party_add",
            "case.party_add",
            "person.relationship_add",
            "case.update",
            "case.status",
        ]
        assert all(e.actor == "Lic. Prueba" for e in events)
        update = next(e for e in events if e.action == "case.update")
        # Free text is never copied into the trail, only the fact it changed.
        assert update.details["changed"]["summary"]["to"] == "…"
        status = next(e for e in events if e.action == "case.status")
        assert status.details["changed"]["status"] == {"from": "intake", "to": "active"}
        assert audit.verify_chain(s) == []


def test_cannot_link_same_role_twice_or_self_relationship(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Doble")
        p = ops.create_person(s, given_names="Ana")
        ops.link_person(s, case, p, PartyRole.CLIENT)
        with pytest.raises(ValidationError):
            ops.link_person(s, case, p, PartyRole.CLIENT)
        with pytest.raises(ValidationError):
            ops.add_relationship(s, p, RelationshipKind.SIBLING, p)
        with pytest.raises(ValidationError):
            ops.add_track(s, case, LegalTrack.VAWA)
            ops.add_track(s, case, LegalTrack.VAWA)


def test_reunified_is_not_closed(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Junta")
        plan = ops.plan_travel(s, case, departure_place="CDMX", arrival_place="Chicago")
        ops.record_reunion(s, case, plan, on=date(2026, 6, 2), place="Chicago, Illinois")
        assert case.status == CaseStatus.REUNIFIED and case.closed_on is None
        assert case.reunified_on == date(2026, 6, 2)
        ops.set_case_status(s, case, CaseStatus.CLOSED, on=date(2026, 12, 1))
        assert case.closed_on == date(2026, 12, 1) and case.reunified_on == date(2026, 6, 2)


def test_consent_must_be_time_limited_and_scoped(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Consentimiento")
        kwargs = dict(recipient="US counsel", purpose="T-3", given_on=date(2026, 1, 1))
        with pytest.raises(ValidationError):
            ops.record_consent(s, case, scope=[ConsentScope.IDENTITY], expires_on=None, **kwargs)
        with pytest.raises(ValidationError):
            ops.record_consent(
                s, case, scope=[ConsentScope.IDENTITY], expires_on=date(2025, 1, 1), **kwargs
            )
        with pytest.raises(ValidationError):
            ops.record_consent(s, case, scope=[], expires_on=date(2026, 6, 1), **kwargs)
        consent = ops.record_consent(
            s, case, scope=[ConsentScope.IDENTITY], expires_on=date(2026, 6, 1), **kwargs
        )
        assert ops.valid_consents(s, case, date(2026, 3, 1)) == [consent]
        assert ops.valid_consents(s, case, date(2026, 7, 1)) == []
        ops.revoke_consent(s, consent, on=date(2026, 2, 1), note="Lo pidió la clienta")
        assert ops.valid_consents(s, case, date(2026, 3, 1)) == []


def test_deadline_on_court_calendar_and_override(vault: Vault) -> None:
    from reunify.models import CalendarBase, CalendarEntryKind

    with vault.session() as s:
        case = ops.create_case(s, title="Familia Plazos")
        cal = ops.create_calendar(s, name="TSJ Tlaxcala", base=CalendarBase.MX_FEDERAL)
        ops.add_calendar_entry(
            s, cal, CalendarEntryKind.VACATION, date(2026, 12, 17), date(2027, 1, 6), "Vacaciones"
        )
        dl = ops.add_deadline(
            s,
            case,
            title="Contestación",
            trigger_date=date(2026, 12, 10),
            amount=9,
            unit=DeadlineUnit.BUSINESS_DAYS,
            calendar=cal,
            legal_basis="CNPCyF art. 665",
        )
        # 11, 14, 15, 16 Dec; vacation to 6 Jan; 7, 8, 11, 12, 13 Jan.
        assert dl.computed_due == date(2027, 1, 13)
        with pytest.raises(ValidationError):
            ops.override_deadline(s, dl, date(2027, 1, 20), reason=" ")
        ops.override_deadline(s, dl, date(2027, 1, 20), reason="Circular del Consejo")
        assert dl.due == date(2027, 1, 20) and dl.overridden_by == "Lic. Prueba"
        ops.add_calendar_entry(s, cal, CalendarEntryKind.HOLIDAY, date(2027, 1, 12), None, "Asueto")
        ops.recompute_deadline(s, dl)
        assert dl.computed_due == date(2027, 1, 14) and dl.due == date(2027, 1, 20)


def test_documents_apostille_translation_pairing(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Papeles")
        other = ops.create_case(s, title="Otra familia")
        acta = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        ops.record_apostille(s, acta, authority="Secretaría de Gobierno", number="AP-1")
        en = ops.add_document(s, case, kind=DocumentKind.TRANSLATION, title="Birth record")
        foreign = ops.add_document(s, other, kind=DocumentKind.TRANSLATION, title="Otro")
        with pytest.raises(ValidationError):
            ops.record_translation(
                s,
                acta,
                direction=TranslationDirection.ES_EN,
                type=TranslationType.USCIS_CERTIFICATION,
                translated=foreign,
            )
        t = ops.record_translation(
            s,
            acta,
            direction=TranslationDirection.ES_EN,
            type=TranslationType.USCIS_CERTIFICATION,
            translated=en,
        )
        assert t.original is acta and t.translated is en
        assert [a.number for a in acta.apostilles] == ["AP-1"]


def test_row_rules_apply_on_create_and_update(vault: Vault) -> None:
    from reunify.models import ProceduralRegime, ProceedingKind

    with vault.session() as s:
        person = ops.create_person(s, given_names="Elvia")
        address = ops.add_address(s, person, state="tla", valid_from=date(2025, 1, 1))
        assert address.state == "MX-TLA"
        us = ops.add_address(s, person, state="tx", country="US")
        assert us.state == "US-TX"
        with pytest.raises(ValidationError) as err:
            ops.add_address(s, person, valid_from=date(2026, 1, 2), valid_to=date(2026, 1, 1))
        assert err.value.field == "valid_to"
        case = ops.create_case(s, title="Familia Reglas")
        proc = ops.add_proceeding(
            s, case, kind=ProceedingKind.CUSTODY, regime=ProceduralRegime.CNPCYF, jurisdiction="pue"
        )
        assert proc.jurisdiction == "MX-PUE"
        assert ops.update_proceeding(s, proc, jurisdiction="US-CA").jurisdiction == "US-CA"
        # a US court's state by name, as people type it (was: only "US-CA")
        assert ops.update_proceeding(s, proc, jurisdiction="California").jurisdiction == "US-CA"
        assert ops.update_proceeding(s, proc, jurisdiction="Nueva York").jurisdiction == "US-NY"
        assert ops.update_proceeding(s, proc, jurisdiction="Baja California").jurisdiction == (
            "MX-BCN"
        )
        with pytest.raises(ValidationError):
            ops.update_proceeding(s, proc, jurisdiction="XX")
