"""Text as the vault stores and compares it: one Unicode form, accents folded on demand.

Qt-free and below every layer (operations, workflows, bundle and search all use it),
so "José" typed with a precomposed é or with e + U+0301 is one value everywhere.
"""

from __future__ import annotations

import unicodedata
from typing import Any


def nfc(value: Any) -> Any:
    """Compose text to NFC (and each str of a list or tuple), leaving anything else as is.

    The same name typed as "José" or "Jose" + U+0301 must be one value: equal in
    comparisons and duplicate checks, one token for search, and one glyph in the PDF
    (a bare combining accent is drawn on top of the letter, not with it). Str-valued
    enums are not plain str and stay enums.
    """
    if type(value) is str:
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return type(value)(nfc(v) for v in value)
    return value


def clean_line(text: str) -> str:
    """What a typed one-line value is stored as: NFC, without surrounding spaces."""
    return unicodedata.normalize("NFC", text).strip()


def strip_accents(text: str) -> str:
    """ "Mónica" → "Monica": every combining mark dropped after decomposition."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "MONICA" and "Mónica" compare equal."""
    return strip_accents(text.casefold())
