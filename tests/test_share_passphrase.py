"""Share passphrases: generated from the vendored word lists, rated by zxcvbn, refused when weak."""

from __future__ import annotations

import pytest

from reunify import i18n
from reunify.bundle import share_passphrase as sp
from reunify.errors import SharePassphraseReused, WeakPassphrase, WeakSharePassphrase

VAULT_PASSPHRASE = "sierra de lobos 2026"
CASE_WORDS = [
    "RU-2026-0042",
    "Familia Quintero Rangel",
    "Ofelia",
    "Quintero",
    "Rangel",
    "Demo Immigration Counsel, NY",
]


def _is_vault(candidate: str) -> bool:
    return candidate == VAULT_PASSPHRASE


@pytest.mark.parametrize("language", ["en", "es"])
def test_generated_words_come_from_the_list_of_that_language(language: str) -> None:
    words = sp.word_list(language)
    other = set(sp.word_list("es" if language == "en" else "en"))
    assert len(words) > 7500 and len(set(words)) == len(words)
    phrase = sp.generate(language)
    parts = phrase.split(sp.SEPARATOR)
    assert len(parts) == sp.DEFAULT_WORDS and all(p in words for p in parts)
    assert len(sp.generate(language, words=5).split(" ")) == 5
    with pytest.raises(ValueError):
        sp.generate(language, words=9)  # nine words cannot fit in 32 bytes
    # plain lower-case letters: typed exactly as heard, on any keyboard
    assert all(p.isascii() and p.isalpha() and p.islower() for p in parts)
    assert sum(p in other for p in parts) < len(parts)  # not the other language's list


def test_excluded_words_are_never_drawn() -> None:
    for language in ("en", "es"):
        words = set(sp.word_list(language))
        assert not {"matarla", "mierda", "drogas", "muertos"} & words
        assert not {"prison", "deport", "handgun", "drop-down", "t-shirt"} & words


@pytest.mark.parametrize("language", ["en", "es"])
def test_generated_passphrases_are_unique_and_strong(language: str) -> None:
    phrases = [sp.generate(language) for _ in range(200)]
    assert len(set(phrases)) == len(phrases)
    assert all(len(p.encode()) <= sp.MAX_BYTES for p in phrases)
    assert sp.entropy_bits(language) > 63
    # the count behind the bits, checked by brute force on a small case (two words)
    words = sp.word_list(language)
    budget = sp.MAX_BYTES - 1 - 20  # two words sharing 11 letters at most
    short = [len(w) for w in words]
    brute = sum(1 for a in short for b in short if a + b <= budget)
    assert sp._sequences(language, 2, budget) == brute
    # every word position is drawn over the whole list, not a small part of it
    # (a count of distinct first words, "> 180 of 200", failed in 10-20 % of runs:
    # ~185 is its median over the whole list.) Every tenth of the list is hit instead;
    # a draw over the whole list misses one with probability ~1e-8.
    position = {w: i for i, w in enumerate(words)}
    tenths = {10 * position[p.split(" ")[0]] // len(words) for p in phrases}
    assert tenths == set(range(10))
    for phrase in phrases[:40]:
        rating = sp.rate(phrase, CASE_WORDS)
        assert rating.score == 4 and rating.acceptable, phrase
        sp.check_share_passphrase(phrase, user_inputs=CASE_WORDS, is_vault_passphrase=_is_vault)


def test_a_passphrase_longer_than_poppler_reads_is_refused() -> None:
    with pytest.raises(WeakPassphrase, match="at most 32"):
        sp.check_share_passphrase(
            "maple river lantern quiet orbit saddle",
            user_inputs=CASE_WORDS,
            is_vault_passphrase=_is_vault,
        )


def test_no_word_list_for_other_languages() -> None:
    with pytest.raises(ValueError):
        sp.generate("zh")
    with pytest.raises(ValueError):
        sp.generate("en", words=0)


REFUSED = [
    ("password", sp.COMMON, "Generate one instead", "Genere una"),
    ("contraseña123", sp.COMMON, "most common passwords", "más comunes"),
    ("RU-2026-0042", sp.PERSONAL, "case reference", "referencia del caso"),
    ("ofelia quintero 2026", sp.PERSONAL, "a name from the case", "un nombre del caso"),
    ("corto", sp.TOO_SHORT, "at least 8 characters", "al menos 8 caracteres"),
]


@pytest.mark.parametrize(("passphrase", "reason", "english", "spanish"), REFUSED)
def test_weak_share_passphrases_are_refused_with_the_reason(
    passphrase: str, reason: str, english: str, spanish: str
) -> None:
    rating = sp.rate(passphrase, CASE_WORDS)
    assert not rating.acceptable and rating.reason == reason
    with pytest.raises(WeakSharePassphrase) as caught:
        sp.check_share_passphrase(passphrase, user_inputs=CASE_WORDS, is_vault_passphrase=_is_vault)
    assert isinstance(caught.value, WeakPassphrase)  # older callers still catch it
    assert english in caught.value.user_message()
    i18n.set_language("es")
    assert spanish in caught.value.user_message()
    assert spanish in rating.hint  # the same reason shows under the field as one types


def test_the_vault_passphrase_is_refused_even_though_it_is_strong() -> None:
    assert sp.rate(VAULT_PASSPHRASE, CASE_WORDS).acceptable
    asked: list[str] = []

    def is_vault(candidate: str) -> bool:
        asked.append(candidate)
        return candidate == VAULT_PASSPHRASE

    with pytest.raises(SharePassphraseReused) as caught:
        sp.check_share_passphrase(
            VAULT_PASSPHRASE, user_inputs=CASE_WORDS, is_vault_passphrase=is_vault
        )
    assert asked == [VAULT_PASSPHRASE]
    assert "vault's passphrase" in caught.value.user_message()
    i18n.set_language("es")
    assert "frase de acceso de la bóveda" in caught.value.user_message()


def test_the_vault_check_is_the_real_constant_time_one(vault) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSPHRASE

    with pytest.raises(SharePassphraseReused):
        sp.check_share_passphrase(
            PASSPHRASE, user_inputs=[], is_vault_passphrase=vault.verify_passphrase
        )
    sp.check_share_passphrase(
        sp.generate("es"), user_inputs=[], is_vault_passphrase=vault.verify_passphrase
    )


def test_rating_is_translated_when_read() -> None:
    rating = sp.rate("", [])
    assert not rating.acceptable and rating.label == "Very weak"
    strong = sp.rate(sp.generate("en"), [])
    assert strong.label == "Strong" and "another channel" in strong.hint
    i18n.set_language("es")
    assert rating.label == "Muy débil" and strong.label == "Fuerte"
    assert "canal distinto" in strong.hint


def test_spaces_alone_do_not_make_case_words_strong() -> None:
    # zxcvbn alone scores this 4: each space counts as a guessed character
    rating = sp.rate("Ofelia Quintero Rangel", CASE_WORDS)
    assert not rating.acceptable and rating.reason == sp.PERSONAL
