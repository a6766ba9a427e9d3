"""How stored codes read in the language shown: countries ("MX" → "México"), states
("MX-PUE" → "Puebla", "US-NY" → "Nueva York"), languages ("spa" → "español", "nah" →
"náhuatl", from the catalogue in reunify/catalogues/languages.toml), phones with
their country, and addresses. The workspace and the bundle both print through
these, so a code never reaches a person's eyes in one place and a name in another."""

from __future__ import annotations

from datetime import date

import pycountry
from babel import Locale

from reunify import identifiers as ids
from reunify.i18n import _, current_language, format_date, format_list, locale_code
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
    return ids.subdivision_name(code, language or current_language()) or code


def iso_language_name(code: str) -> str:
    """An ISO 639-3 code as a name in the current language: the catalogue's ("nah" →
    "náhuatl", "quc" → "k'iche'"), else CLDR's ("swe" → "sueco"), else the ISO name."""
    language = current_language()
    entry = ids.language_entry(code)
    if entry is not None and language in entry.names:
        return entry.names[language]
    found = pycountry.languages.get(alpha_3=code) or pycountry.language_families.get(alpha_3=code)
    names = Locale.parse(locale_code()).languages
    short = getattr(found, "alpha_2", None) if found is not None else None
    cldr = names.get(short or code) or names.get(code)
    if cldr:
        return str(cldr)
    if entry is not None:
        return entry.names.get("en") or code
    return str(found.name) if found is not None else code


def phone_text(stored: str | None) -> str:
    """A stored number with the country it rings in: "+1 312 555 0199 (Estados Unidos)"."""
    if not stored:
        return ""
    region = ids.phone_region(stored)
    text = ids.format_phone(stored)
    return f"{text} ({country_name(region)})" if region else text


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


def death_text(day: date | None) -> str:
    """ "Falleció el 3 mar 2025" / "Died Mar 3, 2025": a deceased parent's consent cannot
    be asked for, which the people tab and the bundle say wherever the person is named."""
    if day is None:
        return ""
    return _("Died {date}").format(date=format_date(day, "medium"))
