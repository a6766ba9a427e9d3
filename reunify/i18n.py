"""Translation entry points and locale-aware formatting; not installed into builtins.

Messages are extracted by Babel from `_()`, `N_()`, `ngettext()` and `pgettext()`
calls (configured in pyproject.toml, `make i18n`); placeholders are named and
filled with `.format()` after translation. Catalogs live in
`reunify/locales/<lang>/LC_MESSAGES/reunify.po`; the build compiles them to `.mo`, and a
missing or stale `.mo` is compiled in memory from the `.po`, so adding a
language is adding a `.po` file.
"""

from __future__ import annotations

import gettext
import io
import locale as _pylocale
import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import dates as _dates
from babel import lists as _lists
from babel import numbers as _numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from reunify.resources import package_path

DOMAIN = "reunify"
LOCALE_DIR = package_path("locales")
SOURCE_LANGUAGE = "en"  # msgids are English
DEFAULT_LANGUAGE = "es"  # the attorney's language when the system says nothing useful

_translations: gettext.NullTranslations = NullTranslations()
_language = DEFAULT_LANGUAGE
# A thread may work in another language than the screen (a bundle exported in
# English from a Spanish GUI, on a worker thread): see `override`.
_local = threading.local()
_catalogs: dict[tuple[str, str, float, float], gettext.NullTranslations] = {}


def available_languages() -> list[str]:
    """English (the msgids) plus every language with a catalog in `locales/`."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        for po in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
            found.add(po.parent.parent.name)
    return sorted(found)


def in_language(texts: Mapping[str, str] | None, language: str, default: str = "") -> str:
    """The text of a `{language: text}` map to show in `language`.

    Falls back to English (the source language), then Spanish, then any language
    the map has, so a text stored before a language was added still shows;
    `default` only when the map has no text at all.
    """
    if not texts:
        return default
    for lang in (language, SOURCE_LANGUAGE, DEFAULT_LANGUAGE):
        if texts.get(lang):
            return texts[lang]
    return next((t for t in texts.values() if t), default)


def language_name(language: str) -> str:
    """The language's own name ("español", "English", "中文")."""
    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, UnknownLocaleError):
        return language
    return name[:1].upper() + name[1:]


def _language_of(tag: str) -> str | None:
    """The language code in a POSIX, BCP 47 or Windows locale name, or None.

    "es_MX.UTF-8" / "es-419" → "es"; "Spanish_Mexico" (Windows' `getlocale()` in
    Python 3.11) → "es" through Babel's English language names; "C", "POSIX",
    "C.UTF-8" → None (they say nothing about the person).
    """
    tag = tag.strip().split(".")[0].split("@")[0]
    if not tag or tag.upper() in ("C", "POSIX"):
        return None
    head = tag.replace("-", "_").split("_")[0]
    if head.isascii() and head.isalpha() and len(head) in (2, 3):
        return head.lower()
    return _english_language_names().get(head.lower())


@cache
def _english_language_names() -> dict[str, str]:
    names = Locale("en").languages
    return {name.lower(): code for code, name in names.items() if "_" not in code}


def _windows_languages() -> list[str]:
    """Windows' display language (what the person chose in Settings, e.g. "es_MX"),
    then the regional format (`getlocale()`: "Spanish_Mexico" in Python 3.11).

    Elsewhere Python's locale is no help: on Linux with Python 3.11, `getlocale()`
    reports C.UTF-8 as "en_US", so the POSIX variables are read instead.
    """
    if sys.platform != "win32":
        return []
    found: list[str] = []
    try:
        import ctypes

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        found.append(_pylocale.windows_locale.get(int(lcid), ""))
    except (AttributeError, OSError):
        pass
    with suppress(ValueError):
        found.append(_pylocale.getlocale()[0] or "")
    return found


