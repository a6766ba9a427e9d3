"""Input as people type it: languages, states, countries and phones in Spanish or
English, with or without accents, abbreviations and codes; the rule lives in the
operations (a form only offers names), and the catalogues are data checked here."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from reunify import i18n
from reunify import identifiers as ids
from reunify import operations as ops
from reunify.display import languages_text, phone_text, state_name
from reunify.errors import ValidationError
from reunify.models import DocumentKind, OrganisationKind
from reunify.ui.forms import FormDialog
from reunify.ui.pickers import Picker, completer_for
from reunify.ui.workspace.people import ADDRESS_FIELDS, PERSON_FIELDS
from reunify.vault import Vault

# -- the catalogues are data: check what a hand edit could break -------------------------


def test_every_catalogue_code_is_a_real_iso_code() -> None:
    unknown = [
        code
        for entry in ids.language_catalogue().values()
        for code in (entry.code, *entry.also)
        if pycountry.languages.get(alpha_3=code) is None
        and pycountry.language_families.get(alpha_3=code) is None
    ]
    assert unknown == []
    assert len(ids.language_catalogue()) >= 100


def test_no_name_or_alias_points_at_two_languages() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entry in ids.language_catalogue().values():
        assert {"es", "en"} <= set(entry.names), entry.code
        for name in {ids.match_key(n) for n in (*entry.names.values(), *entry.aliases)}:
            if owner.setdefault(name, entry.code) != entry.code:
                clashes.append((name, owner[name], entry.code))
    varieties = [c for e in ids.language_catalogue().values() for c in (e.code, *e.also)]
    assert clashes == [] and len(varieties) == len(set(varieties))


def test_every_state_alias_is_a_real_state() -> None:
    states = ids._catalogue("places.toml")["states"]
    assert all(pycountry.subdivisions.get(code=code) is not None for code in states)
    countries = ids._catalogue("places.toml")["countries"]
    assert all(pycountry.countries.get(alpha_2=code) is not None for code in countries)


# -- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("español", "spa"), ("Espanol", "spa"), ("castellano", "spa"), ("es", "spa"),
        ("náhuatl", "nah"), ("NAHUATL", "nah"), ("mexicano", "nah"), ("nah", "nah"),
        ("mam", "mam"), ("K'iche'", "quc"), ("kiche", "quc"), ("quiché", "quc"),
        ("inglés", "eng"), ("English", "eng"), ("mixteco", "mix"), ("tu'un savi", "mix"),
        ("tének", "hus"), ("purépecha", "tsz"), ("tarasco", "tsz"), ("me'phaa", "tcf"),
        ("rarámuri", "tar"), ("wixárika", "hch"), ("q'anjob'al", "kjb"), ("garífuna", "cab"),
        ("criollo haitiano", "hat"), ("mandarín", "cmn"), ("cantonés", "yue"),
        ("otq", "otq"),  # a variety of otomí keeps its own code
        ("sueco", "swe"),  # outside the catalogue: CLDR's Spanish name
    ],
)  # fmt: skip
def test_languages_as_people_write_them(typed: str, code: str) -> None:
    assert ids.language_code(typed) == code


def test_an_unknown_language_is_named_in_the_message() -> None:
    with pytest.raises(ValidationError) as err:
        ids.normalize_languages(["español", "klingonés"])
    assert err.value.field == "languages"
    with i18n.override("es"):
        assert "«klingonés»" in err.value.user_message()
        assert "náhuatl" in err.value.user_message()


def test_languages_read_as_the_catalogue_names_them() -> None:
    with i18n.override("es"):
        assert languages_text(["eng", "spa"]) == "inglés y español"
        assert languages_text(["nah", "quc", "otq"]) == "náhuatl, k'iche' y otomí"
    with i18n.override("en"):
        assert languages_text(["nah", "mix", "spa"]) == "Nahuatl, Mixtec, and Spanish"
        assert languages_text(["swe"]) == "Swedish"


# -- states and countries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "country", "code"),
    [
        ("Tlaxcala", "MX", "MX-TLA"), ("Puebla", "MX", "MX-PUE"), ("tla", "MX", "MX-TLA"),
        ("CDMX", None, "MX-CMX"), ("DF", "MX", "MX-CMX"), ("Ciudad de Mexico", None, "MX-CMX"),
        ("Nuevo León", None, "MX-NLE"), ("NL", "MX", "MX-NLE"), ("nuevo leon", "MX", "MX-NLE"),
        ("Edomex", "MX", "MX-MEX"), ("EdoMex", None, "MX-MEX"), ("Edo. Méx.", "MX", "MX-MEX"),
        ("Estado de México", None, "MX-MEX"), ("Michoacán de Ocampo", None, "MX-MIC"),
        ("Michoacan", "MX", "MX-MIC"), ("Veracruz de Ignacio de la Llave", None, "MX-VER"),
        ("BC", "MX", "MX-BCN"), ("BCS", None, "MX-BCS"), ("SLP", None, "MX-SLP"),
        ("QRoo", "MX", "MX-ROO"), ("Q. Roo", None, "MX-ROO"),
        ("Nueva York", "US", "US-NY"), ("Nueva York", None, "US-NY"), ("NY", "US", "US-NY"),
        ("TX", "US", "US-TX"), ("CA", "US", "US-CA"), ("California", None, "US-CA"),
        ("Carolina del Norte", None, "US-NC"), ("US-IL", None, "US-IL"),
        ("Huehuetenango", "GT", "GT-13"), ("Xela", None, "GT-09"), ("Cortés", "HN", "HN-CR"),
    ],
)  # fmt: skip
def test_states_as_people_write_them(typed: str, country: str | None, code: str) -> None:
    assert ids.normalize_subdivision(typed, country, "state") == code


def test_states_refused_with_a_reason() -> None:
    with i18n.override("es"):
        with pytest.raises(ValidationError) as err:
            ids.normalize_subdivision("NY", "MX", "state")  # two letters: a US state
        assert "no es un estado de México" in err.value.user_message()
        with pytest.raises(ValidationError) as err:
            ids.normalize_subdivision("La Paz", None, "state")  # Honduras and El Salvador
        assert "país" in err.value.user_message()


def test_state_names_read_in_the_language_shown() -> None:
    with i18n.override("es"):
        assert state_name("MX-MEX") == "Estado de México"  # not "México"
        assert state_name("US-NY") == "Nueva York"
    with i18n.override("en"):
        assert state_name("MX-MEX") == "State of Mexico"
    assert ("MX-CMX", "Ciudad de México") in ids.state_choices("MX", "es")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("México", "MX"), ("mexico", "MX"), ("Estados Unidos", "US"), ("EE. UU.", "US"),
     ("EUA", "US"), ("USA", "US"), ("United States", "US"), ("us", "US"),
     ("Guatemala", "GT"), ("Honduras", "HN"), ("El Salvador", "SV")],
)  # fmt: skip
def test_countries_as_people_write_them(typed: str, code: str) -> None:
    assert ids.normalize_country(typed) == code


# -- phones -----------------------------------------------------------------------------


def test_a_number_valid_in_both_countries_is_not_guessed() -> None:
    """(312) is Chicago and Colima: it used to be saved as +52 without a word."""
    with pytest.raises(ValidationError) as err:
        ids.normalize_phone("(312) 555-0199")
    with i18n.override("es"):
        message = err.value.user_message()
    assert "+52" in message and "+1" in message and "«(312) 555-0199»" in message


@pytest.mark.parametrize(
    ("typed", "hints", "stored"),
    [
        ("(312) 555-0199", ["US"], "+13125550199"),
        ("(312) 555-0199", ["MX"], "+523125550199"),
        ("(312) 555-0199", ["GT", "US"], "+13125550199"),  # not a Guatemalan number
        ("1 312 555 0199", [], "+13125550199"),  # the US trunk prefix says it
        ("(212) 555-0123", [], "+12125550123"),  # no Mexican number
        ("246 123 4567", [], "+522461234567"),  # no US number
        ("246 123 4567", ["US"], "+522461234567"),
        ("55 1234 5678", ["US"], "+525512345678"),  # grouped 2-4-4: Mexico's way
        ("+52 312 555 0199", ["US"], "+523125550199"),
        ("5555 1234", ["GT"], "+50255551234"),
    ],
)
def test_phones_read_where_the_person_is(typed: str, hints: list[str], stored: str) -> None:
    assert ids.normalize_phone(typed, hints=hints) == stored


def test_phones_show_their_country() -> None:
    with i18n.override("es"):
        assert phone_text("+13125550199") == "+1 312 555 0199 (Estados Unidos)"
        assert phone_text("+522461234567") == "+52 246 123 4567 (México)"
        assert phone_text(None) == ""


# -- the operations hold every rule --------------------------------------------------------


@pytest.mark.vault
def test_operations_store_codes_from_what_people_type(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Tecuatl", opened_on=date(2026, 3, 2))
        rosa = ops.create_person(
            s,
            given_names="Rosa",
            paternal_surname="Tecuatl",
            languages=["español", "náhuatl"],
            birth_country="México",
            nationalities=["México"],
            birth_record_state="Tlaxcala",
        )
        assert (rosa.languages, rosa.birth_country, rosa.nationalities) == (
            ["spa", "nah"],
            "MX",
            ["MX"],
        )
        assert rosa.birth_record_state == "MX-TLA"
        home = ops.add_address(s, rosa, locality="San Pablo del Monte", state="CDMX")
        s.flush()  # the country's default, Mexico, is the database's
        assert (home.state, home.country) == ("MX-CMX", "MX")
        chicago = ops.add_address(
            s, rosa, locality="Chicago", state="IL", country="EE. UU.", is_last_known=True
        )
        assert (chicago.state, chicago.country) == ("US-IL", "US")
        ny = ops.add_address(s, rosa, state="Nueva York", country="Estados Unidos")
        assert (ny.state, ny.country) == ("US-NY", "US")
        # Her last known address is in the US: a number valid in both plans is American.
        ops.update_person(s, rosa, phone="(312) 555-0199")
        assert rosa.phone == "+13125550199"
        doc = ops.add_document(
            s,
            case,
            kind=DocumentKind.US_BIRTH_CERTIFICATE,
            title="Acta de nacimiento de Mateo",
            issuer_country="Estados Unidos",
            issuer_state="Texas",
            language="inglés",
        )
        assert (doc.issuer_country, doc.issuer_state, doc.language) == ("US", "US-TX", "eng")
        ops.update_document(s, doc, issuer_state="NY")
        assert doc.issuer_state == "US-NY"
        other = ops.add_document(
            s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta", issuer_state="Puebla"
        )
        assert other.issuer_state == "MX-PUE"
        apostille = ops.record_apostille(s, other, authority="Gobierno de Puebla", state="Pue")
        assert apostille.state == "MX-PUE"


@pytest.mark.vault
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "(312) 555-0199", "nationalities": ["MX"]}, "phone"),  # nothing says US
        ({"languages": ["español", "élfico"]}, "languages"),
        ({"birth_record_state": "Nueva York"}, "birth_record_state"),  # a Mexican record
    ],
)
def test_operations_refuse_what_they_cannot_read(
    vault: Vault, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err, vault.session() as s:
        ops.create_person(s, given_names="Lucía", **fields)
    assert err.value.field == field


@pytest.mark.vault
def test_a_us_born_person_or_a_us_address_reads_a_us_number(vault: Vault) -> None:
    with vault.session() as s:
        mateo = ops.create_person(s, given_names="Mateo", birth_country="US")
        ops.update_person(s, mateo, phone="(312) 555-0199")
        assert mateo.phone == "+13125550199"
        with pytest.raises(ValidationError) as err:
            ops.add_address(s, mateo, country="Atlántida")
        assert err.value.field == "country"
        with pytest.raises(ValidationError) as err:
            ops.add_address(s, mateo, country="US", state="Tlaxcala")
        assert err.value.field == "state"


# -- pickers ------------------------------------------------------------------------------


def _offered(picker: Picker) -> list[str]:
    model = picker.completionModel()
    return [str(model.index(i, 0).data()) for i in range(model.rowCount())]


# The offscreen platform cannot raise the popup or let it grab the keyboard.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support")


def _focused(qtbot: QtBot, widget: QLineEdit) -> None:
    """QLineEdit hooks its completer up when it gets the focus."""
    window = widget.window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


@OFFSCREEN_POPUP
def test_the_person_form_completes_languages_in_a_list(qtbot: QtBot) -> None:
    with i18n.override("es"):
        dialog = FormDialog("Persona", PERSON_FIELDS, lambda v: v)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())  # no question
        line = dialog.inputs["languages"]
        assert isinstance(line, QLineEdit) and isinstance(line.completer(), Picker)
        assert isinstance(dialog.inputs["curp"], QLineEdit)
        assert dialog.inputs["curp"].completer() is None  # nothing to pick from
        picker = line.completer()
        assert isinstance(picker, Picker)
        _focused(qtbot, line)
        qtbot.keyClicks(line, "espanol, NAHU")
        assert "náhuatl (nah)" in _offered(picker)
        popup = picker.popup()
        assert popup is not None and popup.isVisible()
        row = _offered(picker).index("náhuatl (nah)")
        popup.setCurrentIndex(picker.completionModel().index(row, 0))
        picker.activated.emit(picker.pathFromIndex(popup.currentIndex()))
        assert line.text() == "espanol, náhuatl"  # the earlier item kept as typed
        assert ids.normalize_languages(line.text().split(",")) == ["spa", "nah"]


@OFFSCREEN_POPUP
@pytest.mark.parametrize(
    ("field", "typed", "first"),
    [
        ("state", "cdmx", "Ciudad de México (MX-CMX)"),
        ("state", "nueva y", "Nueva York (US-NY)"),
        ("state", "edomex", "Estado de México (MX-MEX)"),
        ("country", "eeuu", "Estados Unidos (US)"),
        ("country", "mex", "México (MX)"),
    ],
)
def test_the_address_form_offers_states_and_countries(
    qtbot: QtBot, field: str, typed: str, first: str
) -> None:
    with i18n.override("es"):
        dialog = FormDialog("Domicilio", ADDRESS_FIELDS, lambda v: v)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())  # no question
        line = dialog.inputs[field]
        assert isinstance(line, QLineEdit)
        picker = line.completer()
        assert isinstance(picker, Picker)
        _focused(qtbot, line)
        qtbot.keyClicks(line, typed)
        assert _offered(picker)[0] == first


@OFFSCREEN_POPUP
def test_a_name_in_two_countries_is_written_as_its_code(qtbot: QtBot) -> None:
    line = QLineEdit()
    qtbot.addWidget(line)
    picker = completer_for("issuer_state", line)
    assert isinstance(picker, Picker)
    _focused(qtbot, line)
    qtbot.keyClicks(line, "la paz")
    written = {picker.pathFromIndex(picker.completionModel().index(i, 0)) for i in range(2)}
    assert written == {"HN-LP", "SV-PA"}
    assert completer_for("notes", line) is None


@pytest.mark.vault
def test_an_organisation_number_is_read_in_its_country(vault: Vault) -> None:
    with vault.session() as s:
        consulate = ops.create_organisation(
            s,
            name="Consulado de México en Chicago",
            kind=OrganisationKind.MX_CONSULATE,
            country="Estados Unidos",
            state="Illinois",
            phone="(312) 555-0199",
        )
        assert (consulate.country, consulate.state, consulate.phone) == (
            "US",
            "US-IL",
            "+13125550199",
        )
        with pytest.raises(ValidationError) as err:
            ops.create_organisation(
                s, name="DIF Colima", kind=OrganisationKind.DIF, phone="(312) 555-0100"
            )
        assert err.value.field == "phone"  # no country said: not guessed
