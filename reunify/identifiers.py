"""Validation and normalisation of identifiers people type, with clear messages.

Each function returns the canonical form to store, or raises ValidationError
whose message says what is wrong in the user's language.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

import phonenumbers
import pycountry
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.mx import curp as stdnum_curp

from reunify.errors import ValidationError
from reunify.i18n import N_

RECEIPT_RE = re.compile(r"^[A-Z]{3}\d{10}$")


def normalize_curp(value: str, field: str = "curp") -> str:
    """CURP: 18 characters with a check digit (python-stdnum does the arithmetic)."""
    raw = stdnum_curp.compact(value or "")
    try:
        return str(stdnum_curp.validate(raw))
    except InvalidLength:
        raise ValidationError(
            field, N_("A CURP has 18 characters; this one has {count}."), count=len(raw)
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            field, N_("The CURP's last character (check digit) does not match: check for a typo.")
        ) from None
    except InvalidComponent:
        raise ValidationError(
            field, N_("The CURP has an impossible birth date, sex or state code.")
        ) from None
    except InvalidFormat:
        raise ValidationError(
            field, N_("A CURP is 4 letters, 6 digits, 6 letters and 2 characters.")
        ) from None


def normalize_receipt_number(value: str, field: str = "receipt_number") -> str:
    """USCIS receipt number: 3 letters and 10 digits, e.g. EAC2690012345."""
    raw = re.sub(r"[\s-]", "", value or "").upper()
    if not RECEIPT_RE.match(raw):
        raise ValidationError(
            field,
            N_("A USCIS receipt number is 3 letters and 10 digits (for example EAC2612345678)."),
        )
    return raw


def normalize_a_number(value: str, field: str = "a_number") -> str:
    """A-number: 8 or 9 digits, stored zero-padded to 9 (shown as A-000-000-000)."""
    raw = re.sub(r"[\s-]", "", value or "").upper().removeprefix("A")
    if not raw.isdigit() or len(raw) not in (8, 9):
        raise ValidationError(field, N_("An A-number has 8 or 9 digits, optionally after an A."))
    return raw.zfill(9)


def format_a_number(stored: str) -> str:
    return f"A-{stored[0:3]}-{stored[3:6]}-{stored[6:9]}"


def normalize_phone(value: str, field: str = "phone", region: str = "MX") -> str:
    """Phone number in E.164; a number without + is read as Mexican unless told otherwise."""
    try:
        number = phonenumbers.parse(value or "", region)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            field, N_("This is not a phone number. Include the country code, e.g. +52 or +1.")
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            field, N_("This phone number does not exist in the numbering plan of its country.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_country(value: str, field: str = "country") -> str:
    """ISO 3166-1 alpha-2 code from a code or an English name."""
    raw = (value or "").strip()
    try:
        country = pycountry.countries.lookup(raw)
    except LookupError:
        raise ValidationError(field, N_("Unknown country: {value}."), value=raw) from None
    return str(country.alpha_2)


def normalize_countries(values: list[str], field: str = "nationalities") -> list[str]:
    return sorted({normalize_country(v, field) for v in values if v})


def normalize_subdivision(value: str, country: str, field: str) -> str:
    """A Mexican or US state as its ISO 3166-2 code (MX-TLA, US-TX)."""
    raw = (value or "").strip().upper()
    if not raw.startswith(country + "-"):
        raw = f"{country}-{raw}"
    sub = pycountry.subdivisions.get(code=raw)  # type: ignore[no-untyped-call]
    if sub is None or sub.country_code != country:
        msg = (
            N_("Unknown Mexican state: {value}.")
            if country == "MX"
            else N_("Unknown US state: {value}.")
        )
        raise ValidationError(field, msg, value=value)
    return str(sub.code)


def normalize_language(value: str, field: str = "languages") -> str:
    """ISO 639-3 code, so Indigenous languages (nah, mix, zap, tzo, quc, mam…) fit."""
    raw = (value or "").strip()
    lang = pycountry.languages.get(alpha_3=raw.lower()) or pycountry.languages.get(
        alpha_2=raw.lower()
    )
    if lang is None:
        # Collective codes (ISO 639-5) such as "nah" (Nahuatl languages) or "myn" (Mayan).
        lang = pycountry.language_families.get(alpha_3=raw.lower())
    if lang is None:
        try:
            lang = pycountry.languages.lookup(raw)
        except LookupError:
            raise ValidationError(field, N_("Unknown language: {value}."), value=raw) from None
    return str(lang.alpha_3)


def normalize_languages(values: list[str], field: str = "languages") -> list[str]:
    seen: list[str] = []
    for v in values:
        if v and (code := normalize_language(v, field)) not in seen:
            seen.append(code)
    return seen


@cache
def subdivision_names(language: str) -> gettext.NullTranslations:
    """pycountry's ISO 3166-2 catalog for `language` (state names), or none."""
    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def state_choices(country: str, language: str) -> list[tuple[str, str]]:
    """States of Mexico or the US as (ISO code, name in `language`), sorted by name.

    Names come from pycountry's ISO 3166-2 data and its gettext catalogs.
    """
    catalog = subdivision_names(language)
    subs = pycountry.subdivisions.get(country_code=country) or []  # type: ignore[no-untyped-call]
    pairs = [(str(s.code), catalog.gettext(str(s.name))) for s in subs]
    return sorted(pairs, key=lambda p: p[1])
