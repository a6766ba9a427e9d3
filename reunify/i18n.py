"""Translation entry points; not installed into builtins so every use is explicit.

Messages are extracted by Babel from `_()`, `N_()`, `ngettext()` and `pgettext()`
calls; placeholders are named and filled with `.format()` after translation.
"""

from __future__ import annotations

import gettext
import locale as _pylocale
import os
from pathlib import Path

from babel.support import NullTranslations, Translations

DOMAIN = "reunify"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
SUPPORTED = ("es", "en")
DEFAULT_LANGUAGE = "es"

_translations: gettext.NullTranslations = NullTranslations()
_language = DEFAULT_LANGUAGE


def system_language() -> str:
    """The language the OS asks for, falling back to Spanish (the attorney's language)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0].split(".")[0].split("_")[0].lower()
    try:
        loc = _pylocale.getlocale()[0]
    except ValueError:
        loc = None
    return loc.split("_")[0].lower() if loc else DEFAULT_LANGUAGE


def set_language(language: str) -> str:
    """Switch the process-wide language; returns the language actually in use."""
    global _translations, _language
    lang = (language or DEFAULT_LANGUAGE).split("_")[0].lower()
    loaded = Translations.load(str(LOCALE_DIR), [lang], domain=DOMAIN)
    _translations = loaded
    _language = lang
    return lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated on display)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)
