"""Text as the vault stores and compares it: one Unicode form, accents folded on demand.

Qt-free and below every layer (operations, workflows, bundle and search all use it),
so "José" typed with a precomposed é or with e + U+0301 is one value everywhere.
"""

from __future__ import annotations

import re
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


# -- what a typed value may hold --------------------------------------------------------
# Terminal escape sequences as a whole, so "\x1b[31m" leaves no "[31m" behind: CSI,
# OSC/DCS/SOS/PM/APC strings with their terminator, two-character escapes, and the
# 8-bit CSI. An unterminated string loses only its ESC (the rest is plain text then).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")  # a Linux file name that is not UTF-8
# Line and paragraph breaks other than LF that a paste can bring (Word, PDFs, old Macs).
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# In a one-line value, any run of breaks and tabs is the space between two words.
_LINE_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
# Embeddings, overrides and isolates: they reorder what is shown ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible letters that are not format characters: a "blank" name made of them looks
# empty, and one inside a name makes two names that look the same.
_INVISIBLE_LETTERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0"
)
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ


def _controls_out(text: str, keep: str) -> str:
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc")


def one_line(text: str) -> str:
    """A name, title, identifier or label as stored: NFC, escape sequences and control
    characters gone, line breaks and tabs turned into one space, no surrounding spaces.

    A name pasted from a PDF arrives as "Juan\\nPérez": the break was the space between
    the words. NUL, ESC and the rest of C0/C1 have no meaning in a value a person typed;
    they only break the terminal, the PDF and comparisons, so they go silently.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = _ESCAPES.sub("", unicodedata.normalize("NFC", text))
    return _controls_out(_LINE_SPACE.sub(" ", text), "").strip()


def multi_line(text: str) -> str:
    """A note, description or reason as stored: NFC, line breaks as LF, tabs kept,
    escape sequences and other control characters gone, and bidi embeddings,
    overrides and isolates (and stray byte-order marks) removed.

    Long text is pasted from e-mail and WhatsApp, which wrap phone numbers and names
    in such invisible marks by the dozen; refusing a page of notes over a character
    nobody can see or find would only lose the note. Removed, the text still reads in
    the order the Unicode bidi rules give its letters, and no override can turn a
    passage around. Directional marks (LRM/RLM) and joiners stay: they are part of
    writing Arabic, Hebrew or Persian and reorder nothing beyond themselves.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = _ESCAPES.sub("", unicodedata.normalize("NFC", text))
    text = _controls_out(_BREAKS.sub("\n", text), "\n\t")
    return "".join(c for c in text if c not in BIDI_CONTROLS and c != "\ufeff").strip()


def _non_latin_letter(c: str) -> bool:
    return unicodedata.category(c)[0] in "LM" and not unicodedata.name(c, "").startswith("LATIN")


def disguising(text: str) -> list[int]:
    """Where a one-line value holds invisible characters that can disguise it: bidi
    controls, zero-width spaces and marks, word joiners, byte-order marks, every other
    format character (Cf), and letters that draw nothing (Hangul fillers).

    Arabic, Hebrew or Chinese letters are fine: a person may be called that. The zero-
    width (non-)joiner is allowed between two letters of a non-Latin script, where it
    is spelling (Persian, Indic scripts); between Latin letters it only hides that
    "Ana" and "A" + ZWJ + "na" are two different values.
    """
    found = []
    for i, c in enumerate(text):
        if (
            c in _JOINERS
            and 0 < i < len(text) - 1
            and _non_latin_letter(text[i - 1])
            and _non_latin_letter(text[i + 1])
        ):
            continue
        if unicodedata.category(c) == "Cf" or c in _INVISIBLE_LETTERS:
            found.append(i)
    return found


def clean_line(text: str) -> str:
    """What a typed one-line value is stored as (`one_line`)."""
    return one_line(text)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Text from the vault made harmless for a terminal: control characters (ESC, NUL…),
    bidi controls and unpaired surrogates written as visible \\xNN / \\uNNNN escapes.

    Values stored before input was cleaned can hold them, and printing one would run
    the escape (colours, a new window title, a hidden line) or reorder the line. The
    escapes are ASCII, so they print on any console encoding.
    """
    out = []
    for c in text:
        code = ord(c)
        if keep_newlines and c in "\n\t":
            out.append(c)
        elif unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS or c in "\u2028\u2029":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(c)
    return "".join(out)


def strip_accents(text: str) -> str:
    """ "Mónica" → "Monica": every combining mark dropped after decomposition."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "MONICA" and "Mónica" compare equal."""
    return strip_accents(text.casefold())
