"""The glossary's machine-checkable rules (docs/glossary.md) over the Spanish catalog:
one inclusive form, no Spain-only words, no "&" for "y", one word per concept."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).parents[1] / "reunify/locales/es/LC_MESSAGES/reunify.po"


def _spanish() -> dict[tuple[str | None, str], str]:
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    return {
        (m.context, m.id): m.string
        for m in catalog
        if isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def test_one_inclusive_form() -> None:
    """ "abogada o abogado", never "abogado(a)", "abogada(o)" or "viajero/a"."""
    bad = {k: s for k, s in _spanish().items() if re.search(r"\w\((a|o|as|os)\)|\w/(a|o)\b", s)}
    assert not bad, bad


def test_mexican_words_and_y_not_ampersand() -> None:
    spain = re.compile(r"\b(fichero|ficheros|ordenador|móvil)\b", re.IGNORECASE)
    found = {k: s for k, s in _spanish().items() if spain.search(s)}
    assert not found, found
    amp = {k: s for k, s in _spanish().items() if re.search(r"\s&&?\s", s)}
    assert not amp, amp
    assert not [s for s in _spanish().values() if "violencia doméstica" in s]


def test_one_word_per_concept() -> None:
    es = _spanish()
    # the case list's column and the case form's field name the same thing
    assert es[(None, "Safety")] == "Nivel de riesgo" == es[(None, "Safety level")]
    # the two deadline columns have two names
    assert es[(None, "Period")] != es[(None, "Deadline")]
    assert es[("PartyRole", "US counsel")] == es[(None, "US counsel")]
