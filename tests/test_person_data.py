"""A person's date of death and the CURP cross-check (#14 item 5), through the operations,
the people tab and the bundle, in a real encrypted vault."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from reunify import i18n
from reunify import identifiers as ids
from reunify import operations as ops
from reunify.bundle.export import export_bundle
from reunify.display import death_text
from reunify.errors import ValidationError
from reunify.invented import make_curp
from reunify.models import AuditEvent, ConsentScope, PartyRole, Person, RelationshipKind
from reunify.ui.app import MainWindow
from reunify.vault import Vault
from tests.ui_helpers import check, fill_form

# Invented people; every CURP passes the check digit (python-stdnum computes it).
# Mujer ("M"), born 8 Mar 1994 in Tlaxcala ("TL").
CURP_TLAXCALA = make_curp("Rosalba", "Tecuapetla", "Ramírez", date(1994, 3, 8), "M", "TL")
# Hombre ("H"), born 2 Jun 2017 in Puebla ("PL").
CURP_PUEBLA = make_curp("Emiliano", "Xochitiotzi", "Pérez", date(2017, 6, 2), "H", "PL")
# Born abroad ("NE"): a US-born child whose birth was registered in Mexico.
CURP_ABROAD = make_curp("Héctor", "Tlapale", "Xochihua", date(2016, 9, 3), "H", "NE")


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    yield
    i18n.set_language("en")


# -- the CURP, compared with the person's data ------------------------------------------


def test_curp_codes_birth_date_sex_and_state() -> None:
    assert CURP_TLAXCALA[10:13] == "MTL"  # can fail: the builder's layout is RENAPO's
    assert ids.curp_state(CURP_TLAXCALA) == "MX-TLA"
    assert ids.curp_state(CURP_PUEBLA) == "MX-PUE"
    assert ids.curp_state(CURP_ABROAD) == "NE"


def test_a_matching_curp_says_nothing() -> None:
    assert (
        ids.curp_mismatches(
            CURP_TLAXCALA,
            sex="F",
            birth_date=date(1994, 3, 8),
            birth_state="MX-TLA",
            birth_country="MX",
        )
        == []
    )
    # unknown facts are not mismatches
    assert ids.curp_mismatches(CURP_TLAXCALA, sex=None, birth_date=None, birth_state=None,
                               birth_country=None) == []  # fmt: skip
    assert ids.curp_mismatches(None, sex="M", birth_date=None, birth_state=None,
                               birth_country=None) == []  # fmt: skip


def test_each_mismatch_is_a_sentence_in_the_language_shown() -> None:
    i18n.set_language("en")
    found = ids.curp_mismatches(
        CURP_TLAXCALA,
        sex="M",
        birth_date=date(1994, 8, 3),  # day and month swapped: the common typo
        birth_state="MX-PUE",
        birth_country="MX",
    )
    assert found == [
        "The CURP gives the birth date Mar 8, 1994; this person's data says Aug 3, 1994.",
        "The CURP gives the sex as female; this person's data says male.",
        "The CURP says born in Tlaxcala; this person's data says Puebla.",
    ]
    i18n.set_language("es")
    found = ids.curp_mismatches(
        CURP_TLAXCALA,
        sex="M",
        birth_date=date(1994, 8, 3),
        birth_state="MX-PUE",
        birth_country="MX",
    )
    assert found[0] == (
        "La CURP indica como fecha de nacimiento el 8 mar 1994; los datos de esta persona "
        "dicen 3 ago 1994."
    )
    assert "Tlaxcala" in found[2] and "Puebla" in found[2]


def test_born_abroad_is_compared_with_the_country_only() -> None:
    i18n.set_language("en")
    # Registered in Tlaxcala (inserción), born in the US: NE is right.
    assert ids.curp_mismatches(CURP_ABROAD, sex="M", birth_date=date(2016, 9, 3),
                               birth_state="MX-TLA", birth_country="US") == []  # fmt: skip
    assert ids.curp_mismatches(CURP_ABROAD, sex="M", birth_date=date(2016, 9, 3),
                               birth_state=None, birth_country="MX") == [
        "The CURP says born abroad (NE); this person's data says born in Mexico."
    ]  # fmt: skip
    assert ids.curp_mismatches(CURP_PUEBLA, sex="M", birth_date=date(2017, 6, 2),
                               birth_state=None, birth_country="GT") == [
        "The CURP says born in Puebla, Mexico; this person's data says born in Guatemala."
    ]  # fmt: skip


def test_the_birth_state_is_the_record_state_or_the_place_of_birth() -> None:
    person = Person(given_names="Emiliano", birth_place="Zacatelco, Tlaxcala")
    assert ids.birth_state_of(person) == "MX-TLA"
    person.birth_record_state = "MX-PUE"  # where the birth was registered wins
    assert ids.birth_state_of(person) == "MX-PUE"
    abroad = Person(given_names="Abril", birth_place="San Pedro Sula, Cortés", birth_country="HN")
    assert ids.birth_state_of(abroad) is None


def test_the_renapo_catalogue_covers_every_code_stdnum_accepts() -> None:
    from stdnum.mx import curp as stdnum_curp

    valid = stdnum_curp._valid_states  # the codes a CURP that passes validation can carry
    for code in valid - {"NE"}:
        base = f"TERR940308M{code}CMS0"
        assert ids.curp_state(base + stdnum_curp.calc_check_digit(base)), code


# -- the date of death -----------------------------------------------------------------


def test_death_reads_in_the_language_shown() -> None:
    i18n.set_language("es")
    assert death_text(date(2025, 3, 3)) == "Falleció el 3 mar 2025"
    i18n.set_language("en")
    assert death_text(date(2025, 3, 3)) == "Died Mar 3, 2025"
    assert death_text(None) == ""


@pytest.mark.vault
def test_a_date_of_death_is_checked_and_audited(vault: Vault) -> None:
    with vault.session() as s:
        with pytest.raises(ValidationError) as err:
            ops.create_person(s, given_names="Josué", deceased_on=date.today() + timedelta(1))
        assert err.value.field == "deceased_on"
        with pytest.raises(ValidationError) as err:
            ops.create_person(
                s, given_names="Josué", birth_date=date(1997, 7, 9), deceased_on=date(1997, 7, 8)
            )
        assert err.value.field == "deceased_on"
        father = ops.create_person(
            s, given_names="Josué", birth_date=date(1997, 7, 9), deceased_on=date(2026, 1, 17)
        )
        # a birth date moved past the death is refused on the birth date
        with pytest.raises(ValidationError) as err:
            ops.update_person(s, father, birth_date=date(2026, 2, 1))
        assert err.value.field == "birth_date"
        ops.update_person(s, father, deceased_on=None)  # entered by mistake: cleared
        ops.update_person(s, father, deceased_on=date(2026, 1, 17))
        person_id = father.id
    with vault.session() as s:
        assert s.get_one(Person, person_id).deceased_on == date(2026, 1, 17)
        details = [e.details for e in s.scalars(select(AuditEvent)) if e.entity_id == person_id]
        assert {"from": None, "to": "2026-01-17"} in [
            d.get("changed", {}).get("deceased_on") for d in details
        ]


def test_i18n_message_for_death_in_spanish() -> None:
    i18n.set_language("es")
    error = ValidationError("deceased_on", "The date of death cannot be in the future.")
    assert error.user_message() == "La fecha de fallecimiento no puede ser futura."


# -- the people tab and the bundle ------------------------------------------------------


def _case_with_family(vault: Vault) -> str:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Orellana Paz", opened_on=date(2026, 5, 4))
        mother = ops.create_person(
            s,
            given_names="Dilcia Marisol",
            paternal_surname="Orellana",
            maternal_surname="Mejía",
            sex="F",
            birth_date=date(1999, 2, 14),
            birth_country="HN",
        )
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        return case.reference


@pytest.mark.ui
@pytest.mark.vault
def test_people_tab_warns_after_saving_and_shows_the_death(
    qtbot: Any, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _case_with_family(vault)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.filter.setText(reference)
    window.table.selectRow(0)
    people = window.workspace.people
    log: list[Any] = []
    # The father: murdered; his CURP (from a Mexican record) says Puebla and 2 Jun
    # 2017 — not his: typed from the wrong record. The data is saved anyway.
    fill_form(
        {
            "role": PartyRole.OTHER_PARENT,
            "given_names": "Josué Isaac",
            "paternal_surname": "Paz",
            "maternal_surname": "Rivera",
            "sex": "M",
            "birth_date": date(1997, 7, 9),
            "curp": CURP_PUEBLA,
            "birth_record_state": "Tlaxcala",
            "deceased_on": date(2026, 1, 17),
        },
        log,
    )
    people.action("add_person").trigger()
    check(log)
    assert len(warned) == 1
    assert "Jun 2, 2017" in warned[0] and "Jul 9, 1997" in warned[0]
    assert "Puebla" in warned[0] and "RENAPO" in warned[0]
    with vault.session() as s:
        father = s.scalars(select(Person).where(Person.given_names == "Josué Isaac")).one()
        assert (father.curp, father.deceased_on) == (CURP_PUEBLA, date(2026, 1, 17))
    row = next(
        i for i, p in enumerate(people.model.rows()) if p.person.given_names == "Josué Isaac"
    )
    people.select_row(row)
    detail = people.detail.text()
    assert "Died Jan 17, 2026" in detail
    assert "The CURP does not match" in detail and "Puebla" in detail
    assert "Died Jan 17, 2026" in people.model.index(row, 2).data()  # the Born column
    # Corrected: the CURP of his own record; the warning goes away.
    own = make_curp("Josué Isaac", "Paz", "Rivera", date(1997, 7, 9), "H", "TL")
    fill_form({"curp": own}, log)
    people.action("edit_person").trigger()
    check(log)
    assert len(warned) == 1
    row = next(
        i for i, p in enumerate(people.model.rows()) if p.person.given_names == "Josué Isaac"
    )
    people.select_row(row)
    assert "CURP does not match" not in people.detail.text()
    window.lock()


def _pdf_text(path: Path, password: str) -> str:
    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        assert reader.decrypt(password)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.vault
def test_bundle_tells_us_counsel_of_the_death_and_the_curp(vault: Vault, tmp_path: Path) -> None:
    i18n.set_language("es")  # the attorney's screen
    reference = _case_with_family(vault)
    share = "compartir con la abogada 2026"
    with vault.session() as s:
        case = ops.find_case(s, reference)
        assert case is not None
        mother = ops.people_in_case(s, case)[0]
        father = ops.create_person(
            s,
            given_names="Josué Isaac",
            paternal_surname="Paz",
            maternal_surname="Rivera",
            sex="M",
            birth_date=date(1997, 7, 9),
            deceased_on=date(2026, 1, 17),
            birth_country="MX",
            curp=CURP_PUEBLA,
        )
        ops.link_person(s, case, father, PartyRole.OTHER_PARENT)
        ops.add_relationship(s, mother, RelationshipKind.SPOUSE, father)
        consent = ops.record_consent(
            s,
            case,
            recipient="Abogada en Houston",
            purpose="I-360",
            scope=[ConsentScope.IDENTITY, ConsentScope.CASE_FACTS],
            given_on=date(2026, 5, 4),
            expires_on=date(2027, 5, 4),
        )
        result = export_bundle(
            s,
            case,
            tmp_path / "bundle.pdf",
            consent=consent,
            language="en",
            share_passphrase=share,
            today=date(2026, 5, 20),
        )
    text = _pdf_text(result.path, share)
    assert "Died Jan 17, 2026" in text
    assert "CURP check: The CURP gives the birth date Jun 2, 2017" in text
    assert "Falleció" not in text


@pytest.mark.vault
def test_the_demo_has_the_murdered_father(demo_vault: Vault) -> None:
    with demo_vault.session() as s:
        father = s.scalars(select(Person).where(Person.given_names == "Josué Isaac")).one()
        assert father.deceased_on == date(2026, 1, 17)
