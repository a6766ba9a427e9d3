"""Validation and normalisation of identifiers people type, with clear messages.

Each function returns the canonical form to store, or raises ValidationError
whose message says what is wrong in the user's language.
"""

from __future__ import annotations

import gettext
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import phonenumbers
import pycountry
from babel import Locale
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.mx import curp as stdnum_curp

from reunify.errors import ValidationError
from reunify.i18n import N_, _, current_language, format_date, locale_code
from reunify.resources import package_path
from reunify.text import fold

if TYPE_CHECKING:
    from reunify.models import Person

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


# -- what a CURP says about its holder ---------------------------------------------------


@cache
def _renapo() -> dict[str, Any]:
    return _catalogue("renapo.toml")


def curp_state(curp: str) -> str | None:
    """The state of birth a valid CURP codes, as ISO 3166-2 ("…TL…" → "MX-TLA"); the
    catalogue's "abroad" code ("NE") for a person born outside Mexico."""
    code = stdnum_curp.compact(curp)[11:13]
    if code == _renapo()["abroad"]:
        return str(code)
    found = _renapo()["states"].get(code)
    return str(found) if found else None


def _sex_word(sex: str) -> str:
    return {"F": _("female"), "M": _("male"), "X": _("X (unspecified)")}.get(sex, sex)


def _country_word(code: str) -> str:
    return str(Locale.parse(locale_code()).territories.get(code, code))


def curp_mismatches(
    curp: str | None,
    *,
    sex: str | None,
    birth_date: date | None,
    birth_state: str | None,
    birth_country: str | None,
) -> list[str]:
    """Where a CURP disagrees with a person's sex, birth date and state or country of
    birth, as sentences in the current language; nothing when a fact is unknown.

    A warning, never a refusal: a CURP with a wrong birth date or sex is a real and
    common error that RENAPO corrects, and the attorney must see it before a filing
    relies on either. "NE" (born abroad) is compared with the country only: a child
    born in the US and registered in Mexico (inserción) has a Mexican record state.
    """
    if not curp or not stdnum_curp.is_valid(curp):
        return []
    found: list[str] = []
    coded_born = stdnum_curp.get_birth_date(curp)
    if birth_date is not None and coded_born != birth_date:
        found.append(
            _("The CURP gives the birth date {coded}; this person's data says {recorded}.").format(
                coded=format_date(coded_born, "medium"), recorded=format_date(birth_date, "medium")
            )
        )
    coded_sex = stdnum_curp.get_gender(curp)
    if sex in ("F", "M", "X") and coded_sex != sex:
        found.append(
            _("The CURP gives the sex as {coded}; this person's data says {recorded}.").format(
                coded=_sex_word(coded_sex), recorded=_sex_word(sex)
            )
        )
    state = curp_state(curp)
    if state == _renapo()["abroad"]:
        if birth_country == "MX":
            found.append(
                _("The CURP says born abroad (NE); this person's data says born in Mexico.")
            )
    elif state is not None:
        if birth_country and birth_country != "MX":
            found.append(
                _("The CURP says born in {coded}, Mexico; this person's data says born in "
                  "{country}.").format(
                    coded=subdivision_name(state, current_language()) or state,
                    country=_country_word(birth_country),
                )
            )  # fmt: skip
        elif birth_state and birth_state.upper() != state:
            found.append(
                _("The CURP says born in {coded}; this person's data says {recorded}.").format(
                    coded=subdivision_name(state, current_language()) or state,
                    recorded=subdivision_name(birth_state, current_language()) or birth_state,
                )
            )
    return found


def birth_state_of(person: Person) -> str | None:
    """The Mexican state a person was born in, as far as the record says: the birth
    record's state, else a state named in the place of birth ("Tapachula, Chiapas")."""
    if person.birth_record_state:
        return person.birth_record_state
    if person.birth_country not in (None, "MX"):
        return None
    for piece in reversed((person.birth_place or "").split(",")):
        try:
            return normalize_subdivision(piece, "MX", "birth_place")
        except ValidationError:
            continue
    return None


def person_curp_mismatches(person: Person) -> list[str]:
    """`curp_mismatches` for a stored person (see there)."""
    return curp_mismatches(
        person.curp,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_state=birth_state_of(person),
        birth_country=person.birth_country,
    )


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


def match_key(text: str) -> str:
    """What two spellings of one name have in common: no case, accents, spaces or
    punctuation ("Edo. Méx." = "edomex", "K'iche'" = "kiche", "Nuevo León" = "nuevoleon")."""
    return "".join(c for c in fold(text) if c.isalnum())


@cache
def _catalogue(name: str) -> dict[str, Any]:
    """A TOML file of `reunify/catalogues/`: data the attorney's team may edit."""
    with package_path("catalogues", name).open("rb") as fh:
        return tomllib.load(fh)


