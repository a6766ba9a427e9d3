"""Share passphrases: generated from word lists, rated with zxcvbn, checked before export.

The bundle travels by e-mail or a file share, so anyone who intercepts it can
guess passphrases offline for as long as they like; the passphrase itself is
read to the recipient over the phone. So a generated passphrase is a few random
words (diceware) from a list in the language it is read in, separated by single
spaces: nothing to dictate between the words ("guion", "dash", "underscore"
are misheard, and the key moves between US and Latin-American keyboards), and
the lists have no accents or ñ, so the recipient types exactly what they hear on
any keyboard and every PDF reader derives the same key.

Typed passphrases are rated with zxcvbn, told the case's own words (reference,
names, recipient), so "RU-2026-0042" or a client's name is refused. This module
never sees the vault passphrase: the caller passes `is_vault_passphrase`, e.g.
`Vault.verify_passphrase`, which compares in constant time.
"""

from __future__ import annotations

import functools
import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from reunify import strength
from reunify.errors import SharePassphraseReused, WeakSharePassphrase
from reunify.i18n import N_, NP_, _, pgettext
from reunify.models import Case
from reunify.vault.kdf import MIN_PASSPHRASE_LENGTH

SEPARATOR = " "
DEFAULT_WORDS = 6
WORD_LISTS = {"en": "en_eff_large.txt", "es": "es_dargallo.txt"}
# zxcvbn's top score: at least 10^10 guesses. Score 3 ("safely unguessable" only
# against online attacks, < 10^10 guesses) is not enough for a file that can be
# attacked offline. Generated phrases are far above it (six words ≈ 77 bits).
MIN_SCORE = 4
# Why a passphrase is (not) acceptable; each msgid is also the refusal message.
# Poppler (Evince, Okular, pdftotext, pdfdetach; 22.12 tried) refuses AES-256 passwords
# longer than 32 bytes that qpdf, pdfium and Acrobat accept: a bundle counsel cannot
# open in their reader is no use, so share passphrases stay within 32 bytes.
MAX_BYTES = 32
TOO_LONG = N_(
    "The share passphrase may have at most {maximum} characters: some PDF readers cannot "
    "open a bundle with a longer one. Generate one instead."
)
TOO_SHORT = N_("The share passphrase must have at least {minimum} characters.")
PERSONAL = N_(
    "The share passphrase contains the case reference or a name from the case: anyone who "
    "knows the case could guess it. Generate one instead."
)
COMMON = N_("The share passphrase is one of the most common passwords. Generate one instead.")
GUESSABLE = N_(
    "The share passphrase is too easy to guess. Generate one instead: six random words are "
    "hard to guess and easy to read aloud."
)
ALMOST = N_(
    "The share passphrase is not strong enough yet: add two or three uncommon words, "
    "or generate one."
)
STRONG = N_("Hard to guess. Send it by another channel than the bundle.")
EMPTY = N_("Type a share passphrase of several words, or generate one.")
LABELS = (
    NP_("strength", "Very weak"),
    NP_("strength", "Weak"),
    NP_("strength", "Fair"),
    NP_("strength", "Good"),
    NP_("strength", "Strong"),
)


@dataclass(frozen=True)
class Rating:
    """zxcvbn's score (0–4) and why; text is translated when read, in the current language."""

    score: int
    acceptable: bool
    reason: str  # a msgid above
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return pgettext("strength", LABELS[self.score])

    @property
    def hint(self) -> str:
        return _(self.reason).format(**self.params)


def words_language(language: str) -> str:
    """The word list a bundle in `language` draws its passphrase from: its own, or
    English when that language has none (a third UI language, say)."""
    return language if language in WORD_LISTS else "en"