def system_language(ui_languages: Sequence[str] = ()) -> str:
    """The language the person's system asks for; Spanish when it asks for one we
    do not have, or says nothing (the C locale).

    In order: the POSIX variables (LANGUAGE may list several), the GUI toolkit's
    languages (`QLocale.system().uiLanguages()`, passed in by the GUI), then
    Windows' own settings.
    """
    candidates: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        candidates += os.environ.get(var, "").split(":")
    candidates += list(ui_languages)
    candidates += _windows_languages()
    available = available_languages()
    codes = (_language_of(tag) for tag in candidates)
    return next((c for c in codes if c in available), DEFAULT_LANGUAGE)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _load(language: str) -> gettext.NullTranslations:
    """A language's catalog, read from disk once and again only when its files change."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    key = (str(folder), language, _mtime(po), _mtime(mo))
    if key not in _catalogs:
        _catalogs[key] = _read_catalog(language, po, mo)
    return _catalogs[key]


def _read_catalog(language: str, po: Path, mo: Path) -> gettext.NullTranslations:
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    if po.is_file():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language, domain=DOMAIN)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return Translations(buf, domain=DOMAIN)
    return NullTranslations()


def set_language(language: str) -> str:
    """Switch the process-wide language; returns the language actually in use."""
    global _translations, _language
    lang = (language or DEFAULT_LANGUAGE).replace("-", "_").split("_")[0].lower()
    if lang not in available_languages():
        lang = DEFAULT_LANGUAGE
    _translations = _load(lang)
    _language = lang
    return lang


@contextmanager
def override(language: str) -> Iterator[str]:
    """Use `language` in this thread only, for the length of the block."""
    lang = (language or DEFAULT_LANGUAGE).split("_")[0].lower()
    if lang not in available_languages():
        lang = DEFAULT_LANGUAGE
    previous = getattr(_local, "active", None)
    _local.active = (_load(lang), lang)
    try:
        yield lang
    finally:
        _local.active = previous


def _active() -> tuple[gettext.NullTranslations, str]:
    active: tuple[gettext.NullTranslations, str] | None = getattr(_local, "active", None)
    return active if active is not None else (_translations, _language)


def current_language() -> str:
    return _active()[1]


def _(message: str) -> str:
    return _active()[0].gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated on display)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a string with a context for extraction (translated later with pgettext)."""
    return message


def in_every_language(message: str, **params: object) -> dict[str, str]:
    """`{language: text}` of a catalog message in every language there is a catalog
    for, its string placeholders translated in the same language: the form stored for
    texts shown later in the language of the screen or bundle (a deadline's title)."""
    texts: dict[str, str] = {}
    for language in available_languages():
        with override(language):
            values = {k: _(v) if isinstance(v, str) else v for k, v in params.items()}
            texts[language] = _(message).format(**values)
    return texts


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active()[0].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active()[0].pgettext(context, message)


# -- formatting with the current locale (never strftime) -----------------------------


def locale_code() -> str:
    """Regional formats: Mexican Spanish (the attorney), US English (US counsel)."""
    language = current_language()
    return {"es": "es_MX", "en": "en_US"}.get(language, language)


def format_date(day: date | datetime, fmt: str = "long") -> str:
    """ "22 de noviembre de 2026" / "November 22, 2026" (fmt: short, medium, long, full)."""
    return _dates.format_date(day, format=fmt, locale=locale_code())


def format_datetime(moment: datetime, fmt: str = "medium") -> str:
    return _dates.format_datetime(moment, format=fmt, locale=locale_code())


def format_number(value: int | float | Decimal) -> str:
    return _numbers.format_decimal(value, locale=locale_code())


def format_currency(amount: int | float | Decimal, currency: str) -> str:
    """MXN and USD amounts: "$1,500.00" / "1500,00 US$" as the locale writes them."""
    return _numbers.format_currency(amount, currency, locale=locale_code())


def format_list(items: Sequence[str]) -> str:
    """ "a, b y c" / "a, b, and c"."""
    return _lists.format_list(list(items), locale=locale_code())