# -- phones -----------------------------------------------------------------------------

# Regions a number without a country code is tried in when nothing says where the
# person is: the two numbering plans almost every client, relative and counsel use.
PHONE_REGIONS = ("MX", "US")


def _reading(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _mexican_grouping(text: str) -> bool:
    """Written 2-4-4 ("55 1234 5678"): how Mexico writes numbers of CDMX, Guadalajara
    and Monterrey, and never how the US groups one."""
    return [len(g) for g in re.findall(r"\d+", text)] == [2, 4, 4]


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(
    value: str,
    field: str = "phone",
    region: str | None = None,
    *,
    hints: Sequence[str | None] = (),
    settle: bool = True,
) -> str:
    """Phone number in E.164, read in the numbering plan of where the person is.

    Written 2-4-4 ("55 1234 5678") it is Mexican. Otherwise `region` (or else the
    first of `hints`, the person's or address's countries, strongest first) under
    which the number is valid decides. Without one, a number
    valid only in Mexico or only in the US is that; one valid in both ("(312)
    555-0199": Chicago, or Colima) is refused with a request for +1 or +52 rather
    than guessed: it used to be saved as Mexican. `settle=False` accepts that case
    as Mexican, for a check while typing that cannot see the rest of the form.
    """
    text = (value or "").strip()
    if not re.search(r"\d", text):
        raise ValidationError(
            field, N_("This is not a phone number. Include the country code, e.g. +52 or +1.")
        )
    if _mexican_grouping(text) and (mexican := _reading(text, "MX")) is not None:
        return _e164(mexican)
    for hint in (region, *hints):
        if hint and (number := _reading(text, hint.upper())) is not None:
            return _e164(number)
    readings = {_e164(n): n for r in PHONE_REGIONS if (n := _reading(text, r)) is not None}
    if len(readings) == 1:
        return next(iter(readings))
    if not readings:
        raise ValidationError(
            field,
            N_(
                "This phone number does not exist in Mexico or the US. Check the digits, "
                "or write the country code first (e.g. +502 for Guatemala)."
            ),
        )
    if not settle:
        return _e164(_reading(text, "MX"))  # type: ignore[arg-type]
    raise ValidationError(
        field,
        N_(
            "“{value}” can be a number in Mexico or in the US. Write +52 before a "
            "Mexican number or +1 before a US one."
        ),
        value=text,
    )


def phone_region(stored: str) -> str | None:
    """The country (ISO 3166-1) a stored E.164 number belongs to, if the plan says."""
    try:
        number = phonenumbers.parse(stored, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(number)


def format_phone(stored: str) -> str:
    """A stored number as people read it: "+1 312 555 0199", "+52 246 123 4567"."""
    try:
        number = phonenumbers.parse(stored, None)
    except phonenumbers.NumberParseException:
        return stored
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return text.replace("-", " ")


# -- countries --------------------------------------------------------------------------


@cache
def _country_index() -> dict[str, str]:
    """Every way of writing a country this app knows → its alpha-2 code: ISO codes,
    ISO (English) names, CLDR names in Spanish and English, and the catalogue's aliases."""
    index: dict[str, str] = {}
    known = {str(c.alpha_2) for c in pycountry.countries}
    for language in ("en", "es"):
        for code, name in Locale.parse(language).territories.items():
            if code in known:
                index.setdefault(match_key(name), code)
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for attr in ("name", "official_name", "common_name"):
            if (name := getattr(country, attr, None)) is not None:
                index.setdefault(match_key(str(name)), code)
    for code, entry in _catalogue("places.toml").get("countries", {}).items():
        for alias in entry.get("aliases", []):
            index[match_key(alias)] = code
    for country in pycountry.countries:  # codes last: "MEX"/"USA" are codes and aliases
        index[str(country.alpha_2).casefold()] = str(country.alpha_2)
        index.setdefault(str(country.alpha_3).casefold(), str(country.alpha_2))
    return index


def normalize_country(value: str, field: str = "country") -> str:
    """ISO 3166-1 alpha-2 code from a code or a name in Spanish or English
    ("México", "Estados Unidos", "EE. UU.", "Guatemala", "US")."""
    raw = (value or "").strip()
    code = _country_index().get(raw.casefold()) or _country_index().get(match_key(raw))
    if code is None:
        raise ValidationError(
            field,
            N_(
                "“{value}” is not a country this app knows. Write its name or its code "
                "(MX, US, GT)."
            ),
            value=raw,
        )
    return code


def normalize_countries(values: Iterable[str], field: str = "nationalities") -> list[str]:
    return sorted({normalize_country(v, field) for v in values if v})


# -- states -----------------------------------------------------------------------------

# Countries whose states (departments) are recognised by name: the families' countries.
STATE_COUNTRIES = ("MX", "US", "GT", "HN", "SV")


@cache
def subdivision_names(language: str) -> gettext.NullTranslations:
    """pycountry's ISO 3166-2 catalog for `language` (state names), or none."""
    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def _state_entries() -> dict[str, dict[str, Any]]:
    return dict(_catalogue("places.toml").get("states", {}))


def subdivision_name(code: str, language: str) -> str | None:
    """A state's name in `language` ("MX-MEX" → "Estado de México", "US-NY" → "Nueva
    York"): the catalogue's where it has one, else pycountry's; None if not a state."""
    sub = pycountry.subdivisions.get(code=code.upper())  # type: ignore[no-untyped-call]
    if sub is None:
        return None
    own = _state_entries().get(str(sub.code), {})
    return str(own.get(language) or subdivision_names(language).gettext(str(sub.name)))


@cache
def _state_index(country: str) -> dict[str, frozenset[str]]:
    """Names and aliases of `country`'s states → ISO codes (a name may be in two)."""
    index: dict[str, set[str]] = {}
    subs = pycountry.subdivisions.get(country_code=country) or []  # type: ignore[no-untyped-call]
    entries = _state_entries()
    for sub in subs:
        code = str(sub.code)
        names = {str(sub.name), *(subdivision_name(code, lang) or "" for lang in ("es", "en"))}
        names |= set(entries.get(code, {}).get("aliases", []))
        for name in names:
            if key := match_key(name):
                index.setdefault(key, set()).add(code)
    return {k: frozenset(v) for k, v in index.items()}


def _state_error(value: str, country: str | None, field: str) -> ValidationError:
    if country == "MX":
        msg = N_(
            "“{value}” is not a Mexican state. Write its name (Tlaxcala, CDMX) or code (MX-TLA)."
        )
    elif country == "US":
        msg = N_(
            "“{value}” is not a US state. Write its name (Nueva York, Texas) or letters (NY, TX)."
        )
    elif country:
        msg = N_("“{value}” is not a state or department of that country.")
    else:
        msg = N_(
            "“{value}” is not a state this app knows. Write its name or its code (MX-TLA, US-NY)."
        )
    return ValidationError(field, msg, value=value)


def normalize_subdivision(value: str, country: str | None, field: str) -> str:
    """A state as its ISO 3166-2 code ("Tlaxcala", "tla", "MX-TLA" → "MX-TLA";
    "NY", "Nueva York" with country US → "US-NY"; "CDMX", "Edomex", "Veracruz").

    With `country` the name is looked for among that country's states only (so
    "NY" needs it); without, among those of every country of STATE_COUNTRIES.
    """
    raw = (value or "").strip()
    upper = raw.upper()
    country = (country or "").upper() or None
    sub = pycountry.subdivisions.get(code=upper)  # type: ignore[no-untyped-call]
    if sub is not None and (country is None or sub.country_code == country):
        return str(sub.code)
    if country is not None and re.fullmatch(r"[A-Z0-9]{1,3}", upper):
        sub = pycountry.subdivisions.get(code=f"{country}-{upper}")  # type: ignore[no-untyped-call]
        if sub is not None:
            return str(sub.code)
    key = match_key(raw)
    found: set[str] = set()
    for place in (country,) if country else STATE_COUNTRIES:
        found |= _state_index(place).get(key, frozenset())
    if len(found) == 1:
        return found.pop()
    if found:
        raise ValidationError(
            field,
            N_("There is a “{value}” in more than one country: fill in the country too."),
            value=raw,
        )
    raise _state_error(raw, country, field)


def state_choices(country: str, language: str) -> list[tuple[str, str]]:
    """States of a country as (ISO code, name in `language`), sorted by name."""
    subs = pycountry.subdivisions.get(country_code=country) or []  # type: ignore[no-untyped-call]
    pairs = [(str(s.code), subdivision_name(str(s.code), language) or str(s.name)) for s in subs]
    return sorted(pairs, key=lambda p: fold(p[1]))


# -- languages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    """One entry of catalogues/languages.toml."""

    code: str
    names: Mapping[str, str]  # UI language → name
    aliases: tuple[str, ...]
    also: tuple[str, ...]  # further ISO 639-3 codes that read as this entry


@cache
def language_catalogue() -> dict[str, Language]:
    """The bilingual catalogue of the languages these families speak, by code."""
    out: dict[str, Language] = {}
    for code, entry in _catalogue("languages.toml").items():
        names = {k: str(v) for k, v in entry.items() if k not in ("aliases", "also")}
        out[code] = Language(
            code, names, tuple(entry.get("aliases", ())), tuple(entry.get("also", ()))
        )
    return out


@cache
def _by_variety() -> dict[str, Language]:
    """Every code of the catalogue, its entries' and their further varieties'."""
    out: dict[str, Language] = {}
    for entry in language_catalogue().values():
        for code in (entry.code, *entry.also):
            out[code] = entry
    return out


def language_entry(code: str) -> Language | None:
    """The catalogue's entry a stored code reads as ("otq" → otomí), if any."""
    return _by_variety().get(code.lower())


@cache
def _language_index() -> dict[str, str]:
    """The catalogue's names and aliases → code. A name on two entries is a mistake
    in the data (tests/test_natural_input.py says which)."""
    index: dict[str, str] = {}
    for entry in language_catalogue().values():
        for name in (*entry.names.values(), *entry.aliases):
            index.setdefault(match_key(name), entry.code)
    return index


@cache
def _cldr_language_index() -> dict[str, str]:
    """CLDR's names of languages in Spanish and English → ISO 639-3 ("sueco" → swe)."""
    index: dict[str, str] = {}
    for language in ("en", "es"):
        for code, name in Locale.parse(language).languages.items():
            if "_" in code:
                continue
            found = (
                pycountry.languages.get(alpha_2=code)
                if len(code) == 2
                else pycountry.languages.get(alpha_3=code)
            )
            if found is not None:
                index.setdefault(match_key(name), str(found.alpha_3))
    return index


def language_code(text: str, field: str = "languages") -> str:
    """A language as typed (code, English or Spanish name, autonym, with or without
    accents: "español", "náhuatl", "Mam", "K'iche'", "nah") → its ISO 639-3 code."""
    raw = (text or "").strip()
    low = raw.lower()
    if low in _by_variety():
        return low
    key = match_key(raw)
    if key in _language_index():
        return _language_index()[key]
    found: Any = None
    if len(low) == 3:
        found = pycountry.languages.get(alpha_3=low) or pycountry.language_families.get(alpha_3=low)
    elif len(low) == 2:
        found = pycountry.languages.get(alpha_2=low)
    if found is not None:
        return str(found.alpha_3)
    if key in _cldr_language_index():
        return _cldr_language_index()[key]
    try:
        return str(pycountry.languages.lookup(raw).alpha_3)
    except LookupError:
        raise ValidationError(
            field,
            N_(
                "“{value}” is not a language this app knows. Write its name in Spanish "
                "or English (e.g. náhuatl, mam, inglés) or its ISO 639-3 code."
            ),
            value=raw,
        ) from None


def normalize_language(value: str, field: str = "languages") -> str:
    """ISO 639-3 code, so Indigenous languages (nah, mix, zap, tzo, quc, mam…) fit."""
    return language_code(value, field)


def normalize_languages(values: Iterable[str], field: str = "languages") -> list[str]:
    seen: list[str] = []
    for v in values:
        if v and (code := normalize_language(v, field)) not in seen:
            seen.append(code)
    return seen


def language_choices(language: str) -> list[tuple[str, str]]:
    """The catalogue as (code, name in `language`), sorted by name, for pickers."""
    pairs = [
        (e.code, e.names.get(language) or e.names.get("en") or e.code)
        for e in language_catalogue().values()
    ]
    return sorted(pairs, key=lambda p: fold(p[1]))


def country_choices(language: str) -> list[tuple[str, str]]:
    """Countries as (alpha-2 code, CLDR name in `language`), sorted by name."""
    try:
        names = Locale.parse(language).territories
    except (ValueError, LookupError):
        names = Locale.parse("en").territories
    pairs = [(str(c.alpha_2), str(names.get(str(c.alpha_2), c.name))) for c in pycountry.countries]
    return sorted(pairs, key=lambda p: fold(p[1]))


def completion_keys(kind: str) -> dict[str, set[str]]:
    """Every spelling this module accepts for each code, as match keys, for a picker
    that must find "cdmx", "nuevay", "kiche" or "nah" the way the rule reads them.
    `kind` is "language", "country" or "state"."""
    out: dict[str, set[str]] = {}
    if kind == "language":
        for entry in language_catalogue().values():
            names = (*entry.names.values(), *entry.aliases, entry.code, *entry.also)
            out[entry.code] = {match_key(n) for n in names}
    elif kind == "country":
        for key, code in _country_index().items():
            out.setdefault(code, set()).add(match_key(key))
    elif kind == "state":
        for country in STATE_COUNTRIES:
            for key, codes in _state_index(country).items():
                for code in codes:
                    out.setdefault(code, {match_key(code)}).add(key)
    else:
        raise ValueError(f"no completion for {kind!r}")
    return out
