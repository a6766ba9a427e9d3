"""How hard a typed passphrase is to guess: zxcvbn, told Spanish words and the case's own.

One estimator for both passphrases the app asks for: the vault's (an attacker
with the laptop guesses offline, slowed by scrypt) and a bundle's share
passphrase (an attacker with the PDF guesses offline). A length-and-alphabet
count rated "aaaaaaaaaaaaaaaa" and "Password123!" strong; zxcvbn sees
repeats, keyboard runs, years and dictionary words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zxcvbn import zxcvbn

from reunify.text import strip_accents

# zxcvbn refuses longer input (its matching is quadratic); the first 72
# characters of a passphrase are rated, which can only under-rate it.
RATED_LENGTH = 72
# zxcvbn's dictionaries are English; these are the Spanish words people put in
# passwords most, so "contraseña123" is rated as common as "password123".
COMMON_SPANISH = (
    "contraseña", "contrasena", "clave", "secreto", "secreta", "password", "hola",
    "amor", "teamo", "tequiero", "miamor", "mexico", "méxico", "familia", "princesa",
    "bonita", "hermosa", "corazon", "corazón", "futbol", "america", "chivas", "dios",
    "diosesamor", "jesus", "guadalupe", "mama", "mamá", "papa", "papá", "hijo", "hija",
    "abogada", "abogado", "compartir", "qwerty", "asdfgh", "bienvenido", "bienvenida",
    "abogacia", "despacho", "reunify", "boveda", "bóveda", "familias", "niños", "ninos",
)  # fmt: skip


@dataclass(frozen=True)
class Estimate:
    """zxcvbn's score (0 = too guessable … 4 = very unguessable) and the words it matched."""

    score: int
    personal: bool  # a word of the case (reference, a name) is in it
    common: bool  # a common password or a common Spanish password word is in it


def case_words(user_inputs: Iterable[str]) -> set[str]:
    """Each input whole and in parts ("RU-2026-0042", "ru", "2026", "0042"), with and
    without accents: zxcvbn matches user inputs only as whole dictionary words."""
    found: set[str] = set()
    for text in user_inputs:
        text = text.strip().lower()
        if not text:
            continue
        for variant in {text, strip_accents(text)}:
            found.add(variant)
            found.add(re.sub(r"[\W_]+", "", variant))
            found.update(p for p in re.split(r"[\W_]+", variant) if len(p) >= 3)
    found.discard("")
    return found


def estimate(passphrase: str, user_inputs: Iterable[str] = ()) -> Estimate:
    """The lower of the passphrase's rating as typed and with its separators removed:
    zxcvbn counts each space as a guessed character, so "Eufemia Santiago 1990"
    would pass on its spaces alone."""
    if not passphrase:
        return Estimate(0, False, False)
    personal = case_words(user_inputs)
    known = [*personal, *COMMON_SPANISH]
    compact = re.sub(r"[\W_]+", "", passphrase)
    result = min(
        (zxcvbn(text[:RATED_LENGTH], user_inputs=known) for text in {passphrase, compact} if text),
        key=lambda r: float(r["guesses"]),
    )
    matched = {
        str(m.get("matched_word", "")): str(m.get("dictionary_name", ""))
        for m in result["sequence"]
        if m.get("pattern") == "dictionary"
    }
    return Estimate(
        score=int(result["score"]),
        personal=any(name == "user_inputs" and word in personal for word, name in matched.items()),
        common=any(name == "passwords" or word in COMMON_SPANISH for word, name in matched.items()),
    )
