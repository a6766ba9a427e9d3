"""Relationships said from either side: "Mateo es hijo de Rosa" is stored as
"Rosa es la madre de Mateo", and the dialog never offers the person herself."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from reunify.errors import ValidationError
from reunify.models import Case, PartyRole, Person, PersonRelationship, RelationshipKind
from reunify.operations import create_case, create_person, link_person
from reunify.operations.people import RELATIONS, relate
from reunify.ui.forms import FormDialog
from reunify.ui.workspace.people import RELATION_LABELS
from reunify.vault import Vault
from tests.ui_helpers import check, on_next_modal

pytestmark = pytest.mark.vault


def _family(vault: Vault) -> tuple[str, str, str, str]:
    with vault.session() as s:
        case = create_case(s, title="Familia Quechol Tepatl")
        rosa = create_person(s, given_names="Rosa", paternal_surname="Quechol", sex="F")
        mateo = create_person(
            s, given_names="Mateo", paternal_surname="Quechol", birth_date=date(2016, 4, 2)
        )
        tomas = create_person(s, given_names="Tomás", paternal_surname="Tepatl")  # no sex
        link_person(s, case, rosa, PartyRole.CLIENT)
        link_person(s, case, mateo, PartyRole.CHILD)
        link_person(s, case, tomas, PartyRole.OTHER_PARENT)
        s.commit()
        return case.id, rosa.id, mateo.id, tomas.id


def _stored(vault: Vault) -> list[tuple[str, RelationshipKind, str]]:
    with vault.session() as s:
        names = {p.id: p.given_names for p in s.scalars(select(Person))}
        return [
            (names[r.person_a_id], r.kind, names[r.person_b_id])
            for r in s.scalars(select(PersonRelationship))
        ]


def test_child_of_is_stored_as_the_parents_relationship(vault: Vault) -> None:
    _case, rosa, mateo, _tomas = _family(vault)
    with vault.session() as s:
        relate(s, s.get_one(Person, mateo), "child_of", s.get_one(Person, rosa))
        relate(s, s.get_one(Person, mateo), "cared_for_by", s.get_one(Person, rosa))
        s.commit()
    assert _stored(vault) == [
        ("Rosa", RelationshipKind.MOTHER, "Mateo"),
        ("Rosa", RelationshipKind.CAREGIVER, "Mateo"),
    ]


def test_child_of_a_parent_of_unknown_sex_asks_which(vault: Vault) -> None:
    _case, _rosa, mateo, tomas = _family(vault)
    with pytest.raises(ValidationError) as caught, vault.session() as s:
        relate(s, s.get_one(Person, mateo), "child_of", s.get_one(Person, tomas))
    assert caught.value.field == "relation"
    assert "Tomás Tepatl" in caught.value.user_message()
    assert _stored(vault) == []


def test_nobody_is_their_own_relative(vault: Vault) -> None:
    _case, rosa, _mateo, _tomas = _family(vault)
    with pytest.raises(ValidationError) as caught, vault.session() as s:
        person = s.get_one(Person, rosa)
        relate(s, person, "mother_of", person)
    assert caught.value.field == "other"


def test_every_relation_has_a_label() -> None:
    assert set(RELATION_LABELS) == set(RELATIONS)


@pytest.mark.ui
def test_dialog_from_the_childs_side(qtbot: Any, vault: Vault) -> None:
    from reunify.ui.app import MainWindow

    case_id, rosa, mateo, _tomas = _family(vault)
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.select_case(case_id)
    tab = window.workspace.people
    assert tab.select_id(next(p.id for p in tab.model.rows() if p.person_id == mateo))
    seen: dict[str, Any] = {}
    log: list[Any] = []

    def act(dialog: Any) -> None:
        assert isinstance(dialog, FormDialog)
        relation, other = dialog.inputs["relation"], dialog.inputs["other"]
        seen["others"] = [other.itemData(i) for i in range(other.count())]
        seen["first"] = relation.currentData()
        dialog.save()  # nothing chosen: refused, nothing stored
        seen["refused"] = dialog.isVisible()
        dialog.set_values({"relation": "child_of", "other": rosa})
        dialog.save()
        assert not dialog.isVisible(), dialog.general_error.text()

    on_next_modal(act, log)
    tab.add_relationship(tab.selected())
    check(log)
    assert mateo not in seen["others"] and rosa in seen["others"]
    assert seen["first"] is None and seen["refused"]
    assert _stored(vault) == [("Rosa", RelationshipKind.MOTHER, "Mateo")]
    # the detail pane: the relationships on their own line (it printed "…spaRelationships")
    tab.select_id(next(p.id for p in tab.model.rows() if p.person_id == mateo))
    assert "<br><b>Relationships</b>" in tab.detail.text()
    assert "Rosa Quechol is the mother of Mateo Quechol" in tab.detail.text()
    with vault.session() as s:
        assert s.get_one(Case, case_id).title == "Familia Quechol Tepatl"
