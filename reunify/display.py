"""How stored codes read in the language shown: countries ("MX" → "México"), Mexican
and US states ("MX-PUE" → "Puebla"), languages ("spa" → "español", "nah" →
"Nahuatl languages") and addresses. The workspace and the bundle both print
through these, so a code never reaches a person's eyes in one place and a name in
another."""

from __future__ import annotations

import pycountry
from babel import Locale

from reunify.i18n import current_language, format_list, locale_code
from reunify.identifiers import subdivision_names
from reunify.models import Address


def country_name(code: str | None) -> str:
    """The country's name in the current language ("México" / "Mexico")."""
    if not code:
        return ""
    names = Locale.parse(locale_code()).territories
    return str(names.get(code.upper(), code))


def state_name(code: str | None, language: str | None = None) -> str:
    """A state's ISO 3166-2 code as its name ("MX-PUE" → "Puebla"); unknown codes as typed."""
    if not code:
        return ""
    sub = pycountry.subdivisions.get(code=code.upper())  # type: ignore[no-untyped-call]
    if sub is None:
        return code
    return subdivision_names(language or current_language()).gettext(str(sub.name))


def iso_language_name(code: str) -> str:
    """An ISO 639-3 code as a name in the current language where CLDR has one
    ("spa" → "español"); otherwise the ISO name ("nah" → "Nahuatl languages")."""
    found = pycountry.languages.get(alpha_3=code) or pycountry.language_families.get(alpha_3=code)
    if found is None:
        return code
    short = getattr(found, "alpha_2", None)
    names = Locale.parse(locale_code()).languages
    return str(names.get(short or code) or names.get(code) or found.name)


def countries_text(codes: list[str]) -> str:
    return format_list([country_name(c) for c in codes])


def languages_text(codes: list[str]) -> str:
    return format_list([iso_language_name(c) for c in codes])


def address_text(address: Address, *, with_country: bool = True) -> str:
    """One line: street, colonia or town, municipality, state, postal code, country."""
    parts = [
        address.street,
        address.locality,
        address.municipality,
        state_name(address.state),
        address.postal_code,
        country_name(address.country) if with_country else "",
    ]
    return ", ".join(p for p in parts if p)
