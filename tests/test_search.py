"""Accent-insensitive full-text search, kept current by every operation."""

from __future__ import annotations

import pytest

from reunify import operations as ops
from reunify.models import DocumentKind, PartyRole
from reunify.search import fts_query, search, search_cases
from reunify.vault import Vault

pytestmark = pytest.mark.vault


def test_accent_insensitive_and_follows_edits(vault: Vault) -> None:
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Núñez Peña")
        mother = ops.create_person(s, given_names="Mónica", paternal_surname="Núñez")
        ops.link_person(s, case, mother, PartyRole.CLIENT)
        ops.add_note(s, case, "Llamó desde Querétaro el martes.")
        other = ops.create_case(s, title="Familia Ortiz")
    with vault.session() as s:
        assert search_cases(s, "monica") == [case.id]
        assert search_cases(s, "NUNEZ") == [case.id]
        assert search_cases(s, "queretaro") == [case.id]
        assert search_cases(s, "orti") == [other.id]  # prefix match while typing
        assert search_cases(s, "zzz") == []
        assert search_cases(s, '"; DROP TABLE note; --') == []  # never FTS syntax
        hits = search(s, "monica")
        assert hits[0].entity == "person" and "[Mónica]" in hits[0].snippet
        person = ops.update_person(s, s.merge(mother), given_names="Marisol")
    with vault.session() as s:
        assert search_cases(s, "monica") == []
        assert search_cases(s, "marisol") == [case.id]
    assert fts_query("  ") == ""
    assert person.given_names == "Marisol"


def test_demo_vault_is_searchable(demo_vault: Vault) -> None:
    with demo_vault.session() as s:
        found = search_cases(s, "xochitiotzi")
        case = ops.find_case(s, "RU-2026-0001")
        assert case is not None and case.id in found
        assert search_cases(s, "villasenor")  # Villaseñor


def test_apostille_and_passport_numbers_find_their_case(vault: Vault) -> None:
    """The number on an apostille or a passport is what the attorney has in hand."""
    with vault.session() as s:
        case = ops.create_case(s, title="Familia Tlapale")
        ops.create_case(s, title="Familia Ortiz")
        doc = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        ops.record_apostille(s, doc, authority="Gobierno de Tlaxcala", number="TLX-2026/04417")
        child = ops.create_person(s, given_names="Iker", paternal_surname="Tlapale")
        ops.link_person(s, case, child, PartyRole.CHILD)
        ops.add_passport(s, child, country="MX", number="G48213977")
    with vault.session() as s:
        assert search_cases(s, "2026/04417") == [case.id]
        assert search_cases(s, "g4821") == [case.id]
        assert search_cases(s, "04418") == []
