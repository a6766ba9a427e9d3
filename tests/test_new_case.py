"""The new-case form: one action creates the case, the mother, the child, their
relationship, the tracks and the usual checklists, or nothing at all."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from reunify.errors import ValidationError
from reunify.models import (
    Case,
    CaseParty,
    CaseVariant,
    Checklist,
    LegalTrack,
    PartyRole,
    Person,
    PersonRelationship,
    RelationshipKind,
)
from reunify.operations.intake import Intake, open_case
from reunify.ui.new_case import NewCaseDialog
from reunify.vault import Vault
from reunify.workflows import templates as tpl
from reunify.workflows.usual import TRACK_CHECKLISTS, VARIANT_CHECKLISTS, usual_checklists
from tests.ui_helpers import check, on_next_modal

pytestmark = pytest.mark.vault

MOTHER = {"given_names": "Rosa", "paternal_surname": "Quechol", "maternal_surname": "Tepatl"}
CHILD = {"given_names": "Mateo", "paternal_surname": "Quechol", "sex": "M",
         "birth_date": date(2016, 4, 2), "birth_country": "US"}  # fmt: skip


def _count(vault: Vault, entity: type) -> int:
    with vault.session() as s:
        return int(s.scalar(select(func.count()).select_from(entity)) or 0)


def test_every_usual_checklist_is_a_shipped_template() -> None:
    shipped = tpl.shipped()
    for ids in [*VARIANT_CHECKLISTS.values(), *TRACK_CHECKLISTS.values()]:
        assert set(ids) <= set(shipped), set(ids) - set(shipped)
    deported = CaseVariant.DEPORTED_PARENT_CHILD_IN_US
    assert usual_checklists(deported, [LegalTrack.US_DEPENDENCY]) == [
        "safety_plan", "us_dependency", "nationality_consular", "travel_reunion",
    ]  # fmt: skip


def test_one_action_opens_the_whole_case(vault: Vault) -> None:
    intake = Intake(
        case={"variant": CaseVariant.DEPORTED_PARENT_CHILD_IN_US, "title": ""},
        mother=MOTHER,
        child=CHILD,
        tracks=[LegalTrack.US_DEPENDENCY, LegalTrack.NATIONALITY_REGISTRATION],
        checklists=["safety_plan", "us_dependency", "nationality_consular"],
    )
    with vault.session() as s:
        case_id = open_case(s, intake).id
        s.commit()
    with vault.session() as s:
        case = s.get_one(Case, case_id)
        assert case.title == "Familia Quechol Tepatl"  # from the mother's surnames
        roles = {p.person.given_names: p.role for p in s.scalars(select(CaseParty))}
        assert roles == {"Rosa": PartyRole.CLIENT, "Mateo": PartyRole.CHILD}
        rel = s.scalars(select(PersonRelationship)).one()
        names = {p.id: p.given_names for p in s.scalars(select(Person))}
        assert (names[rel.person_a_id], rel.kind, names[rel.person_b_id]) == (
            "Rosa", RelationshipKind.MOTHER, "Mateo",
        )  # fmt: skip
        started = {c.template_id: c.person_id for c in s.scalars(select(Checklist))}
        mateo = next(i for i, n in names.items() if n == "Mateo")
        assert started == {"safety_plan": None, "us_dependency": None,
                           "nationality_consular": mateo}  # fmt: skip
        assert {t.track for t in case.tracks} == set(intake.tracks)


def test_a_refused_field_leaves_nothing_behind(vault: Vault) -> None:
    before = (_count(vault, Case), _count(vault, Person))
    bad = Intake(
        case={"variant": CaseVariant.OTHER, "title": "Familia Ortiz"},
        mother=MOTHER,
        child={**CHILD, "birth_country": "Narnia"},
    )
    with pytest.raises(ValidationError) as caught, vault.session() as s:
        open_case(s, bad)
    assert caught.value.field == "child_birth_country"  # beside the form's own field
    no_child = Intake(case={"variant": CaseVariant.OTHER}, mother=MOTHER,
                      checklists=["mx_passport_minor"])  # fmt: skip
    with pytest.raises(ValidationError) as caught, vault.session() as s:
        open_case(s, no_child)
    assert caught.value.field == "checklists"
    assert (_count(vault, Case), _count(vault, Person)) == before


@pytest.mark.ui
def test_the_form_ticks_what_the_kind_of_case_needs(qtbot: Any, vault: Vault) -> None:
    from reunify.ui.app import MainWindow

    window = MainWindow(vault)
    qtbot.addWidget(window)
    seen: dict[str, Any] = {}
    log: list[Any] = []

    def act(dialog: Any) -> None:
        assert isinstance(dialog, NewCaseDialog)
        dialog.save()  # untouched: the kind of case is not chosen for her
        seen["refused"] = dialog.isVisible() and dialog.errors["variant"].text()
        dialog.set_values({"tracks": [LegalTrack.CRIMINAL_COMPLAINT]})  # ticked by hand
        dialog.set_values({"variant": CaseVariant.TRAFFICKING_SURVIVOR})
        seen["tracks"] = set(dialog.values()["tracks"])
        seen["checklists"] = list(dialog.values()["checklists"])
        dialog.set_values({"variant": CaseVariant.CRIME_SURVIVOR_IN_US})
        seen["tracks2"] = set(dialog.values()["tracks"])
        dialog.set_values(
            {
                "mother_given_names": "Rosa",
                "mother_paternal_surname": "Quechol",
                "child_given_names": "Mateo",
                "child_sex": "M",
            }
        )
        dialog.save()
        assert not dialog.isVisible(), (dialog.general_error.text(), {
            k: e.text() for k, e in dialog.errors.items() if e.text()})  # fmt: skip

    on_next_modal(act, log)
    window.do_new_case()
    check(log)
    assert seen["refused"]
    assert seen["tracks"] == {LegalTrack.CRIMINAL_COMPLAINT, LegalTrack.DOMESTIC_CUSTODY,
                              LegalTrack.IMMIGRATION_DERIVATIVE}  # fmt: skip
    assert "t3_derivative" in seen["checklists"] and "custody_cnpcyf" in seen["checklists"]
    # another kind: its own ticks replace the first kind's; the hand-ticked one stays
    assert seen["tracks2"] == {LegalTrack.CRIMINAL_COMPLAINT, LegalTrack.IMMIGRATION_DERIVATIVE}
    row = window.selected_case()
    assert row is not None and row.title == "Familia Quechol"
    people = {r.person.given_names for r in window.workspace.people.model.rows()}
    assert people == {"Rosa", "Mateo"}
    with vault.session() as s:
        assert {c.template_id for c in s.scalars(select(Checklist))} == {
            "safety_plan", "u3_derivative", "mx_passport_minor"}  # fmt: skip


@pytest.mark.ui
def test_prefixed_fields_are_held_and_completed_like_a_persons(qtbot: Any, vault: Vault) -> None:
    """ "mother_phone" is a person's phone: the same live check; "mother_languages" and
    "child_birth_country" complete like a person's languages and country of birth."""
    dialog = NewCaseDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.inputs["mother_languages"].completer() is not None
    assert dialog.inputs["child_birth_country"].completer() is not None
    dialog.set_values({"mother_phone": "12"})
    dialog.save()
    assert dialog.isVisible() and dialog.errors["mother_phone"].text()
    dialog.discard()
