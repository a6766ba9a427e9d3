"""Organisations, the attorney's address book across cases: validation, unique names,
people in them, a rename carried to the case records, deletion only when no case
record points at one, authorities and consent recipients chosen from the book, and
the screen that does all of it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from reunify import i18n
from reunify import operations as ops
from reunify.errors import ValidationError
from reunify.models import (
    AuditAction,
    AuditEvent,
    Case,
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


# -- the screen and the case forms (pytest-qt, real widgets over a real vault) ----------


def _book_with_a_case(vault: Vault) -> tuple[str, str]:
    """A court the case's proceeding names as authority, and a client in the case."""
    court_id, reference, _proceeding = _case_with_authority(vault)
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        mother = ops.create_person(s, given_names="Rosa", paternal_surname="Cano")
        ops.link_person(s, case, mother, PartyRole.CLIENT)
        return court_id, case.id


@pytest.mark.ui
def test_the_organisations_screen(qtbot: Any, vault: Vault, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reunify.ui.organisations import OrganisationsDialog
    from tests.ui_helpers import check, fill_form, on_next_modal

    court_id, _case = _book_with_a_case(vault)
    dialog = OrganisationsDialog(vault)
    qtbot.addWidget(dialog)
    log: list[Any] = []
    assert [o.name for o in dialog.model.rows()] == ["Juzgado Segundo Familiar de Puebla"]

    # a phone that is not one is refused beside its field; the form stays open
    seen: list[str] = []

    def refused(form: Any) -> None:
        form.set_values({"name": "DIF Tlaxcala", "kind": OrganisationKind.DIF, "phone": "55"})
        form.save()
        seen.append(form.errors["phone"].text())
        assert form.isVisible()
        form.discard()

    on_next_modal(refused, log)
    dialog.new()
    check(log)
    assert "phone number" in seen[0]
    fill_form(
        {
            "name": "Sistema DIF Estatal Tlaxcala",
            "kind": OrganisationKind.DIF,
            "state": "TLA",
            "phone": "+52 246 555 0110",
        },
        log,
    )
    dialog.new()
    check(log)
    new = dialog.current()
    assert new is not None and (new.name, new.state) == ("Sistema DIF Estatal Tlaxcala", "MX-TLA")
    assert dialog.model.display(new, 2) == "Tlaxcala"  # the place, by the state's name

    dialog.filter.setText("dif tlaxcala")
    assert [o.name for o in dialog.model.rows()] == ["Sistema DIF Estatal Tlaxcala"]
    dialog.filter.setText("puebla juzgado")
    assert dialog.model.total() == 1 and dialog.current().id == court_id  # type: ignore[union-attr]
    dialog.filter.clear()
    assert dialog.model.total() == 2

    # people: a new one with a position, then the position changed, then removed
    assert dialog.select_row_of("Sistema DIF Estatal Tlaxcala")
    fill_form(
        {"given_names": "Araceli", "paternal_surname": "Mendoza", "position": "Trabajadora social"},
        log,
    )
    dialog.new_person()
    check(log)
    assert [(m.person.full_name, m.position) for m in dialog.members.rows()] == [
        ("Araceli Mendoza", "Trabajadora social")
    ]
    dialog.member_table.selectRow(0)
    fill_form({"position": "Coordinadora de trabajo social"}, log)
    dialog.change_position()
    check(log)
    assert dialog.members.rows()[0].position == "Coordinadora de trabajo social"
    # an existing person: the client of a case is not offered, Araceli no longer either
    offered: list[list[str]] = []

    def choose(form: Any) -> None:
        combo = form.inputs["person_id"]
        offered.append([combo.itemText(i) for i in range(combo.count())])
        form.discard()

    on_next_modal(choose, log)
    dialog.add_person()
    check(log)
    assert "Rosa Cano" not in offered[0] and "Araceli Mendoza" not in offered[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.member_table.selectRow(0)
    dialog.remove_person()
    assert dialog.members.total() == 0

    # the court a proceeding names cannot go; the DIF can
    assert dialog.select_row_of("Juzgado Segundo Familiar de Puebla")
    dialog.delete()
    assert "cannot be deleted" in dialog.message.text()
    assert "RU-2026-0001" in dialog.message.text()
    assert dialog.model.total() == 2
    assert dialog.select_row_of("Sistema DIF Estatal Tlaxcala")
    dialog.delete()
    assert dialog.message.text() == ""
    assert [o.name for o in dialog.model.rows()] == ["Juzgado Segundo Familiar de Puebla"]
    assert dialog.changed
    assert _actions(vault)[-4:] == [
        AuditAction.ORGANISATION_MEMBER_ADD,
        AuditAction.ORGANISATION_MEMBER_UPDATE,
        AuditAction.ORGANISATION_MEMBER_REMOVE,
        AuditAction.ORGANISATION_DELETE,
    ]


@pytest.mark.ui
def test_case_forms_choose_authorities_and_recipients_from_the_book(
    qtbot: Any, vault: Vault
) -> None:
    from reunify.ui.app import MainWindow
    from tests.ui_helpers import check, fill_form, on_next_modal

    _court_id, case_id = _book_with_a_case(vault)
    with vault.session() as s:
        dif = ops.create_organisation(s, name="Sistema DIF Estatal Tlaxcala", kind="dif")
        worker = ops.create_person(s, given_names="Araceli", paternal_surname="Mendoza")
        ops.add_member(s, dif, worker, position="Trabajadora social")
        case = s.get_one(Case, case_id)
        ops.link_person(s, case, worker, PartyRole.SOCIAL_WORKER)
    window = MainWindow(vault)
    qtbot.addWidget(window)
    assert window.select_case(case_id)
    workspace = window.workspace
    log: list[Any] = []

    # the authority combo offers the book; a name picked links the entry
    offered: list[list[str]] = []

    def pick(form: Any) -> None:
        combo = form.inputs["authority_name"]
        offered.append([combo.itemText(i) for i in range(combo.count())])
        form.set_values(
            {
                "kind": SearchReportKind.DIF_FILE,
                "authority_name": "Sistema DIF Estatal Tlaxcala",
                "number": "PPNNA-TLX-1/2026",
            }
        )
        form.save()
        assert not form.isVisible()

    on_next_modal(pick, log)
    workspace.search.add()
    check(log)
    assert offered[0] == ["Juzgado Segundo Familiar de Puebla", "Sistema DIF Estatal Tlaxcala"]
    [report] = workspace.view.search_reports  # type: ignore[union-attr]
    assert (report.authority_id, report.authority_name) == (dif.id, dif.name)

    # a name not in the book is kept as typed, and added when the box is ticked
    fill_form(
        {
            "kind": ProceedingKind.US_DEPENDENCY,
            "regime": ProceduralRegime.US_STATE,
            "authority_name": "Riverside County Juvenile Court (demo)",
            "add_to_book": True,
        },
        log,
    )
    workspace.proceedings.proceedings.add()
    check(log)
    fill_form({"kind": ProceedingKind.CUSTODY, "authority_name": "Juzgado de Zacatelco"}, log)
    workspace.proceedings.proceedings.add()
    check(log)
    by_name = {p.authority_name: p for p in workspace.view.proceedings}  # type: ignore[union-attr]
    assert by_name["Juzgado de Zacatelco"].authority_id is None
    with vault.session() as s:
        added = ops.find_organisation(s, "Riverside County Juvenile Court (demo)")
        assert added is not None and (added.kind, added.country) == ("us_court", "US")
        assert ops.find_organisation(s, "Juzgado de Zacatelco") is None
    assert by_name["Riverside County Juvenile Court (demo)"].authority_id == added.id

    # the consent recipient is offered the book too, and stored as the book spells it
    fill_form(
        {
            "person_id": None,
            "recipient": "sistema dif estatal tlaxcala",
            "purpose": "Estudio del hogar",
            "scope": [ConsentScope.IDENTITY],
            "given_on": date(2026, 5, 4),
            "expires_on": date(2027, 5, 4),
        },
        log,
    )
    workspace.consents.add()
    check(log)
    assert [c.recipient for c in workspace.view.consents] == [dif.name]  # type: ignore[union-attr]

    # the People tab says where the social worker works
    people = workspace.people
    party = next(p for p in people.model.rows() if p.role == PartyRole.SOCIAL_WORKER)
    assert "Sistema DIF Estatal Tlaxcala (Trabajadora social)" in people.describe(party)

    # the menu entry opens the screen; a rename there reaches the open case
    def rename(screen: Any) -> None:
        from reunify.ui.organisations import OrganisationsDialog

        assert isinstance(screen, OrganisationsDialog)
        assert screen.select_row_of("Sistema DIF Estatal Tlaxcala")
        fill_form({"name": "DIF Estatal de Tlaxcala"}, log)
        screen.edit()
        screen.reject()

    on_next_modal(rename, log)
    window.actions_["organisations"].trigger()
    check(log)
    assert workspace.view.search_reports[0].authority_name == "DIF Estatal de Tlaxcala"  # type: ignore[union-attr]
    window.lock()


@pytest.mark.ui
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_screen_fits_a_field_laptop(qtbot: Any, demo_vault: Vault, language: str) -> None:
    from reunify.ui.language import switcher
    from reunify.ui.organisations import OrganisationsDialog

    switcher.apply(language)
    try:
        dialog = OrganisationsDialog(demo_vault)
        qtbot.addWidget(dialog)
        dialog.show()
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, (language, hint)
        assert dialog.width() <= 1366 and dialog.height() <= 768
        assert dialog.model.total() >= 6
    finally:
        switcher.apply("en")
