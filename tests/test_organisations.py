"""Organisations, the attorney's address book across cases: validation, unique names,
people in them, a rename carried to the case records, deletion only when no case
record points at one, authorities and consent recipients chosen from the book, and
the screen that does all of it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from reunify import i18n
from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import (
    AuditAction,
    AuditEvent,
    ConsentScope,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    PartyRole,
    Person,
    ProceduralRegime,
    ProceedingKind,
    SearchReportKind,
)
from reunify.queries import load_case_view, organisation_names, organisations, staff_candidates
from reunify.vault import Vault

pytestmark = pytest.mark.vault


def _actions(vault: Vault) -> list[str]:
    with vault.session() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_fields_are_held_to_the_rules_of_addresses_and_phones(vault: Vault) -> None:
    with vault.session() as s:
        cps = ops.create_organisation(
            s,
            name="  Fresno County Department of Social Services (demo) ",
            kind=OrganisationKind.CPS,
            country="US",
            state="CA",
            phone="+1 559 555 0123",
        )
        assert (cps.name, cps.state, cps.phone) == (
            "Fresno County Department of Social Services (demo)",
            "US-CA",
            "+15595550123",
        )
        dif = ops.create_organisation(s, name="DIF Puebla", kind=OrganisationKind.DIF, state="PUE")
        s.flush()
        assert (dif.country, dif.state) == ("MX", "MX-PUE")
    bad = [
        {"state": "ZZZ"},
        {"phone": "55"},
        {"country": "Narnia"},
        {"name": "   "},
    ]
    for change in bad:
        with pytest.raises(ValidationError) as err, vault.session() as s:
            ops.create_organisation(s, **{"name": "Otra", "kind": OrganisationKind.NGO, **change})
        assert err.value.field == next(iter(change)), change


def test_names_are_unique_whatever_the_case_and_accents(vault: Vault) -> None:
    with vault.session() as s:
        ops.create_organisation(s, name="Consulado de México en Fresno", kind="mx_consulate")
        other = ops.create_organisation(s, name="DIF Tlaxcala", kind=OrganisationKind.DIF)
    with pytest.raises(ValidationError) as err, vault.session() as s:
        ops.create_organisation(s, name="consulado de  MEXICO en fresno", kind="mx_consulate")
    assert err.value.field == "name"
    assert "Consulado de México en Fresno" in err.value.user_message()
    with pytest.raises(ValidationError), vault.session() as s:
        ops.update_organisation(
            s, s.get_one(Organisation, other.id), name="Consulado de Mexico en Fresno"
        )
    with vault.session() as s:  # its own name, re-typed, is no clash
        ops.update_organisation(s, s.get_one(Organisation, other.id), name="dif tlaxcala")
        assert organisation_names(s) == ["Consulado de México en Fresno", "dif tlaxcala"]


def test_people_in_an_organisation(vault: Vault) -> None:
    with vault.session() as s:
        org = ops.create_organisation(s, name="DIF Tlaxcala", kind=OrganisationKind.DIF)
        ana = ops.create_person(s, given_names="Ana", paternal_surname="Téllez")
        member = ops.add_member(s, org, ana, position="Trabajadora social")
    with pytest.raises(ValidationError) as err, vault.session() as s:
        ops.add_member(s, s.get_one(Organisation, org.id), s.get_one(Person, ana.id))
    assert err.value.field == "person_id"
    with vault.session() as s:
        ops.update_member(s, s.get_one(OrganisationMember, member.id), position="Coordinadora")
        [listed] = organisations(s)
        assert [(m.person.full_name, m.position) for m in listed.members] == [
            ("Ana Téllez", "Coordinadora")
        ]
        ops.remove_member(s, s.get_one(OrganisationMember, member.id))
    with vault.session() as s:
        assert organisations(s)[0].members == []
        assert s.get(Person, ana.id) is not None  # the person's record stays
    assert _actions(vault)[-3:] == [
        AuditAction.ORGANISATION_MEMBER_ADD,
        AuditAction.ORGANISATION_MEMBER_UPDATE,
        AuditAction.ORGANISATION_MEMBER_REMOVE,
    ]


def _case_with_authority(vault: Vault) -> tuple[str, str, str]:
    with vault.session() as s:
        court = ops.create_organisation(
            s, name="Juzgado Segundo Familiar de Puebla", kind=OrganisationKind.MX_COURT
        )
        case = ops.create_case(s, title="Familia Rojas", opened_on=date(2026, 5, 4))
        proceeding = ops.add_proceeding(
            s,
            case,
            kind=ProceedingKind.CUSTODY,
            regime=ProceduralRegime.CNPCYF,
            **ops.authority_fields(s, "juzgado segundo familiar de puebla"),
        )
        return court.id, case.reference, proceeding.id


def test_a_rename_reaches_the_records_that_name_the_authority(vault: Vault) -> None:
    court_id, _ref, proceeding_id = _case_with_authority(vault)
    with vault.session() as s:
        ops.update_organisation(
            s, s.get_one(Organisation, court_id), name="Juzgado 2.º Familiar de Puebla"
        )
    with vault.session() as s:
        proceeding = load_case_view(s, _case_id(s)).proceedings[0]
    assert proceeding.id == proceeding_id
    assert proceeding.authority_name == "Juzgado 2.º Familiar de Puebla"
    assert _actions(vault)[-2:] == [AuditAction.ORGANISATION_UPDATE, AuditAction.PROCEEDING_UPDATE]


def _case_id(s: object) -> str:
    case = ops.find_case(s, "RU-2026-0001")  # type: ignore[arg-type]
    assert case is not None
    return case.id


def test_delete_only_what_no_case_record_points_at(vault: Vault) -> None:
    court_id, reference, proceeding_id = _case_with_authority(vault)
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        ops.add_search_report(
            s,
            case,
            kind=SearchReportKind.DIF_FILE,
            **ops.authority_fields(s, "Juzgado Segundo Familiar de Puebla"),
        )
        clerk = ops.create_person(s, given_names="Rebeca", paternal_surname="Solís")
        ops.add_member(s, s.get_one(Organisation, court_id), clerk, position="Actuaria")
    with pytest.raises(ops.OrganisationInUse) as err, vault.session() as s:
        ops.delete_organisation(s, s.get_one(Organisation, court_id))
    with i18n.override("en"):
        message = err.value.user_message()
    assert message == (
        "Juzgado Segundo Familiar de Puebla cannot be deleted: it is the authority of "
        f"1 proceeding and 1 search report in {reference}. Choose another authority there first."
    )
    with i18n.override("es"):
        assert reference in err.value.user_message()
    with vault.session() as s:  # nothing was removed by the refusal
        assert s.get(Organisation, court_id) is not None
        view = load_case_view(s, _case_id(s))
        for row in (*view.proceedings, *view.search_reports):
            if row.id == proceeding_id:
                ops.update_proceeding(s, row, **ops.authority_fields(s, "Otro juzgado"))
            else:
                ops.update_search_report(s, row, **ops.authority_fields(s, "Otro juzgado"))
    with vault.session() as s:
        ops.delete_organisation(s, s.get_one(Organisation, court_id))
    with vault.session() as s:
        assert s.get(Organisation, court_id) is None
        assert s.scalars(select(OrganisationMember)).all() == []
        assert s.scalar(select(Person).where(Person.given_names == "Rebeca")) is not None
    assert _actions(vault)[-2:] == [
        AuditAction.ORGANISATION_MEMBER_REMOVE,
        AuditAction.ORGANISATION_DELETE,
    ]


def test_authority_from_the_book_or_as_typed(vault: Vault) -> None:
    with vault.session() as s:
        dif = ops.create_organisation(s, name="Sistema DIF Estatal Tlaxcala", kind="dif")
        assert ops.authority_fields(s, " sistema  dif estatal TLAXCALA ") == {
            "authority_id": dif.id,
            "authority_name": "Sistema DIF Estatal Tlaxcala",
        }
        assert ops.authority_fields(s, "Juzgado Mixto de Zacatelco") == {
            "authority_id": None,
            "authority_name": "Juzgado Mixto de Zacatelco",
        }
        assert ops.authority_fields(s, "") == {"authority_id": None, "authority_name": ""}
        added = ops.authority_fields(s, "Kern County CPS (demo)", add_as=OrganisationKind.CPS)
        cps = s.get_one(Organisation, added["authority_id"])
        assert (cps.name, cps.kind, cps.country) == ("Kern County CPS (demo)", "cps", "US")
        assert ops.authority_fields(s, "Kern County CPS (demo)", add_as=OrganisationKind.CPS) == (
            added
        )  # found, not added twice
        assert len(organisations(s)) == 2


def test_consent_recipient_is_the_books_name_kept_as_text(vault: Vault) -> None:
    with vault.session() as s:
        org = ops.create_organisation(s, name="Centro Legal Pilsen (demo)", kind="legal_aid")
        case = ops.create_case(s, title="Familia Vega", opened_on=date(2026, 5, 4))
        consent = ops.record_consent(
            s,
            case,
            recipient="centro legal pilsen (DEMO)",
            purpose="Solicitud U",
            scope=[ConsentScope.IDENTITY],
            given_on=date(2026, 5, 4),
            expires_on=date(2027, 5, 4),
        )
        assert consent.recipient == "Centro Legal Pilsen (demo)"
        ops.update_organisation(s, org, name="Centro Legal Pilsen")
    with vault.session() as s:
        view = load_case_view(s, case.id)
        # what the person consented to does not change with the address book
        assert view.consents[0].recipient == "Centro Legal Pilsen (demo)"


def test_case_view_says_where_people_work_and_who_can_be_staff(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Cano", opened_on=date(2026, 5, 4))
        mother = ops.create_person(s, given_names="Rosa", paternal_surname="Cano")
        worker = ops.create_person(s, given_names="Lorena", paternal_surname="Ibarra")
        newcomer = ops.create_person(s, given_names="Tomás", paternal_surname="Ávila")
        ops.link_person(s, case, mother, PartyRole.CLIENT)
        ops.link_person(s, case, worker, PartyRole.SOCIAL_WORKER)
        dif = ops.create_organisation(s, name="DIF Tlaxcala", kind=OrganisationKind.DIF)
        ops.add_member(s, dif, worker, position="Trabajadora social")
        ids = (mother.id, worker.id, newcomer.id)
        staff = [p.id for p in staff_candidates(s)]
    assert staff == [ids[1], ids[2]]  # by name: Lorena, Tomás; never the client
    with vault.session() as s:
        view = load_case_view(s, case.id)
    assert set(view.memberships) == {ids[1]}
    [membership] = view.memberships[ids[1]]
    assert (membership.organisation.name, membership.position) == (
        "DIF Tlaxcala",
        "Trabajadora social",
    )


def test_the_demo_has_an_address_book(demo_vault: Vault) -> None:
    with demo_vault.session() as s:
        book = {o.name: o for o in organisations(s)}
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None
        view = load_case_view(s, case.id)
    kinds = {o.kind for o in book.values()}
    assert {
        OrganisationKind.CPS,
        OrganisationKind.MX_CONSULATE,
        OrganisationKind.DIF,
        OrganisationKind.MX_COURT,
    } <= kinds
    assert book["Consulado General de México en Los Ángeles"].state == "US-CA"
    assert all(o.members for o in book.values() if o.kind != OrganisationKind.PROCURADURIA_NNA)
    court = book["Juzgado Tercero de lo Familiar de Tlaxcala"]
    assert any(p.authority_id == court.id for p in view.proceedings)
    social = [p for p in view.parties if p.role == PartyRole.SOCIAL_WORKER]
    assert social and view.memberships[social[0].person_id][0].organisation.kind == "dif"
