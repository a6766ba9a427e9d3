"""Codes read as names in the language shown, the same in the workspace and the bundle."""

from __future__ import annotations

from reunify import i18n
from reunify.display import address_text, countries_text, languages_text, state_name
from reunify.models import Address


def _address(**values: str) -> Address:
    base = {"street": "Av. Juárez 14", "locality": "San Pablo del Monte", "municipality": "",
            "state": "MX-TLA", "postal_code": "90970", "country": "MX"}  # fmt: skip
    base.update(values)
    return Address(**base)


def test_names_follow_the_language_shown() -> None:
    with i18n.override("es"):
        assert state_name("MX-PUE") == "Puebla"
        assert state_name("US-NY") == "Nueva York"
        assert countries_text(["MX", "US"]) == "México y Estados Unidos"
        assert languages_text(["eng", "spa"]) == "inglés y español"
        assert languages_text(["nah", "mam"]) == "náhuatl y mam"  # was "Nahuatl languages"
        assert state_name("MX-MEX") == "Estado de México"
        assert address_text(_address()) == (
            "Av. Juárez 14, San Pablo del Monte, Tlaxcala, 90970, México"
        )
    with i18n.override("en"):
        assert state_name("US-NY") == "New York"
        assert countries_text(["MX", "US"]) == "Mexico and United States"
        assert address_text(_address(), with_country=False).endswith("Tlaxcala, 90970")


def test_unknown_codes_are_shown_as_typed() -> None:
    with i18n.override("es"):
        assert state_name("XX-ZZZ") == "XX-ZZZ"
        assert languages_text(["qqq"]) == "qqq"
        assert address_text(_address(state=None, street="", country="")) == (
            "San Pablo del Monte, 90970"
        )