@functools.cache
def word_list(language: str) -> tuple[str, ...]:
    """The words `generate` draws from: the vendored list less excluded and hyphenated words."""
    if language not in WORD_LISTS:
        raise ValueError(f"no word list for {language!r}; have {sorted(WORD_LISTS)}")
    folder = resources.files("reunify.bundle") / "wordlists"
    excluded = {
        line.strip()
        for line in (folder / "excluded.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    words = []
    for line in (folder / WORD_LISTS[language]).read_text("utf-8").splitlines():
        word = line.split("\t")[-1].strip()  # the EFF list has dice numbers before a tab
        if word and word.isascii() and word.isalpha() and word not in excluded:
            words.append(word)
    return tuple(dict.fromkeys(words))


@functools.cache
def _by_length(language: str) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for word in word_list(language):
        found.setdefault(len(word), []).append(word)
    return {length: tuple(words) for length, words in found.items()}


@functools.cache
def _sequences(language: str, words: int, budget: int) -> int:
    """How many sequences of `words` words have at most `budget` letters in all."""
    if words == 0:
        return 1
    return sum(
        len(group) * _sequences(language, words - 1, budget - length)
        for length, group in _by_length(language).items()
        if length <= budget
    )


def entropy_bits(language: str, words: int = DEFAULT_WORDS) -> float:
    """Bits of a generated passphrase: log2 of how many phrases `generate` can return,
    each equally likely (word sequences whose text fits in MAX_BYTES)."""
    total = _sequences(language, words, MAX_BYTES - len(SEPARATOR) * (words - 1))
    return math.log2(total) if total else 0.0


def generate(language: str, words: int = DEFAULT_WORDS) -> str:
    """A diceware passphrase in `language` ("en" or "es"), drawn with `secrets`.

    Uniform over the word sequences that fit in MAX_BYTES, so poppler-based readers
    open the bundle too (six words keep ~64 bits): each word's length is drawn in
    proportion to how many ways the rest of the phrase can still be completed.
    """
    if words < 1:
        raise ValueError("words must be at least 1")
    groups = _by_length(language)
    budget = MAX_BYTES - len(SEPARATOR) * (words - 1)
    if _sequences(language, words, budget) == 0:
        raise ValueError(f"{words} words do not fit in {MAX_BYTES} bytes")
    drawn: list[str] = []
    for left in range(words, 0, -1):
        weights = [
            (length, len(group) * _sequences(language, left - 1, budget - length))
            for length, group in sorted(groups.items())
            if length <= budget
        ]
        pick = secrets.randbelow(sum(w for _length, w in weights))
        chosen = weights[-1][0]
        for length, weight in weights:
            if pick < weight:
                chosen = length
                break
            pick -= weight
        drawn.append(secrets.choice(groups[chosen]))
        budget -= chosen
    return SEPARATOR.join(drawn)


def rate(passphrase: str, user_inputs: Iterable[str] = ()) -> Rating:
    """Score a passphrase someone typed; `user_inputs` are the case's own words
    (reference, names of the people, recipient), which an attacker who knows the
    case would try first."""
    if not passphrase:
        return Rating(0, False, EMPTY)
    found = strength.estimate(passphrase, user_inputs)
    score = found.score
    long_enough = len(passphrase) >= MIN_PASSPHRASE_LENGTH
    if long_enough and score >= MIN_SCORE:
        return Rating(score, True, STRONG)
    if found.personal:
        reason = PERSONAL
    elif found.common:
        reason = COMMON
    elif not long_enough:
        return Rating(score, False, TOO_SHORT, {"minimum": MIN_PASSPHRASE_LENGTH})
    else:
        reason = ALMOST if score == MIN_SCORE - 1 else GUESSABLE
    return Rating(score, False, reason)


def check_share_passphrase(
    passphrase: str,
    *,
    user_inputs: Iterable[str],
    is_vault_passphrase: Callable[[str], bool] | None,
) -> None:
    """Refuse a share passphrase that is short, guessable or the vault's own passphrase."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakSharePassphrase(TOO_SHORT, minimum=MIN_PASSPHRASE_LENGTH)
    if len(passphrase.encode("utf-8")) > MAX_BYTES:
        raise WeakSharePassphrase(TOO_LONG, maximum=MAX_BYTES)
    if is_vault_passphrase is not None and is_vault_passphrase(passphrase):
        raise SharePassphraseReused()
    rating = rate(passphrase, user_inputs)
    if not rating.acceptable:
        raise WeakSharePassphrase(rating.reason, **rating.params)


def case_user_inputs(case: Case, recipient: str = "") -> list[str]:
    """The words of a case an attacker who knows it would try: its reference and title,
    the recipient, and every person's names and year of birth."""
    found = [case.reference, case.title, recipient]
    for party in case.parties:
        person = party.person
        found += [
            person.given_names or "",
            person.paternal_surname or "",
            person.maternal_surname or "",
        ]
        if person.birth_date is not None:
            found.append(str(person.birth_date.year))
    return [f for f in found if f]
